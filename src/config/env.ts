/** Step 1 of configuration: read the raw environment, nothing else (no defaults, no checks). */
export interface RawEnv {
  databaseUrl?: string;
  natsUrl?: string;
  dataDir?: string;
  logLevel?: string;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): RawEnv {
  return {
    databaseUrl: nonEmpty(env.SCOMM_DATABASE_URL),
    natsUrl: nonEmpty(env.SCOMM_NATS_URL),
    dataDir: nonEmpty(env.SCOMM_DATA_DIR),
    logLevel: nonEmpty(env.SCOMM_LOG_LEVEL),
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
