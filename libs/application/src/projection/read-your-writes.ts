import { Inject, Injectable } from '@nestjs/common';
import { renderVersionResponse } from '@registry/domain/changes';
import { ServerEntryState } from '@registry/domain/entry';
import type { UpstreamNameFilter } from '@registry/domain/upstream';
import { READ_MODEL, ReadModel } from '../ports';
import { WriteOutcome } from '../commands/registry-command-context';
import { PROJECTION_WATERMARK, ProjectionWatermark } from './projection-watermark';

export const REGISTRY_SETTINGS = Symbol('RegistrySettings');

/** Settings of the application layer, taken from the validated configuration. */
export interface RegistrySettings {
  metaNamespace: string;
  readYourWritesTimeoutMs: number;
  enableRegistryValidation: boolean;
  /** Set when this registry mirrors another: the names it takes from there accept no local writes. */
  mirror?: { url: string; names: UpstreamNameFilter };
}

/**
 * Answers a write only once reads show it: waits (bounded) for the read model to reach the write's
 * position, then returns the read model's own document, so the response equals what a GET returns.
 * If the bound is hit the response is rendered from the entry itself and says so.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(PROJECTION_WATERMARK) private readonly watermark: ProjectionWatermark,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
    @Inject(REGISTRY_SETTINGS) private readonly settings: RegistrySettings,
  ) {}

  private caughtUp(state: ServerEntryState, position: number): Promise<boolean> {
    return this.watermark.reached(
      state.entryId,
      state.streamVersion,
      position,
      this.settings.readYourWritesTimeoutMs,
    );
  }

  async version(state: ServerEntryState, version: string, position: number): Promise<WriteOutcome> {
    const caughtUp = await this.caughtUp(state, position);
    const body = caughtUp ? await this.readModel.getVersion(state.name, version, true) : undefined;
    return { body: body ?? this.render(state, version), readModelCaughtUp: caughtUp, lastPosition: position };
  }

  async versions(state: ServerEntryState, versions: string[], position: number): Promise<WriteOutcome> {
    const caughtUp = await this.caughtUp(state, position);
    const docs: string[] = [];
    for (const v of versions) {
      const doc = caughtUp ? await this.readModel.getVersion(state.name, v, true) : undefined;
      docs.push(doc ?? this.render(state, v));
    }
    return { body: `[${docs.join(',')}]`, readModelCaughtUp: caughtUp, lastPosition: position };
  }

  private render(state: ServerEntryState, version: string): string {
    return renderVersionResponse(state, version, this.settings.metaNamespace);
  }
}
