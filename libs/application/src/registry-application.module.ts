import { DynamicModule, Module, Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ChangeFeedReader } from './changes/change-feed-reader';
import { ChangeServerStatusHandler } from './commands/change-status';
import { EditServerVersionHandler } from './commands/edit-server-version';
import { RenameServerHandler } from './commands/rename-server';
import { RecordOwnershipCheckHandler } from './commands/record-ownership-check';
import { PublishPolicy } from './commands/publish-policy';
import { ImportServerVersionHandler, PublishServerVersionHandler } from './commands/publish-server-version';
import {
  DeliveryDispatcher,
  DeliveryQueue,
  FEDERATION_SETTINGS,
  FederationSettings,
  FederationWorker,
  SubscriptionCommands,
  SubscriptionDeliveries,
  SubscriptionRegistryRepository,
} from './federation';
import {
  NAMESPACE_SETTINGS,
  NamespaceClaims,
  NamespaceGate,
  NamespaceRegistryRepository,
  NamespaceSettings,
  NamespaceVerifier,
  NamespaceStandings,
} from './namespaces';
import { MIRROR_SETTINGS, MirrorSettings, UpstreamMirror, UpstreamStateRepository } from './mirror';
import { EntryCacheWarmUp } from './entries/entry-cache-warm-up';
import { EntryRepository } from './entries/entry-repository';
import { EntryWriter } from './entries/entry-writer';
import { RegistryImporter } from './import/registry-importer';
import { PACKAGE_OWNERSHIP, PackageOwnershipCheck } from './ports';
import { ProjectionTracker } from './projection/projection-tracker';
import { REGISTRY_SETTINGS, ReadYourWrites, RegistrySettings } from './projection/read-your-writes';
import { ReadModelProjector } from './projection/read-model-projector';
import {
  LocalProjectionWatermark,
  PROJECTION_WATERMARK,
  PollingProjectionWatermark,
} from './projection/projection-watermark';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator, systemIds, systemClock } from './system/system.ports';

export interface RegistryApplicationOptions {
  settings: RegistrySettings;
  packageOwnership: PackageOwnershipCheck;
  /** Run the read-model projector in this process (the all-in-one app and the projector app do). */
  runProjector: boolean;
  /** Fill the entry cache from the log after start (processes that take writes over HTTP do). */
  warmEntryCache?: boolean;
  /**
   * Subscriptions and webhook deliveries: `api` for processes that serve the subscription endpoints,
   * `worker` for those that run the federation worker. Needs the DELIVERY_STORE, SECRET_SEALER and
   * WEBHOOK_URL_POLICY ports (and WEBHOOK_SENDER and FEDERATION_MONITOR for the worker) from the infrastructure module.
   */
  federation?: { settings: FederationSettings; api: boolean; worker: boolean };
  /**
   * Namespace claims: `api` for processes that serve the claim endpoints and the key exchange,
   * `worker` for those that run the verifier. Needs NAMESPACE_PROOF_CHECKER, NAMESPACE_CLAIM_POLICY,
   * SECRET_SEALER (and JOB_QUEUE for the worker) from the infrastructure module.
   */
  namespaces?: { settings: NamespaceSettings; api: boolean; worker: boolean };
  /** Mirror mode: run the mirror here (`run`), needing UPSTREAM_SOURCE from the infrastructure module. */
  mirror?: { settings: MirrorSettings; run: boolean };
  clock?: Clock;
  ids?: IdGenerator;
}

/**
 * The application layer: command handlers, the entry repository and writer, read-your-writes and
 * (optionally) the projector. The store's ports must be provided by a global store module.
 */
@Module({})
export class RegistryApplicationModule {
  static forRoot(options: RegistryApplicationOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: REGISTRY_SETTINGS, useValue: options.settings },
      { provide: PACKAGE_OWNERSHIP, useValue: options.packageOwnership },
      { provide: CLOCK, useValue: options.clock ?? systemClock },
      { provide: ID_GENERATOR, useValue: options.ids ?? systemIds },
      EntryRepository,
      EntryWriter,
      ProjectionTracker,
      ReadYourWrites,
      PublishPolicy,
      PublishServerVersionHandler,
      ImportServerVersionHandler,
      ChangeServerStatusHandler,
      EditServerVersionHandler,
      RenameServerHandler,
      RecordOwnershipCheckHandler,
      RegistryImporter,
      ChangeFeedReader,
      ...federationProviders(options.federation),
      NamespaceRegistryRepository,
      NamespaceGate,
      ...namespaceProviders(options.namespaces),
      UpstreamStateRepository,
      ...(options.mirror !== undefined
        ? [{ provide: MIRROR_SETTINGS, useValue: options.mirror.settings }]
        : []),
      ...(options.mirror?.run === true ? [UpstreamMirror] : []),
      ...(options.warmEntryCache === true ? [EntryCacheWarmUp] : []),
      ...(options.runProjector
        ? [ReadModelProjector, { provide: PROJECTION_WATERMARK, useClass: LocalProjectionWatermark }]
        : [{ provide: PROJECTION_WATERMARK, useClass: PollingProjectionWatermark }]),
    ];
    return {
      module: RegistryApplicationModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers,
      exports: [
        CqrsModule,
        RegistryImporter,
        ProjectionTracker,
        REGISTRY_SETTINGS,
        PublishPolicy,
        PACKAGE_OWNERSHIP,
        ChangeFeedReader,
        UpstreamStateRepository,
        ...(options.mirror !== undefined ? [MIRROR_SETTINGS] : []),
        ...(options.mirror?.run === true ? [UpstreamMirror] : []),
        NamespaceRegistryRepository,
        ...(options.namespaces?.api === true || options.namespaces?.worker === true ? [NamespaceClaims] : []),
        ...(options.namespaces?.worker === true ? [NamespaceVerifier] : []),
        ...(options.federation?.api === true || options.federation?.worker === true
          ? [SubscriptionCommands, SubscriptionDeliveries, SubscriptionRegistryRepository, DeliveryQueue]
          : []),
      ],
    };
  }
}

function namespaceProviders(namespaces: RegistryApplicationOptions['namespaces']): Provider[] {
  if (namespaces === undefined || (!namespaces.api && !namespaces.worker)) return [];
  return [
    { provide: NAMESPACE_SETTINGS, useValue: namespaces.settings },
    NamespaceStandings,
    NamespaceClaims,
    ...(namespaces.worker ? [NamespaceVerifier] : []),
  ];
}

function federationProviders(federation: RegistryApplicationOptions['federation']): Provider[] {
  if (federation === undefined || (!federation.api && !federation.worker)) return [];
  return [
    { provide: FEDERATION_SETTINGS, useValue: federation.settings },
    SubscriptionRegistryRepository,
    SubscriptionCommands,
    SubscriptionDeliveries,
    DeliveryQueue,
    ...(federation.worker ? [DeliveryDispatcher, FederationWorker] : []),
  ];
}
