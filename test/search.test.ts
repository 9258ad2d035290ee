import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decisionThreshold, TenprintGallery } from '../src/biometrics/search/gallery.ts';
import { SEARCH_CANDIDATES, SEARCH_DEEPER_CANDIDATES, SEARCH_TEN_FINGERS_FROM, SEARCH_THRESHOLD, SEARCH_THRESHOLD_BOTH_EXTRACTED, SEARCH_THRESHOLD_ONE_EXTRACTED, SEARCH_THRESHOLD_TEN } from '../src/biometrics/parameters.ts';
import { createTemplateSubject, impressionTemplates } from '../src/biometrics/synth/index.ts';

test('tenprint search finds mated subjects, rejects non-mated ones, forgets removed ones', () => {
  const gallery = new TenprintGallery();
  for (let i = 0; i < 400; i++) gallery.enrol(`S${i}`, impressionTemplates(createTemplateSubject(i), 1));
  assert.equal(gallery.size, 400);
  let found = 0;
  let falseHits = 0;
  for (let q = 0; q < 40; q++) {
    const mated = gallery.search(impressionTemplates(createTemplateSubject(q * 9), 2));
    if (mated.hit?.id === `S${q * 9}`) found++;
    else if (mated.hit) falseHits++;
    if (gallery.search(impressionTemplates(createTemplateSubject(100_000 + q), 2)).hit) falseHits++;
  }
  assert.ok(found >= 36, `mated searches found ${found}/40`);
  assert.equal(falseHits, 0);
  const probe = impressionTemplates(createTemplateSubject(18), 2);
  assert.equal(gallery.search(probe).hit?.id, 'S18');
  assert.ok(gallery.remove('S18'));
  assert.notEqual(gallery.search(probe).hit?.id, 'S18');
  assert.equal(gallery.size, 399);
});

test('the decision threshold follows the pair: a mate scoring between the thresholds is a hit or not by which of its prints were extracted', () => {
  assert.deepEqual([decisionThreshold(false, false), decisionThreshold(true, false), decisionThreshold(false, true), decisionThreshold(true, true)], [SEARCH_THRESHOLD, SEARCH_THRESHOLD_ONE_EXTRACTED, SEARCH_THRESHOLD_ONE_EXTRACTED, SEARCH_THRESHOLD_BOTH_EXTRACTED]);
  const gallery = new TenprintGallery();
  for (let i = 0; i < 200; i++) gallery.enrol(`S${i}`, impressionTemplates(createTemplateSubject(i), 1));
  // Mates whose fused score falls between two thresholds (template-path prints stand in for either kind: the decision reads only the flags).
  const mateScore = (i: number) => gallery.search(impressionTemplates(createTemplateSubject(i), 2)).candidates.find((c) => c.id === `S${i}`)?.score ?? 0;
  const between = (lo: number, hi: number) => {
    for (let i = 0; i < 200; i++) if (mateScore(i) >= lo && mateScore(i) < hi) return i;
    throw new Error(`no mate scored in [${lo}, ${hi})`);
  };
  const low = between(SEARCH_THRESHOLD, SEARCH_THRESHOLD_ONE_EXTRACTED);
  const high = between(SEARCH_THRESHOLD_ONE_EXTRACTED, SEARCH_THRESHOLD_BOTH_EXTRACTED);
  const hit = (i: number, probeExtracted: boolean) => gallery.search(impressionTemplates(createTemplateSubject(i), 2), probeExtracted).hit?.id === `S${i}`;
  assert.deepEqual([hit(low, false), hit(low, true), hit(high, false), hit(high, true)], [true, false, true, true]);
  // The records enrolled again as extracted from images: both sides extracted now needs the highest threshold.
  for (const i of [low, high]) gallery.enrol(`S${i}`, impressionTemplates(createTemplateSubject(i), 1), true);
  assert.deepEqual([hit(low, false), hit(high, false), hit(high, true)], [false, true, false]);
});

