import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { holdUntil } from '../src/agencies/ero/hold-clock.ts';
import { AgencyNode } from '../src/agencies/runtime/node.ts';
import { createTable } from '../src/agencies/runtime/tables.ts';
import { InProcessBus } from '../src/bus/index.ts';
import { message, parseEnvelope } from '../src/messages/index.ts';
import { Rng } from '../src/random.ts';
import { runDemo, type DemoSummary } from '../src/sim/demo.ts';
import { openStore } from '../src/store/database.ts';

const tmp = mkdtempSync(path.join(tmpdir(), 'scomm-workflow-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** What a run decided, without timings. */
const outcome = (s: DemoSummary) => ({
  bookings: s.bookings, sre: s.sre, identSearches: s.identSearches, identMatches: s.identMatches, iaq: s.iaq, iar: s.iar,
  byLevel: s.byLevel, byAction: s.byAction, detainersIssued: s.detainersIssued, detainersHonored: s.detainersHonored,
  detainersDeclined: s.detainersDeclined, detainersBlocked: s.detainersBlocked, auditEntries: s.auditEntries, groundTruth: s.groundTruth,
});

let baseline: DemoSummary;

/**
 * @NOTE Which of a person's first two bookings reaches CJIS first decides which impression becomes
 * the new record and which is searched against it: a biometric difference (a pair near the
 * threshold), not a workflow one. When delivery order changes (shuffled, or bookings in flight at a
 * kill handled again on resume) every other figure must be the same; the CJIS hits within one or two.
 */
const withoutCjisHits = (s: DemoSummary) => ({ ...outcome(s), groundTruth: { ...s.groundTruth, cjisHitsCorrect: 0 } });

test('bookings travel through every agency: an SRE each, IAQ = IAR = IDENT matches, no false match, a valid audit chain', async () => {
  baseline = await runDemo({ bookings: 250, templates: true, seed: 7, dir: path.join(tmp, 'plain'), resume: false });
  assert.equal(baseline.bookings, 250);
  assert.equal(baseline.sre, 250);
  assert.ok(baseline.identSearches > 50 && baseline.identSearches < 250, `IDENT searched only for activated counties (${baseline.identSearches})`);
  assert.ok(baseline.identMatches > 10, `IDENT matches ${baseline.identMatches}`);
  assert.equal(baseline.iaq, baseline.identMatches);
  assert.equal(baseline.iar, baseline.identMatches);
  assert.equal(baseline.groundTruth.falseMatches, 0);
  assert.ok(baseline.groundTruth.missedMatches <= baseline.identMatches * 0.1, `missed ${baseline.groundTruth.missedMatches}`);
  assert.ok(baseline.detainersIssued > 0 && baseline.detainersBlocked > 0);
  assert.equal(baseline.deadLetters, 0);
  assert.equal(baseline.auditChainValid, true);
  // One audit entry per decision (and re-decision) and per detainer state.
  assert.ok(baseline.auditEntries >= baseline.iar + baseline.detainersIssued * 2);
});

test('every message delivered twice and in shuffled order: the same final state, no duplicate detainer', async () => {
  const rng = new Rng('chaos');
  const chaos = await runDemo({ bookings: 250, templates: true, seed: 7, dir: path.join(tmp, 'chaos'), resume: false, bus: { chaos: { duplicate: true, random: () => rng.next() } } });
  assert.deepEqual(withoutCjisHits(chaos), withoutCjisHits(baseline));
  assert.ok(Math.abs(chaos.groundTruth.cjisHitsCorrect - baseline.groundTruth.cjisHitsCorrect) <= 2, `CJIS hits ${chaos.groundTruth.cjisHitsCorrect} vs ${baseline.groundTruth.cjisHitsCorrect}`);
});

test('a demo killed mid-run (SIGKILL) and run again with --resume completes every booking exactly once', async () => {
  const dir = path.join(tmp, 'killed');
  const args = ['bin/scomm.js', 'demo', '--templates', '--bookings', '250', '--seed', '7', '--dir', dir, '--json'];
  const killed = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // At the first progress line past the first booking (lines come at most once a second, so a
    // fixed range such as 100-199 can be jumped over on a fast machine); the whole stderr so far is
    // read, as a line may arrive split over two chunks.
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const done = [...err.matchAll(/bookings (\d+)\/250/g)].map((m) => Number(m[1]));
      if (done.some((n) => n >= 2 && n < 250)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => resolve(signal === 'SIGKILL' ? null : code));
  });
  assert.equal(killed, null, 'the run was killed before it finished');
  const resumed = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [...args, '--resume'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`resume exited ${code}`))));
  });
  const s = JSON.parse(resumed) as DemoSummary;
  assert.deepEqual(withoutCjisHits(s), withoutCjisHits(baseline));
  assert.ok(Math.abs(s.groundTruth.cjisHitsCorrect - baseline.groundTruth.cjisHitsCorrect) <= 2, `CJIS hits ${s.groundTruth.cjisHitsCorrect} vs ${baseline.groundTruth.cjisHitsCorrect}`);
});

