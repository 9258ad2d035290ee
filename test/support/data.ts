import { existsSync } from 'node:fs';
import path from 'node:path';

/** The shared real data (../shared/data beside the project): read from there, never copied into the repo. */
export const sharedData = path.resolve(import.meta.dirname, '../../../shared/data');

export function dataPath(...parts: string[]): string {
  return path.join(sharedData, ...parts);
}

export const hasSharedData = existsSync(sharedData);
