import 'reflect-metadata';
import { loadConfig } from '@registry/config';
import { createRegistryApp } from '../../apps/registry/src/registry-app';
import { announce, stopWhenParentLets } from './ready-signal';

/**
 * The registry under benchmark: the all-in-one app exactly as `npm start` builds it (its own logger
 * too), configured by the MCP_REGISTRY_* environment the parent passes.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createRegistryApp(config);
  await app.listen(config.serverAddress.port, config.serverAddress.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.serverAddress.port;
  stopWhenParentLets(() => app.close());
  announce({ port });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `registry failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
