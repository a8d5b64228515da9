import { Controller, Get, Inject } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { buildInfoOf } from './build-info';
import { HEALTH_MODULE_OPTIONS, ResolvedHealthOptions } from './health-indicator';

/** GET /v0/health body: `github_client_id` is left out when unset, as Go's omitempty does. */
export interface HealthBody {
  status: 'ok';
  github_client_id?: string;
}

export interface PingBody {
  pong: true;
}

export interface VersionBody {
  version: string;
  git_commit: string;
  build_time: string;
}

const PONG: PingBody = { pong: true };

/** The official health, ping and version endpoints, under /v0 and /v0.1 as the official router mounts them. */
@Controller()
export class RegistryHealthController {
  private readonly healthBody: HealthBody;
  private versionBody: VersionBody | undefined;

  constructor(
    @Inject(HEALTH_MODULE_OPTIONS) options: ResolvedHealthOptions,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.healthBody =
      options.githubClientId === ''
        ? { status: 'ok' }
        : { status: 'ok', github_client_id: options.githubClientId };
  }

  @Get(['v0/health', 'v0.1/health'])
  health(): HealthBody {
    return this.healthBody;
  }

  @Get(['v0/ping', 'v0.1/ping'])
  ping(): PingBody {
    return PONG;
  }

  @Get(['v0/version', 'v0.1/version'])
  version(): VersionBody {
    // Read on first use: configureHttpApp records the build after the module is built.
    if (this.versionBody === undefined) {
      const build = buildInfoOf(this.adapterHost.httpAdapter?.getInstance<object>());
      this.versionBody = { version: build.version, git_commit: build.gitCommit, build_time: build.buildTime };
    }
    return this.versionBody;
  }
}
