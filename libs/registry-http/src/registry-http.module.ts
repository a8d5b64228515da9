import { DynamicModule, Module } from '@nestjs/common';
import { ChangesController } from './changes.controller';
import { NamespacesController } from './namespaces.controller';
import { MovedOwnershipCheckController, OwnershipCheckController } from './ownership-check.controller';
import { PublishController } from './publish.controller';
import {
  REGISTRY_CARD_OPTIONS,
  RegistryCardController,
  RegistryCardOptions,
} from './registry-card.controller';
import { RenameController } from './rename.controller';
import { SearchController } from './search.controller';
import { ServersController } from './servers.controller';
import { StatusController } from './status.controller';
import { SubscriptionsController } from './subscriptions.controller';
import { UpstreamController } from './upstream.controller';
import { WriteRequest } from './write-request';

/**
 * The registry's own HTTP API (read, publish, validate, status, edit) and its extensions (change
 * feed, subscriptions, ownership checks, the registry card); auth and health live elsewhere.
 */
@Module({})
export class RegistryHttpModule {
  static forRoot(card: RegistryCardOptions): DynamicModule {
    return {
      module: RegistryHttpModule,
      controllers: [
        ServersController,
        PublishController,
        StatusController,
        RenameController,
        OwnershipCheckController,
        MovedOwnershipCheckController,
        ChangesController,
        SearchController,
        SubscriptionsController,
        NamespacesController,
        RegistryCardController,
        UpstreamController,
      ],
      providers: [WriteRequest, { provide: REGISTRY_CARD_OPTIONS, useValue: card }],
    };
  }
}
