import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL, ReadModel } from '../ports';
import { ProjectionTracker } from './projection-tracker';

/** Tells when the read model reflects a write: its entry at `streamVersion`, or the log at `position`. */
export interface ProjectionWatermark {
  reached(streamId: string, streamVersion: number, position: number, timeoutMs: number): Promise<boolean>;
}

export const PROJECTION_WATERMARK = Symbol('ProjectionWatermark');

/** The projector runs in this process: it reports every checkpoint, so waiting costs nothing. */
@Injectable()
export class LocalProjectionWatermark implements ProjectionWatermark {
  constructor(private readonly tracker: ProjectionTracker) {}

  reached(_streamId: string, _streamVersion: number, position: number, timeoutMs: number): Promise<boolean> {
    return this.tracker.waitFor(position, timeoutMs);
  }
}

const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 100;

/**
 * The projector runs elsewhere (the distributed fleet): ask the shared read model for the entry's
 * stream version, backing off from 5 ms to 100 ms, until it is there or the bound passes. Any API
 * replica answers this the same way, which is what makes read-your-writes hold across replicas.
 */
@Injectable()
export class PollingProjectionWatermark implements ProjectionWatermark {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModel) {}

  async reached(
    streamId: string,
    streamVersion: number,
    _position: number,
    timeoutMs: number,
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (let wait = FIRST_POLL_MS; ; wait = Math.min(wait * 2, MAX_POLL_MS)) {
      if ((await this.readModel.streamVersion(streamId)) >= streamVersion) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, left)));
    }
  }
}
