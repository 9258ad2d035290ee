/**
 * Policy engine throughput: decides 1,000,000 synthetic cases (mixed dates across every version,
 * charges, convictions, flags) on one core, after a warm-up.
 * Run: npx tsx bench/policy.bench.ts [cases]
 */
import { decide, parseCase, type PolicyCase } from '../src/policy/index.ts';
import { Rng } from '../src/random.ts';

const n = Number(process.argv[2] ?? 1_000_000);
const rng = new Rng(7);
const offenses = ['homicide', 'robbery', 'weapons', 'drugs', 'burglary', 'larceny', 'fraud', 'dui', 'traffic', 'traffic', 'petty', 'other', 'domestic_violence'];
const sev = ['felony', 'misdemeanor', 'misdemeanor', 'infraction'] as const;
const statuses = ['removable', 'removable', 'lpr', 'citizen', 'unknown'] as const;
const pool: PolicyCase[] = [];
for (let i = 0; i < 10_000; i++) {
  const day = new Date(Date.UTC(2008, 9, 27) + rng.int(2700) * 86_400_000).toISOString().slice(0, 10);
  pool.push(
    parseCase(
      {
        caseId: `b${i}`,
        bookedAt: day,
        charges: Array.from({ length: rng.int(3) }, () => ({ offense: rng.pick(offenses), severity: rng.pick(sev) })),
        convictions: Array.from({ length: rng.int(3) }, () => ({ offense: rng.pick(offenses), severity: rng.pick(sev), date: '2005-01-01', sentenceDays: rng.int(900) })),
        immigration: { status: rng.pick(statuses) },
        flags: { victimOrWitness: rng.chance(0.02), claimsUsCitizenship: rng.chance(0.01), juvenile: rng.chance(0.02) },
      },
      i,
    ),
  );
}
for (let i = 0; i < 200_000; i++) decide(pool[i % pool.length]);
const t0 = performance.now();
const counts: Record<string, number> = {};
for (let i = 0; i < n; i++) {
  const d = decide(pool[i % pool.length]);
  counts[d.action] = (counts[d.action] ?? 0) + 1;
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ cases: n, ms: Math.round(ms), casesPerSecond: Math.round((n / ms) * 1000), actions: counts }));
