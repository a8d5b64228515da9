import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach } from 'node:test';
import { CliRun, FakeRoute, fakeService, FakeService, runCli, temporaryDirectory } from './cli-harness';

export const OFFICIAL = 'io.modelcontextprotocol.registry/official';
export const SERVER = {
  $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
  name: 'io.github.example/weather',
  description: 'Weather forecasts',
  version: '1.2.0',
};
/** 2100-01-01, as a token expiry in Unix seconds. */
export const FUTURE = 4_102_444_800;

type TemporaryDirectory = Awaited<ReturnType<typeof temporaryDirectory>>;

/**
 * A registry played on loopback, a fresh HOME (token store) and a fresh working directory holding
 * SERVER as server.json, for every test of the suite that calls `publisherFixture()`.
 */
export class PublisherFixture {
  registry!: FakeService;
  /** How the registry answers; reset to "404 for everything" before each test. */
  route: FakeRoute = () => undefined;
  home!: TemporaryDirectory;
  work!: TemporaryDirectory;

  get requests() {
    return this.registry.requests;
  }

  cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return runCli(args, {
      cwd: this.work.path,
      home: this.home.path,
      env: { MCP_REGISTRY_URL: this.registry.url, ...env },
    });
  }

  tokenFile(): string {
    return join(this.home.path, '.mcp-registry', 'token.json');
  }

  async storeToken(fields: Record<string, unknown>): Promise<void> {
    await mkdir(join(this.home.path, '.mcp-registry'), { recursive: true });
    await writeFile(this.tokenFile(), JSON.stringify(fields));
  }
}

export function publisherFixture(): PublisherFixture {
  const fixture = new PublisherFixture();
  before(async () => {
    fixture.registry = await fakeService((request) => fixture.route(request));
  });
  after(async () => {
    await fixture.registry.close();
  });
  beforeEach(async () => {
    fixture.registry.requests.length = 0;
    fixture.route = () => undefined;
    fixture.home = await temporaryDirectory('home');
    fixture.work = await temporaryDirectory('work');
    await writeFile(join(fixture.work.path, 'server.json'), JSON.stringify(SERVER, null, 2));
  });
  afterEach(async () => {
    await fixture.home.remove();
    await fixture.work.remove();
  });
  return fixture;
}