test('images path: each CAR rendered and WSQ-compressed in a worker, decoded and extracted at CJIS in a worker, through every agency', async () => {
  const s = await runDemo({ bookings: 8, templates: false, seed: 1, dir: path.join(tmp, 'images'), resume: false });
  assert.equal(s.mode, 'images');
  assert.equal(s.bookings, 8);
  assert.equal(s.sre, 8);
  assert.equal(s.errt, 0);
  assert.equal(s.iaq, s.identMatches);
  assert.equal(s.iar, s.identMatches);
  assert.equal(s.groundTruth.falseMatches, 0);
  assert.equal(s.groundTruth.cjisFalseHits, 0);
  // Prints extracted from the rendered images find their own records (a repeat booking, a prior record or an IDENT encounter).
  assert.ok(s.groundTruth.cjisHitsCorrect + s.groundTruth.identMatchesCorrect > 0, JSON.stringify(s.groundTruth));
  assert.equal(s.deadLetters, 0);
  assert.equal(s.auditChainValid, true);
});

test('the in-process bus retries a failing handler with backoff and dead-letters a poison message', async () => {
  const bus = new InProcessBus({ retry: { attempts: 3, backoffMs: 1 } });
  let tries = 0;
  const seen: string[] = [];
  bus.subscribe('lesc', async (m) => {
    if (m.id.endsWith('poison')) throw new Error('cannot handle');
    if (++tries === 1) throw new Error('transient');
    seen.push(m.id);
  });
  const body = { reason: 'test' };
  await Promise.all([bus.publish(message('errt', 'TCN-000001', 'cjis', 'lesc', body)), bus.publish(message('errt', 'TCN-000002', 'cjis', 'lesc', body, 'poison'))]);
  await bus.idle();
  assert.deepEqual(seen, ['TCN-000001/errt/lesc']);
  assert.equal(tries, 2);
  assert.deepEqual(bus.deadLetters().map((d) => [d.message.id, d.error]), [['TCN-000002/errt/lesc/poison', 'cannot handle']]);
});

test('a batch with a message that fails: the others commit once, the failing one alone is retried and dead-lettered, its sends and in-memory changes undone', async () => {
  const bus = new InProcessBus({ retry: { attempts: 2, backoffMs: 1 } });
  const memory = new Set<string>();
  const copies: string[] = [];
  bus.subscribe('oversight', async (m) => void copies.push(m.tcn));
  const node = new AgencyNode(
    {
      address: 'lesc',
      migrations: [{ name: 'lesc-0001-seen', up: (db) => createTable(db, 'seen', [['tcn', 'text', 'pk']]) }],
      handle: async (tx, m, ctx) => {
        await tx.insertInto('seen').values({ tcn: m.tcn }).execute();
        ctx.provisional(() => memory.add(m.tcn), () => memory.delete(m.tcn));
        ctx.send(message('errt', m.tcn, 'lesc', 'oversight', { reason: 'copy' }));
        if ((m.body as { reason: string }).reason === 'poison') throw new Error('cannot handle');
      },
    },
    openStore({ kind: 'sqlite', file: ':memory:' }),
    bus,
  );
  // Queued before the node subscribes, so they reach it as one batch (a duplicate among them).
  const tcns = ['TCN-000011', 'TCN-000012', 'TCN-000013'];
  const sent = [...tcns.map((t) => message('errt', t, 'cjis', 'lesc', { reason: t === 'TCN-000012' ? 'poison' : 'fine' })), message('errt', 'TCN-000011', 'cjis', 'lesc', { reason: 'fine' })];
  const published = sent.map((m) => bus.publish(m));
  await node.start();
  await Promise.all(published);
  await bus.idle();
  await node.flush();
  await bus.idle();
  const rows = await node.db.selectFrom('seen').select('tcn').orderBy('tcn').execute();
  assert.deepEqual(rows.map((r) => r.tcn), ['TCN-000011', 'TCN-000013']);
  assert.deepEqual([...memory].sort(), ['TCN-000011', 'TCN-000013']);
  assert.deepEqual(copies.sort(), ['TCN-000011', 'TCN-000013']);
  assert.deepEqual(bus.deadLetters().map((d) => d.message.tcn), ['TCN-000012']);
  await node.store.close();
});