test('recent postings: chains compact into the compressed part in enrolment order, dead subjects dropped', async () => {
  const { BLOCK_FIELDS, KEY_FIELDS, RecentIndex } = await import('../src/biometrics/search/recent-index.ts');
  const keys = 50;
  const recent = new RecentIndex(keys, 64);
  const alive = new Uint8Array(1000).fill(1);
  const expected: number[][] = Array.from({ length: keys }, () => []);
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let subject = 0; subject < 1000; subject++) {
    // A removal is seen by the next compaction.
    if (subject % 37 === 36) alive[subject - 20] = 0;
    // Three distinct keys a subject, added at once (a batch may straddle a compaction).
    const mine = new Set<number>();
    while (mine.size < 3) mine.add(next() % keys);
    const list = [...mine].sort((a, b) => a - b);
    recent.addAll(0, list, subject, alive);
    for (const key of list) expected[key].push(subject);
  }
  // A key's record: compacted postings start, end, chain head, chain length (see KEY_FIELDS).
  const field = (k: number, f: number) => recent.byKey[k * KEY_FIELDS + f];
  const read = (k: number): number[] => {
    const out: number[] = [];
    for (let i = field(k, 0); i < field(k, 1); i++) out.push(recent.postings[i]);
    // Chain blocks newest first, each holding its postings oldest first (see BLOCK_FIELDS).
    const chain: number[] = [];
    for (let h = field(k, 2); h !== 0; h = recent.blocks[BLOCK_FIELDS * (h - 1)]) {
      const b = BLOCK_FIELDS * (h - 1);
      chain.unshift(...recent.blocks.subarray(b + 2, b + 2 + recent.blocks[b + 1]));
    }
    return [...out, ...chain];
  };
  assert.ok(recent.postings.length > 0, 'compacted at least once');
  for (let k = 0; k < keys; k++) {
    const got = read(k);
    assert.equal(field(k, 1) - field(k, 0) + field(k, 3), got.length);
    // Everything alive is there, in order; dead ones only where no compaction has passed since.
    assert.deepEqual(got.filter((s) => alive[s]), expected[k].filter((s) => alive[s]));
  }
  recent.compact(alive);
  for (let k = 0; k < keys; k++) assert.deepEqual(read(k), expected[k].filter((s) => alive[s]));
  recent.clear();
  assert.equal(recent.size, 0);
  assert.equal(field(3, 3), 0);
  // While read by another thread: past chainMax the chains neither compact nor move (a reader's
  // arrays stay valid), up to their capacity; the next addAll not under a read compacts.
  const arrays = recent.view();
  for (let i = 0; i < 70; i++) recent.addAll(0, [i % keys], i, alive, true);
  assert.equal(recent.postings.length, 0);
  assert.equal(recent.view().blocks, arrays.blocks);
  assert.deepEqual(read(5), [5, 55]);
  assert.throws(() => {
    for (let i = 70; i < 200; i++) recent.addAll(0, [i % keys], i, alive, true);
  }, /while a search reads them/);
  recent.addAll(0, [1], 200, alive);
  assert.ok(recent.postings.length > 0 && recent.size > 64);
  assert.deepEqual(read(5), [5, 55, 105]);
});

test('search results do not depend on how the index stands: recent chains, compacted and merged postings agree', () => {
  const gallery = new TenprintGallery();
  const probes = [3, 177, 350, 522, 699, 833].map((i) => impressionTemplates(createTemplateSubject(7000 + i), 2));
  const ranked = () => probes.map((p) => gallery.search(p).candidates.map((c) => `${c.id}:${c.score}`));
  for (let i = 0; i < 960; i++) {
    gallery.enrol(`R${i}`, impressionTemplates(createTemplateSubject(7000 + i), 1));
    if (i % 50 === 49) gallery.remove(`R${i - 40}`);
    if (i % 480 === 479) {
      // ~4,800 postings a subject: each interval compacts the chains (2^21 postings) once, so here
      // the gallery stands as a (possibly empty) main index, a compacted recent part and chains.
      const before = ranked();
      gallery.arrays();
      assert.deepEqual(ranked(), before, `after ${i + 1} enrolments`);
    }
  }
  assert.equal(gallery.search(probes[5]).hit?.id, 'R833');
});

