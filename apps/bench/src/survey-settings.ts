/** Settings of `pnpm bench:survey`, from the environment (docs/configuration.md lists them). */
import { positive, settings as shared } from './settings.js';

export const surveySettings = {
  /** Requests per second, open loop: each is sent at its time whether or not the last came back. */
  rate: positive('BENCH_SURVEY_RATE', 500),
  /** Measured seconds of each run (GET and POST, survey plugin and baseline), after the warm-up. */
  seconds: positive('BENCH_SURVEY_SECONDS', 20),
  warmupSeconds: positive('BENCH_SURVEY_WARMUP_SECONDS', 5, true),
  /** Survey invitations per server, the requests spread over them in turn. */
  surveys: positive('BENCH_SURVEY_SURVEYS', 200),
  /** Keep-alive connections the load generator opens at most (browsers behind a proxy). */
  connections: positive('BENCH_SURVEY_CONNECTIONS', 64),
  natsUrl: shared.natsUrl,
};

/** The target: p99 under 50 ms at 500 requests/s, for the GET and the POST. */
export const SURVEY_TARGETS = { p99Ms: 50, rate: 500 };
