import { AttemptOutcome, DeliveryStore, EventStore, FederationMonitor } from '@registry/application';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The federation worker's Prometheus metrics: deliveries by outcome, attempt latency, dead letters,
 * and per subscription the lag in log positions and the dead letters kept (read at scrape time from
 * the delivery store, so every worker replica reports the same backlog).
 */
export class FederationMetrics implements FederationMonitor {
  private readonly attempts = new Counter({
    name: 'registry_webhook_attempts_total',
    help: 'Webhook delivery attempts, by outcome (delivered, failed, gone, refused)',
    labelNames: ['outcome'] as const,
    registers: [],
  });
  private readonly latency = new Histogram({
    name: 'registry_webhook_attempt_duration_seconds',
    help: 'Time from sending a webhook to its answer (or failure)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [],
  });
  private readonly deadLettered = new Counter({
    name: 'registry_webhook_dead_letters_total',
    help: 'Deliveries that exhausted the retry schedule or met a 410',
    registers: [],
  });
  private readonly progress = new Gauge({
    name: 'registry_federation_position',
    help: 'The last log position the federation worker has taken into deliveries',
    registers: [],
  });
  private readonly lag: Gauge<'subscription'>;
  private readonly dead: Gauge<'subscription'>;
  private position = 0;

  constructor(deliveries: DeliveryStore, events: EventStore) {
    let backlog: Promise<Awaited<ReturnType<DeliveryStore['backlog']>>> | undefined;
    // Both per-subscription gauges are filled from one read of the store per scrape.
    const read = () =>
      (backlog ??= deliveries.backlog().finally(() => setTimeout(() => (backlog = undefined), 0)));
    // The gauges' collect() runs with the gauge as `this`; the worker's own position is read through this.
    const workerPosition = () => this.position;
    this.lag = new Gauge({
      name: 'registry_webhook_subscription_lag',
      help: 'Per subscription: log positions from its oldest undelivered change (or the worker) to the head',
      labelNames: ['subscription'] as const,
      registers: [],
      async collect() {
        const [head, rows] = await Promise.all([events.headPosition(), read()]);
        this.reset();
        for (const row of rows) {
          const behind =
            row.oldestUnfinishedSequence !== undefined ? row.oldestUnfinishedSequence - 1 : workerPosition();
          this.set({ subscription: row.subscriptionId }, Math.max(0, head - behind));
        }
      },
    });
    this.dead = new Gauge({
      name: 'registry_webhook_subscription_dead_letters',
      help: 'Per subscription: dead-lettered deliveries kept for inspection and retry',
      labelNames: ['subscription'] as const,
      registers: [],
      async collect() {
        this.reset();
        for (const row of await read()) this.set({ subscription: row.subscriptionId }, row.dead);
      },
    });
  }

  attempt(outcome: AttemptOutcome, latencyMs: number, deadLettered: boolean): void {
    this.attempts.inc({ outcome });
    this.latency.observe(latencyMs / 1000);
    if (deadLettered) this.deadLettered.inc();
  }

  progressed(position: number): void {
    this.position = Math.max(this.position, position);
    this.progress.set(this.position);
  }

  /** Adds the metrics to the registry a process serves on /metrics. */
  attach(registry: Registry): void {
    registry.registerMetric(this.attempts);
    registry.registerMetric(this.latency);
    registry.registerMetric(this.deadLettered);
    registry.registerMetric(this.progress);
    registry.registerMetric(this.lag);
    registry.registerMetric(this.dead);
  }
}
