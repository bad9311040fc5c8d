/** Where the CLI finds the hub: the same variables the core and the plugins read. */
export interface CliSettings {
  natsUrl: string[];
  stream: string;
  prefix: string;
  apiUrl: string;
  apiKey: string | undefined;
  /** The core's bootstrap key (CASEHUB_ADMIN_KEY), for `casehub init`. */
  adminKey: string | undefined;
}

export function settings(env: NodeJS.ProcessEnv = process.env): CliSettings {
  return {
    natsUrl: (env.NATS_URL || 'nats://127.0.0.1:4222').split(','),
    stream: env.NATS_STREAM || 'CASEHUB',
    prefix: env.NATS_SUBJECT_PREFIX || 'casehub',
    apiUrl: (env.CASEHUB_URL || `http://127.0.0.1:${env.PORT || 3000}`).replace(/\/$/, ''),
    apiKey: env.CASEHUB_API_KEY || env.CASEHUB_ADMIN_KEY,
    adminKey: env.CASEHUB_ADMIN_KEY,
  };
}