test('minutiae-level masters are deterministic and keep the pattern class of full masters', async () => {
  const { createMaster, createMinutiaeMaster } = await import('../src/biometrics/synth/index.ts');
  assert.deepEqual(createMinutiaeMaster(5), createMinutiaeMaster(5));
  for (const seed of [1, 2, 3]) assert.equal(createMinutiaeMaster(seed).patternClass, createMaster(seed).patternClass);
  const counts = Array.from({ length: 50 }, (_, s) => createMinutiaeMaster(s).minutiae.length);
  assert.ok(Math.min(...counts) >= 30 && Math.max(...counts) <= 95, `minutiae ${Math.min(...counts)}..${Math.max(...counts)}`);
});

test('a template-path close call gets the ten-finger second look, a search without a hit the deeper candidate list: mates short of the threshold on four fingers are found, strangers are not', async () => {
  const { SearchPool } = await import('../src/biometrics/search/search-pool.ts');
  const gallery = new TenprintGallery();
  const people = 240;
  for (let i = 0; i < people; i++) gallery.enrol(`T${i}`, impressionTemplates(createTemplateSubject(31337 + i), 2));
  const probe = (i: number) => impressionTemplates(createTemplateSubject(31337 + i), 100);
  const close: number[] = [];
  let found = 0;
  for (let i = 0; i < people; i++) {
    const r = gallery.search(probe(i));
    const mate = r.candidates.find((c) => c.id === `T${i}`);
    if (r.hit?.id === `T${i}`) found++;
    if (!mate || mate.score >= SEARCH_THRESHOLD) continue;
    if (mate.score < SEARCH_TEN_FINGERS_FROM) {
      assert.equal(mate.tenScore, undefined);
      continue;
    }
    // Four fingers fall short, ten decide: every position compared.
    close.push(i);
    assert.equal(Object.keys(mate.fingerScores).length, 10);
    assert.ok(mate.tenScore! >= SEARCH_THRESHOLD_TEN, `T${i}: ${mate.score} on four fingers, ${mate.tenScore} on ten`);
    assert.equal(r.hit?.id, `T${i}`);
    // Prints extracted from images get no second look (their impostors reach the ten-finger threshold).
    const asExtracted = gallery.search(probe(i), true).candidates.find((c) => c.id === `T${i}`);
    assert.equal(asExtracted?.tenScore, undefined);
  }
  // 4.3 % of template-path mates fuse below SEARCH_THRESHOLD (bench/ten-finger.bench.ts).
  assert.ok(close.length >= 3, `${close.length} close calls among ${people} mated searches`);
  assert.ok(found >= people * 0.97, `${found}/${people} mates found`);
  // Strangers: no hit, after the deeper candidate list (template path); an extracted probe gets only the short one.
  for (let i = 0; i < 60; i++) {
    const stranger = impressionTemplates(createTemplateSubject(900_000 + i), 100);
    const r = gallery.search(stranger);
    assert.equal(r.hit, null);
    assert.ok(r.comparisons >= SEARCH_DEEPER_CANDIDATES * 4, `${r.comparisons} comparisons`);
    assert.equal(r.candidates.length, SEARCH_CANDIDATES);
    assert.ok(gallery.search(stranger, true).comparisons <= SEARCH_CANDIDATES * 4);
  }
  const pool = new SearchPool(1);
  try {
    for (const i of close.slice(0, 2)) {
      const pooled = await pool.search(gallery, probe(i));
      assert.equal(pooled.hit?.id, `T${i}`);
      assert.deepEqual(pooled.candidates, gallery.search(probe(i)).candidates);
    }
  } finally {
    await pool.close();
  }
});

