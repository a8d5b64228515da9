import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EntryRepository } from './entry-repository';

/**
 * Warms the entry cache in the background once the app has started (a process that takes writes
 * runs it): requests are served meanwhile, and a write that comes first loads its entry as usual.
 */
@Injectable()
export class EntryCacheWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger('EntryCacheWarmUp');

  constructor(private readonly entries: EntryRepository) {}

  onApplicationBootstrap(): void {
    const started = Date.now();
    this.entries.warmUp().then(
      ({ entries, events }) =>
        this.logger.log(
          `entry cache warmed: ${entries} entries from ${events} events in ${Date.now() - started} ms`,
        ),
      (error: unknown) => this.logger.warn(`entry cache warm-up stopped: ${String(error)}`),
    );
  }
}
