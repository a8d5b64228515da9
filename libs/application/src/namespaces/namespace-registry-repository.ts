import { Inject, Injectable } from '@nestjs/common';
import {
  NAMESPACE_REGISTRY_STREAM,
  NamespaceRegistryState,
  applyNamespaceEvents,
  emptyNamespaceRegistry,
} from '@registry/domain/namespace';
import { SingleStreamRepository } from '../aggregates/single-stream-repository';
import { EVENT_STORE, EventStore } from '../ports';

/** Every namespace claim and publisher key, in the namespace registry's one stream. */
@Injectable()
export class NamespaceRegistryRepository extends SingleStreamRepository<NamespaceRegistryState> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(
      store,
      NAMESPACE_REGISTRY_STREAM,
      applyNamespaceEvents,
      emptyNamespaceRegistry(),
      'the namespace claims changed concurrently too often; try again',
    );
  }
}
