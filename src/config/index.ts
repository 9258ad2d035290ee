import { buildConfig, type ScommConfig } from './config.ts';
import { readEnv } from './env.ts';

export type { ScommConfig, StoreConfig, TransportConfig } from './config.ts';
export { buildConfig } from './config.ts';
export { readEnv } from './env.ts';

/** The configuration of this process, from its environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ScommConfig {
  return buildConfig(readEnv(env));
}