test('a COMMIT that fails after it committed (a dropped connection): the repeat is skipped as seen, and the in-memory state and the sends catch up with the tables', async () => {
  const bus = new InProcessBus({ retry: { attempts: 3, backoffMs: 1 } });
  const memory = new Set<string>();
  const copies: string[] = [];
  bus.subscribe('oversight', async (m) => void copies.push(m.tcn));
  const store = openStore({ kind: 'sqlite', file: ':memory:' });
  // The first transaction commits, then reports a lost connection, as a COMMIT whose reply never came.
  let failNextCommit = true;
  const db = new Proxy(store.db, {
    get(target, key) {
      if (key === 'transaction' && failNextCommit) {
        return () => ({
          execute: async (cb: (tx: unknown) => Promise<unknown>) => {
            await target.transaction().execute(cb as never);
            failNextCommit = false;
            throw new Error('Connection terminated unexpectedly');
          },
        });
      }
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  let loads = 0;
  const node = new AgencyNode(
    {
      address: 'lesc',
      migrations: [{ name: 'lesc-0001-seen', up: (d) => createTable(d, 'seen', [['tcn', 'text', 'pk']]) }],
      load: async (d) => {
        loads++;
        for (const r of await d.selectFrom('seen').select('tcn').execute()) memory.add(r.tcn);
      },
      handle: async (tx, m, ctx) => {
        await tx.insertInto('seen').values({ tcn: m.tcn }).execute();
        ctx.provisional(() => memory.add(m.tcn), () => memory.delete(m.tcn));
        ctx.send(message('errt', m.tcn, 'lesc', 'oversight', { reason: 'copy' }));
      },
    },
    { ...store, db },
    bus,
  );
  failNextCommit = false; // the migrations run first
  await node.start();
  failNextCommit = true;
  await bus.publish(message('errt', 'TCN-000021', 'cjis', 'lesc', { reason: 'fine' }));
  await bus.idle();
  await node.flush();
  await bus.idle();
  assert.deepEqual((await store.db.selectFrom('seen').select('tcn').execute()).map((r) => r.tcn), ['TCN-000021']);
  assert.deepEqual([...memory], ['TCN-000021'], 'the undone in-memory change is back, from the tables');
  assert.deepEqual(copies, ['TCN-000021'], 'the committed outbox row was sent, once');
  assert.equal(loads, 2, 'loaded at start and once after the unsure commit');
  assert.equal(bus.deadLetters().length, 0);
  await store.close();
});

test('idle() waits for a message that is between its retries', async () => {
  const bus = new InProcessBus({ retry: { attempts: 3, backoffMs: 5 } });
  let tries = 0;
  bus.subscribe('lesc', async () => {
    if (++tries === 1) throw new Error('transient');
  });
  void bus.publish(message('errt', 'TCN-000004', 'cjis', 'lesc', { reason: 'test' }));
  await bus.idle();
  assert.equal(tries, 2);
});

test('messages are validated at the boundary, naming the field that is wrong', () => {
  const ok = message('idr', 'TCN-000003', 'ident', 'cjis', { match: false, encounterIds: [] });
  assert.deepEqual(parseEnvelope(JSON.parse(JSON.stringify(ok))).body, { match: false, encounterIds: [] });
  assert.throws(() => parseEnvelope({ ...ok, to: 'nowhere' }), /message: to: must be a node address/);
  assert.throws(() => parseEnvelope({ ...ok, body: { match: 'yes', encounterIds: [] } }), /\(idr\): body\.match/);
});

test('the detainer hold is 48 hours excluding weekends and federal holidays', () => {
  // Wednesday before Thanksgiving 2012, noon: Wed 12 h, Thu holiday, Fri 24 h, weekend, Mon 12 h.
  assert.equal(holdUntil('2012-11-21T12:00:00.000Z'), '2012-11-26T12:00:00.000Z');
  // Friday 2010-12-31 is the observed New Year's Day 2011 (a Saturday): Thu 12 h, Fri off, Mon 24 h, Tue 12 h.
  assert.equal(holdUntil('2010-12-30T12:00:00.000Z'), '2011-01-04T12:00:00.000Z');
  assert.equal(holdUntil('2013-01-07T00:00:00.000Z'), '2013-01-09T00:00:00.000Z');
});
