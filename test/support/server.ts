import { enrolEncounter } from '../../src/agencies/ident/node.ts';
import { recordStatus } from '../../src/agencies/lesc/node.ts';
import { createSubject, impressionTemplates, renderImpression, type SyntheticSubject } from '../../src/biometrics/synth/index.ts';
import { InProcessBus } from '../../src/bus/index.ts';
import { buildCar } from '../../src/nist/index.ts';
import { buildServer, type App } from '../../src/server/app.ts';
import type { Role } from '../../src/server/auth/roles.ts';
import { ServerContext, type ServerLimits } from '../../src/server/context.ts';
import { seedTraffic } from '../../src/server/seed.ts';
import { serverMigrations } from '../../src/server/store.ts';
import { loadCounties, type County } from '../../src/sim/counties.ts';
import { demoCounties, Network } from '../../src/sim/network.ts';
import { runSimulation } from '../../src/sim/run.ts';
import { openStore } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrations.ts';

let allCounties: County[] | undefined;
export const counties = () => (allCounties ??= loadCounties());

/** A settable clock for expiry tests. */
export class TestClock {
  constructor(public t = Date.UTC(2026, 0, 5, 9, 0, 0)) {}
  now = () => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestServer {
  ctx: ServerContext;
  app: App;
  tokens: Record<string, string>;
  token(role: Role, scope?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole network in memory (the demo's ten agencies, their states, CJIS, IDENT, LESC, the field
 * offices, oversight), the server over it, optional synthetic traffic and a small rollout
 * simulation for the statistics, and one credential per role (booking TX4820100, SIB TX, ERO HOU).
 */
export async function startTestServer(o: { now?: () => Date; limits?: Partial<ServerLimits>; seedBookings?: number; simulate?: boolean } = {}): Promise<TestServer> {
  const memory = () => openStore({ kind: 'sqlite', file: ':memory:' });
  const network = await Network.start({ counties: demoCounties(counties()), bus: new InProcessBus(), storeFor: memory });
  const statsDb = network.node('oversight').db;
  if (o.simulate) await runSimulation(statsDb, { counties: counties(), from: '2008-10-27', to: '2010-12-31', scale: 0.01, seed: 1 });
  const server = memory();
  await migrate(server.db, serverMigrations);
  const ctx = new ServerContext({ network, storeFor: memory, serverDb: server.db, statsDb, counties: counties(), now: o.now, limits: { rateLimitPerMinute: 100_000, ...o.limits }, onClose: () => server.close() });
  if (o.seedBookings) await seedTraffic(ctx, { bookings: o.seedBookings, seed: 5 });
  const app = await buildServer(ctx);
  await app.ready();
  const token = async (role: Role, scope: Record<string, string> = {}) => (await ctx.credentials.create({ role, ...scope } as never)).token;
  const tokens: Record<string, string> = {
    booking_officer: await token('booking_officer', { ori: 'TX4820100' }),
    sib_operator: await token('sib_operator', { state: 'TX' }),
    lesc_analyst: await token('lesc_analyst'),
    ero_officer: await token('ero_officer', { fieldOffice: 'HOU' }),
    oversight_auditor: await token('oversight_auditor'),
    admin: await token('admin'),
  };
  return {
    ctx,
    app,
    tokens,
    token,
    close: async () => {
      await app.close();
      await ctx.close();
    },
  };
}

const subjects = new Map<number, SyntheticSubject>();
/** A synthetic person's fingers (full masters, rendered: about two seconds the first time). */
export function subjectFor(seed: number): SyntheticSubject {
  let s = subjects.get(seed);
  if (!s) subjects.set(seed, (s = createSubject(seed)));
  return s;
}

/** A real ANSI/NIST CAR of a synthetic person: ten rendered, WSQ-compressed fingers. */
export function tenprintCar(o: { tcn: string; ori: string; subjectSeed: number; date?: string; charges?: { offense: string; severity: 'felony' | 'misdemeanor' | 'infraction' }[] }): Uint8Array {
  const subject = subjectFor(o.subjectSeed);
  const date = o.date ?? '2012-03-14';
  const fingers = Array.from({ length: 10 }, (_, f) => ({ position: f + 1, image: renderImpression(subject, f + 1, 500 + f) }));
  const charges = (o.charges ?? [{ offense: 'burglary', severity: 'felony' as const }]).map((c) => ({ ...c, date }));
  return buildCar({ tcn: o.tcn, ori: o.ori, date, subject: { name: 'TESTPERSON,SYNTH HTTP', dob: '1980-02-03', pob: 'MX', sex: 'M' }, arrestDate: date, charges }, fingers);
}

/** Puts the person in IDENT (one encounter) and their status at LESC, so their booking matches and reaches the field office. */
export async function enrolInIdent(ctx: ServerContext, subjectSeed: number, aNumber: string, status: 'removable' | 'lpr' | 'citizen' = 'removable'): Promise<void> {
  const n = ctx.network;
  await enrolEncounter(n.node('ident'), n.identGallery, `E-HTTP-${subjectSeed}`, aNumber, 'border', impressionTemplates(subjectFor(subjectSeed), 1));
  await recordStatus(n.node('lesc'), aNumber, status);
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });
