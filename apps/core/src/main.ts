import { ConfigError } from './config/load-config.js';
import { loadCoreConfig, unknownCoreVariables } from './core-config.js';
import { ensureLocalNats } from './nats/nats-server.launcher.js';
import { createApp } from './bootstrap.js';
import { NatsService } from './nats/nats.service.js';

async function main(): Promise<void> {
  const config = loadCoreConfig();
  for (const name of unknownCoreVariables()) {
    console.warn(
      `casehub: ${name} is set but is not a CaseHub setting (misspelt?); see docs/configuration.md`,
    );
  }
  if (config.NATS_EMBEDDED === 'auto') {
    await ensureLocalNats(config.NATS_URL, config.CASEHUB_DATA_DIR, (m) =>
      console.log(`casehub: ${m}`),
    );
  }
  const app = await createApp(config);
  // A stream owned by another hub: refuse to run rather than mix two hubs' events.
  app.get(NatsService).onFatal((err) => {
    console.error(`casehub: ${err.message}`);
    void app.close().finally(() => process.exit(78)); // EX_CONFIG
  });
  await app.listen(config.PORT, config.HOST);
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  console.log(`casehub: core listening on ${url} (API docs at ${url}/docs)`);
  if (!config.CASEHUB_ADMIN_KEY) {
    console.log(
      'casehub: CASEHUB_ADMIN_KEY is not set: set it to drive a fresh install (see README).',
    );
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`casehub: ${err.message}`);
    process.exit(78); // EX_CONFIG
  }
  console.error('casehub: failed to start', err);
  process.exit(1);
});
