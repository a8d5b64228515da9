import { Collection, Db } from 'mongodb';
import { RelayCheckpointStore } from '@registry/application/ports';

interface RelayCheckpointDocument {
  _id: string;
  position: number;
}

/**
 * The outbox relay's place in the event log: one document per relay in `relay_checkpoint`, beside
 * the `events` collection it tails. `save` only moves forward (`$max`): a slow or restarted relay
 * instance cannot rewind it, and re-publishing what was already published is harmless anyway
 * (consumers de-duplicate by eventId).
 */
export class MongoRelayCheckpointStore implements RelayCheckpointStore {
  private readonly checkpoints: Collection<RelayCheckpointDocument>;

  constructor(
    db: Db,
    private readonly relay = 'outbox-relay',
  ) {
    this.checkpoints = db.collection<RelayCheckpointDocument>('relay_checkpoint', {
      readConcern: { level: 'majority' },
    });
  }

  async load(): Promise<number> {
    return (await this.checkpoints.findOne({ _id: this.relay }))?.position ?? 0;
  }

  async save(position: number): Promise<void> {
    await this.checkpoints.updateOne(
      { _id: this.relay },
      { $max: { position } },
      { upsert: true, writeConcern: { w: 'majority' } },
    );
  }
}
