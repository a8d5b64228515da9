import { Controller, Get, Inject, Optional, UseGuards } from '@nestjs/common';
import { MIRROR_SETTINGS, MirrorSettings, UpstreamStateRepository } from '@registry/application';
import { ProblemException } from '@registry/http-kit';
import { EXTENSION_PREFIXES, ExtensionNamespaceGuard } from './extension-path';

/**
 * `GET /v0.1/x/<ns>/upstream`: a mirror's state, from its own stream in the log (so every replica
 * answers the same): the upstream, how it is followed, where the mirror is, its last sync and error.
 */
@Controller(EXTENSION_PREFIXES)
@UseGuards(ExtensionNamespaceGuard)
export class UpstreamController {
  constructor(
    private readonly state: UpstreamStateRepository,
    @Optional() @Inject(MIRROR_SETTINGS) private readonly settings: MirrorSettings | undefined,
  ) {}

  @Get('upstream')
  async upstream(): Promise<Record<string, unknown>> {
    if (this.settings === undefined) {
      throw new ProblemException({
        status: 404,
        detail: 'This registry mirrors no upstream (MCP_REGISTRY_UPSTREAM_URL is not set)',
      });
    }
    const state = await this.state.current();
    // A position stored for another upstream (the URL was changed) is not where this mirror is.
    const ours = state.url === this.settings.url;
    return {
      url: this.settings.url,
      requestedMode: this.settings.requestedMode,
      ...(ours && state.position !== undefined
        ? { mode: state.position.mode, position: state.position }
        : {}),
      ...(ours && state.lastSyncAt !== undefined ? { lastSyncAt: state.lastSyncAt } : {}),
      applied: ours ? state.applied : 0,
      ...(ours && state.lastError !== undefined ? { lastError: state.lastError } : {}),
      include: this.settings.names.include,
      exclude: this.settings.names.exclude,
    };
  }
}