test('a subject enrolled after a search is found through the recent postings, and the pool agrees with the in-thread search', async () => {
  const { SearchPool } = await import('../src/biometrics/search/search-pool.ts');
  const gallery = new TenprintGallery();
  for (let i = 0; i < 120; i++) gallery.enrol(`P${i}`, impressionTemplates(createTemplateSubject(5000 + i), 1));
  const probe = (i: number) => impressionTemplates(createTemplateSubject(5000 + i), 2);
  assert.equal(gallery.search(probe(7)).hit?.id, 'P7');
  // Enrolled after the index was merged: searched through the recent postings, no merge needed.
  gallery.enrol('LATE', impressionTemplates(createTemplateSubject(9999), 1));
  assert.equal(gallery.search(impressionTemplates(createTemplateSubject(9999), 2)).hit?.id, 'LATE');
  const pool = new SearchPool(2);
  try {
    for (const i of [3, 50, 119]) {
      const local = gallery.search(probe(i));
      const pooled = await pool.search(gallery, probe(i));
      assert.deepEqual(pooled.candidates.map((c) => [c.id, c.score]), local.candidates.map((c) => [c.id, c.score]));
    }
    // The threads read the gallery in place: a later enrolment and a removal show at once.
    gallery.enrol('LATER', impressionTemplates(createTemplateSubject(9998), 1));
    assert.equal((await pool.search(gallery, impressionTemplates(createTemplateSubject(9998), 2))).hit?.id, 'LATER');
    gallery.remove('P50');
    assert.notEqual((await pool.search(gallery, probe(50))).hit?.id, 'P50');
    assert.ok(!(await pool.search(gallery, probe(50))).candidates.some((c) => c.id === 'P50'));
    // While threads read it, enrolment and removal go on; the searches see the gallery as they
    // found it (not the subject enrolled meanwhile, nor a crash on the chains it grew).
    const during = impressionTemplates(createTemplateSubject(9997), 2);
    const searching = [pool.search(gallery, probe(3)), pool.search(gallery, during)];
    gallery.enrol('DURING', impressionTemplates(createTemplateSubject(9997), 1));
    gallery.remove('P119');
    const [p3, stale9997] = await Promise.all(searching);
    assert.equal(p3.hit?.id, 'P3');
    assert.ok(!stale9997.candidates.some((c) => c.id === 'DURING'));
    assert.equal(gallery.withLater(stale9997, during).hit?.id, 'DURING');
    assert.equal((await pool.search(gallery, during)).hit?.id, 'DURING');
    assert.ok(!(await pool.search(gallery, probe(119))).candidates.some((c) => c.id === 'P119'));
    assert.equal(gallery.size, 121);
    // A pooled result brought up to date with the subjects enrolled after it read the gallery: the
    // mate enrolled since is pre-selected among them and found; the others are not compared.
    const late = impressionTemplates(createTemplateSubject(9996), 2);
    const stale = await pool.search(gallery, late);
    assert.equal(stale.hit, null);
    for (let i = 0; i < 6; i++) gallery.enrol(`NEW${i}`, impressionTemplates(createTemplateSubject(8000 + i), 1));
    gallery.enrol('MATE', impressionTemplates(createTemplateSubject(9996), 1));
    const current = gallery.withLater(stale, late);
    assert.equal(current.hit?.id, 'MATE');
    assert.ok(current.comparisons - stale.comparisons < 7 * 4, `${current.comparisons - stale.comparisons} comparisons with the 7 later subjects`);
    assert.deepEqual(current.candidates.slice(0, 1).map((c) => c.id), gallery.search(late).candidates.slice(0, 1).map((c) => c.id));
    assert.equal(gallery.withLater(await pool.search(gallery, late), late).hit?.id, 'MATE');
  } finally {
    await pool.close();
  }
});

