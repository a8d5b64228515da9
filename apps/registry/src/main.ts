import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { listenOn, runRegistryProcess } from '@registry/registry-runtime';
import { createRegistryApp } from './registry-app';

runRegistryProcess('registry', async (config, logger) => {
  const app = await createRegistryApp(config, { logger });
  await listenOn(app, config.serverAddress, 'Registry');
  new Logger('Registry').log(`data in ${config.dataDir}`);
});
