/**
 * Child process: the built core, in process (createApp from apps/core/dist), without its HTTP
 * listener. The benchmark commits through the core's CasesService here, so each commit runs the
 * real write path and nudges the real outbox relay of this process.
 *
 * Requests: `drive` (the latency run's workload), `relay-go` (starts a relay that was held with
 * OUTBOX_RELAY=false), `inbound-go` (starts the inbound consumer of a core started with
 * INBOUND_CONSUMER=false, so that a backlog is timed from its first event, not from the core's
 * start), `warm-pool` (opens every pooled connection), `memory` (process.memoryUsage() in MB),
 * `stop`.
 */
import { createApp } from '@casehub/core/dist/bootstrap.js';
import { CORE_CONFIG } from '@casehub/core/dist/config/config.module.js';
import { loadCoreConfig, type CoreConfig } from '@casehub/core/dist/core-config.js';
import { CasesService } from '@casehub/core/dist/cases/cases.service.js';
import { NatsService } from '@casehub/core/dist/nats/nats.service.js';
import { OutboxRelay } from '@casehub/core/dist/outbox/outbox-relay.service.js';
import { inboundTransport } from '@casehub/core/dist/inbound/inbound.transport.js';
import { Transactions } from '@casehub/core/dist/database/transactions.js';
import { sleep, wallMs } from './clock.js';
import { serve } from './ipc.js';
import { drive, type DriveOptions } from './workload.js';

const app = await createApp(loadCoreConfig());
await app.init();
const nats = app.get(NatsService);
for (let waited = 0; !nats.isReady(); waited += 20) {
  if (waited > 30_000) throw new Error('the core has no NATS stream after 30 s');
  await sleep(20);
}

serve({
  drive: (o: DriveOptions) => drive(app.get(CasesService), o),
  /** Lets a held relay go, as if the core had started with OUTBOX_RELAY=true at this moment. */
  'relay-go': () => {
    app.get<symbol, CoreConfig>(CORE_CONFIG).OUTBOX_RELAY = true;
    app.get(OutboxRelay).onApplicationBootstrap();
    return wallMs();
  },
  /** As createApp does with INBOUND_CONSUMER=true; resolves (with the time) once it consumes. */
  'inbound-go': async () => {
    const config = app.get<symbol, CoreConfig>(CORE_CONFIG);
    app.connectMicroservice({ strategy: inboundTransport(config) }, { inheritAppConfig: true });
    const at = wallMs();
    await app.startAllMicroservices();
    return at;
  },
  /**
   * Opens every connection of the core's pool (they stay open while busy), so that a CPU
   * window begun now knows all of the database's backends.
   */
  'warm-pool': async () => {
    const ds = app.get(Transactions).dataSource;
    const size = app.get<symbol, CoreConfig>(CORE_CONFIG).DATABASE_POOL_SIZE;
    await Promise.all(Array.from({ length: size }, () => ds.query('SELECT pg_sleep(0.05)')));
  },
  /** process.memoryUsage() in MB: what the RSS is made of. */
  memory: () =>
    Object.fromEntries(
      Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]),
    ),
  stop: async () => {
    await app.close();
    setTimeout(() => process.exit(0), 10);
  },
});