test('a gallery saved to a file loads back with the same search results; a bad file is refused by name', async () => {
  const { saveGallery, loadGallery } = await import('../src/biometrics/search/gallery-file.ts');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'scomm-gallery-'));
  try {
    const gallery = new TenprintGallery();
    for (let i = 0; i < 60; i++) gallery.enrol(`F${i}`, impressionTemplates(createTemplateSubject(7000 + i), 1));
    gallery.remove('F5');
    const file = path.join(dir, 'g.bin');
    saveGallery(gallery, file, 'v1');
    assert.equal(loadGallery(file, 'other'), null);
    const back = loadGallery(file, 'v1')!;
    assert.equal(back.size, 59);
    assert.ok(!back.has('F5') && back.has('F6'));
    for (const i of [1, 5, 33]) {
      const probe = impressionTemplates(createTemplateSubject(7000 + i), 2);
      assert.deepEqual(back.search(probe), gallery.search(probe));
    }
    back.enrol('NEW', impressionTemplates(createTemplateSubject(7777), 1));
    assert.equal(back.search(impressionTemplates(createTemplateSubject(7777), 2)).hit?.id, 'NEW');
    const bad = path.join(dir, 'bad.bin');
    writeFileSync(bad, 'not a gallery at all');
    assert.throws(() => loadGallery(bad), /bad\.bin: not a scomm gallery file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('packed gallery fingers and wire templates keep minutiae (angles to 1/65536 and 1/1000 of a turn and radian)', async () => {
  const { toWireTemplate, fromWireTemplate } = await import('../src/biometrics/search/wire-template.ts');
  const { readFinger, writeFinger, sharedArray } = await import('../src/biometrics/search/gallery-arrays.ts');
  const t = impressionTemplates(createTemplateSubject(3), 1)[1];
  const w = fromWireTemplate(toWireTemplate(t));
  const g = { subjects: 1, alive: sharedArray(Uint8Array, 1), keyCount: sharedArray(Uint32Array, 1), slotInfo: sharedArray(Uint16Array, 40), slotQuality: sharedArray(Uint8Array, 10), slotStart: sharedArray(Uint32Array, 10), minutiae: sharedArray(Uint16Array, t.minutiae.length * 4), minutiaeUsed: 0, offsets: new Uint32Array(1), postings: new Uint32Array(0), slotPrepared: sharedArray(Uint32Array, 10), prepared: sharedArray(Uint8Array, 0), preparedUsed: 0 };
  writeFinger(g, 1, t, 0);
  const p = readFinger(g, 1)!;
  assert.equal(readFinger(g, 0), undefined);
  for (const back of [w, p]) {
    assert.equal(back.minutiae.length, t.minutiae.length);
    assert.equal(back.fingerPosition, 2);
    back.minutiae.forEach((m, i) => {
      assert.equal(m.x, t.minutiae[i].x);
      assert.equal(m.type, t.minutiae[i].type);
      assert.ok(Math.abs(m.angle - t.minutiae[i].angle) < 1e-3);
    });
  }
});

test('threshold at a target FPIR: at most floor(fpir * n) non-mated best scores reach it', async () => {
  const { thresholdAtFpir } = await import('../src/biometrics/search/search-bench.ts');
  const scores = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
  const t = thresholdAtFpir(scores, 0.001);
  assert.equal(scores.filter((s) => s >= t).length, 1);
  assert.ok(t > 998 && t < 999 + 1e-3);
  assert.equal(scores.filter((s) => s >= thresholdAtFpir(scores, 0.01)).length, 10);
  assert.equal(thresholdAtFpir([5, 5, 5], 0.001) > 5, true);
  assert.equal(thresholdAtFpir([], 0.001), Number.POSITIVE_INFINITY);
});

test('scomm bench search --json: the contract keys from a small run; bad options exit 2 with one error line', async () => {
  const { runScomm } = await import('./support/cli.ts');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const bad = runScomm(['bench', 'search', '--subjects', '100', '--fpir', '2']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: --fpir must be a rate between 0 and 1/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  const cache = mkdtempSync(path.join(tmpdir(), 'scomm-bench-'));
  try {
    const r = runScomm(['bench', 'search', '--subjects', '40', '--rendered', '1', '--held-out', '5', '--template-mated', '5', '--threads', '1', '--cache', cache, '--json'], { timeoutMs: 300_000 });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    for (const key of ['subjects', 'fingers', 'queries', 'p50Ms', 'p95Ms', 'fnir', 'fpir', 'buildMs', 'memoryMB', 'threshold', 'singleFinger']) assert.ok(key in out, key);
    assert.equal(out.subjects, 40);
    assert.equal(out.fingers, 400);
    assert.equal(out.queries, 12);
    for (const k of ['fnir', 'fpir']) assert.ok(out[k] >= 0 && out[k] <= 1);
    // The rendered subject was searched with a rendered impression: found.
    assert.equal(out.rendered.rank1, 1);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('templates packed for another thread come back exactly, finger position or none', async () => {
  const { packTemplates, unpackTemplates } = await import('../src/biometrics/template/packed.ts');
  const fingers = impressionTemplates(createTemplateSubject(11), 3);
  const loose = { ...fingers[0], fingerPosition: undefined, minutiae: [{ x: 1.25, y: 2, angle: 6.2831, type: 'other' as const, quality: 0 }] };
  delete loose.fingerPosition;
  const back = unpackTemplates(packTemplates([...fingers, loose]));
  assert.deepEqual(back, [...fingers, loose]);
  assert.deepEqual(unpackTemplates(packTemplates([])), []);
});
