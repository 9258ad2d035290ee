import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { RawEnv } from './env.ts';

/** Where node stores live: an embedded SQLite file (default) or PostgreSQL. */
export type StoreConfig = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
/** How nodes exchange messages: in one process (default) or over NATS JetStream. */
export type TransportConfig = { kind: 'in-process' } | { kind: 'nats'; url: string };

export interface ScommConfig {
  store: StoreConfig;
  transport: TransportConfig;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const postgresUrl = z
  .string()
  .refine((s) => /^postgres(ql)?:\/\/./.test(s), 'must be a postgres:// URL, e.g. postgres://127.0.0.1:5432/test');
const natsUrl = z.string().refine((s) => /^(nats|tls):\/\/./.test(s), 'must be a nats:// URL, e.g. nats://127.0.0.1:4222');
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * Step 2: typed, checked configuration with defaults. Unset SCOMM_DATABASE_URL / SCOMM_NATS_URL mean
 * the embedded default (SQLite under ./.scomm/, in-process bus). A bad value fails at start naming
 * the variable.
 */
export function buildConfig(raw: RawEnv, cwd = process.cwd()): ScommConfig {
  const dataDir = path.resolve(cwd, raw.dataDir ?? '.scomm');
  return {
    dataDir,
    store: raw.databaseUrl
      ? { kind: 'postgres', url: check('SCOMM_DATABASE_URL', postgresUrl, raw.databaseUrl) }
      : { kind: 'sqlite', file: path.join(dataDir, 'scomm.db') },
    transport: raw.natsUrl ? { kind: 'nats', url: check('SCOMM_NATS_URL', natsUrl, raw.natsUrl) } : { kind: 'in-process' },
    logLevel: raw.logLevel ? check('SCOMM_LOG_LEVEL', logLevel, raw.logLevel) : 'warn',
  };
}

function check<T>(name: string, schema: z.ZodType<T>, value: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new InputError(`${name} ${r.error.issues[0]?.message ?? 'is invalid'} (got '${value}')`);
  return r.data;
}
