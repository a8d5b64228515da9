import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, RegistryConfig, loadConfig } from '@registry/config';
import { createRegistryApp } from './registry-app';

async function bootstrap(): Promise<void> {
  let config: RegistryConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createRegistryApp(config);
  await app.listen(config.serverAddress.port, config.serverAddress.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.serverAddress.port;
  new Logger('Registry').log(`listening on ${config.serverAddress.host}:${port} (data in ${config.dataDir})`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `registry failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
