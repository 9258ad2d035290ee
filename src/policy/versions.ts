import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { levelTableSchema, versionSchema, type LevelTable, type PolicyVersion } from './version-schema.ts';

const dir = path.join(import.meta.dirname, 'versions');

let cache: { versions: PolicyVersion[]; tables: Map<string, LevelTable> } | undefined;

/** Every shipped policy version (validated), oldest first, and the level tables they use. */
export function shippedPolicies(): { versions: PolicyVersion[]; tables: Map<string, LevelTable> } {
  if (cache) return cache;
  const versions: PolicyVersion[] = [];
  const tables = new Map<string, LevelTable>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const raw = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const schema = file.startsWith('levels-') ? levelTableSchema : versionSchema;
    const r = schema.safeParse(raw);
    if (!r.success) throw new Error(`policy file ${file}: ${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`);
    if (file.startsWith('levels-')) tables.set((r.data as LevelTable).id, r.data as LevelTable);
    else versions.push(r.data as PolicyVersion);
  }
  versions.sort((a, b) => a.effective.localeCompare(b.effective));
  for (const v of versions) if (!tables.has(v.levelTable)) throw new Error(`policy ${v.id}: unknown level table ${v.levelTable}`);
  cache = { versions, tables };
  return cache;
}

export function policyById(id: string): PolicyVersion {
  const v = shippedPolicies().versions.find((p) => p.id === id);
  if (!v) throw new InputError(`unknown policy '${id}' (known: ${shippedPolicies().versions.map((p) => p.id).join(', ')})`);
  return v;
}

/** The version in force on a date (ISO): the latest whose effective date is not after it, or null before the first. */
export function policyInForce(date: string): PolicyVersion | null {
  let found: PolicyVersion | null = null;
  for (const v of shippedPolicies().versions) if (v.effective <= date) found = v;
  return found;
}
