import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareTemplates } from '../src/biometrics/match/compare.ts';
import { ANGLE_UNIT, buildEdgeHash, EDGE_BUCKETS, edgeBucket, LENGTH_UNIT, packCandidate, packedCandidateBytes, prepareTemplate, unpackCandidate, type PreparedTemplate, wrap } from '../src/biometrics/match/prepared-template.ts';
import {
  CANDIDATE_NEIGHBOURS,
  EDGE_ANGLE_BINS,
  EDGE_DISTANCE_BIN,
  GRID_CELL,
  LOCAL_ANGLE_TOLERANCE,
  LOCAL_DISTANCE_SHARE,
  LOCAL_DISTANCE_TOLERANCE,
  MATCH_MAX_MINUTIAE,
  NEIGHBOUR_MAX_DISTANCE,
  NEIGHBOURS,
  SEARCH_TRIPLET_ANGLE_BINS,
  SEARCH_TRIPLET_DISTANCE_BIN,
  SEARCH_TRIPLET_DISTANCE_BINS,
  SEARCH_TRIPLET_NEIGHBOURS,
} from '../src/biometrics/parameters.ts';
import { triplets } from '../src/biometrics/search/triplets.ts';
import { createTemplateSubject, impressionTemplates } from '../src/biometrics/synth/index.ts';
import type { FingerTemplate, Minutia } from '../src/biometrics/template/types.ts';
import { Rng } from '../src/random.ts';

const TWO_PI = 2 * Math.PI;
const DISTANCE_BINS = Math.ceil(NEIGHBOUR_MAX_DISTANCE / EDGE_DISTANCE_BIN) + 1;

/**
 * Pinned from the code of commit 3eb7073 (the plain implementation the faster one replaced), run on
 * the same templates: compareTemplates scores of seeded pairs, and digests of every prepared field
 * and every finger's triplet keys.
 */
const GENUINE = [42.68072419126711, 133.87377702163386, 114.81443579487502, 68.98847457644759, 135.23471868792865, 63.03923908519086, 12.515596190615181, 252.10335913030443, 102.18860924708623, 78.47825452549495];
const IMPOSTOR = [13.224267530765959, 7.008773490343313, 12.934377037200795, 2.629168794586818, 3.3894041384808697, 9.58234246622138, 28.531660136954503, 24.653619275964093, 10.38968730887748, 0];
const PREPARED_DIGEST = '24003815';
// Triplet keys renumbered (e2 (e2 + 1) / 2 + e1, see TRIPLET_KEYS): the same keys as 3eb7073's, mapped one to one (the restatement test below).
const TRIPLETS_DIGEST = '2daeba6';

const minutia = (x: number, y: number, angle: number, quality = 50): Minutia => ({ x, y, angle, type: 'ending', quality });
const template = (minutiae: Minutia[], ppi = 500): FingerTemplate => ({ width: 400, height: 500, ppi, quality: 50, minutiae });

/** All ten fingers of impressions 1 and 2 of seeded synthetic people, as the template path makes them. */
const synthetic = (seeds: number[]) => seeds.flatMap((s) => [1, 2].flatMap((i) => impressionTemplates(createTemplateSubject(s), i)));

/** Templates at the edges: too few minutiae, shared positions, more than MATCH_MAX_MINUTIAE, equal qualities, other resolutions, angles on the wrap. */
function edgeCases(): FingerTemplate[] {
  const rng = new Rng(0x9e7);
  const random = (n: number, quality: () => number, angle = () => rng.range(0, TWO_PI)) => Array.from({ length: n }, () => minutia(rng.int(400), rng.int(500), angle(), quality()));
  const out = [template([]), template([minutia(10, 10, 1)]), template([minutia(10, 10, 1), minutia(10, 10, 2)]), template([minutia(0, 0, 0), minutia(0, 131, 0), minutia(0, 130, 0)])];
  for (const [k, n] of [3, 28, 64, 65, 100, 200].entries()) {
    out.push(template(random(n, () => 50), [500, 1000, 250, 0, 508, 333][k]));
    out.push(template(random(n, () => rng.int(5) * 20)));
    const ms = random(n, () => rng.int(101));
    out.push(template(ms.concat(ms.slice(0, n >> 2).map((m) => ({ ...m, angle: rng.range(0, TWO_PI) })))));
  }
  // A lattice: many neighbours at equal distances (ties go to the lower index).
  const lattice: Minutia[] = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) lattice.push(minutia(c * 37, r * 37, ((r * 8 + c) % 16) * (Math.PI / 8), 60 + ((r + c) % 2)));
  out.push(template(lattice), template(lattice, 1000));
  const onTheWrap = [0, TWO_PI - 1e-15, TWO_PI - 2e-7, Math.PI, 1e-300];
  for (let k = 0; k < 10; k++) out.push(template(random(30, () => 70, () => (rng.chance(0.5) ? onTheWrap[rng.int(onTheWrap.length)] : rng.int(256) * ANGLE_UNIT))));
  return out;
}

/** The fields of a prepared template (its edge hash built), in a fixed order. */
function fields(p: PreparedTemplate): (ArrayBufferView | number)[] {
  if (!p.bucketEntries) buildEdgeHash(p);
  return [p.count, p.x, p.y, p.angle, p.neighbours, p.edgeShape, p.lookupShape, p.lookupKey, p.bucketStart!, p.bucketEntries!, p.gridX0, p.gridY0, p.maxX, p.maxY, p.cellSize, p.gridW, p.gridH, p.cellStart, p.cellMinutiae, p.rowMask];
}

/** FNV-1a (32 bits) over the bytes of the values, numbers as doubles. */
function digest(values: Iterable<ArrayBufferView | number>): string {
  let h = 0x811c9dc5;
  for (const v of values) {
    const bytes = typeof v === 'number' ? new Uint8Array(Float64Array.of(v).buffer) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

/** Angle in [0, 2 pi), the plain way. */
const wrapped = (a: number) => ((a %= TWO_PI), a < 0 ? a + TWO_PI : a);

/**
 * A straightforward restatement of what prepareTemplate and buildEdgeHash compute (arrays of
 * objects, library sorts, no scratch): the fields of the prepared template, in fields() order.
 */
function reference(t: FingerTemplate): (ArrayBufferView | number)[] {
  const scale = t.ppi > 0 ? 500 / t.ppi : 1;
  const ms = t.minutiae.map((m, k) => ({ m, k })).sort((a, b) => b.m.quality - a.m.quality || a.k - b.k).slice(0, MATCH_MAX_MINUTIAE).map((e) => e.m);
  const n = ms.length;
  const x = Float32Array.from(ms, (m) => m.x * scale);
  const y = Float32Array.from(ms, (m) => m.y * scale);
  const angle = Float32Array.from(ms, (m) => wrapped(TWO_PI - m.angle));
  const neighbours = new Uint8Array(n);
  const edgeShape = new Uint32Array(n * NEIGHBOURS);
  const lookups: { bucket: number; e: number }[] = [];
  const hash: { bucket: number; entry: number }[] = [];
  for (let i = 0; i < n; i++) {
    const near = [...Array(n).keys()]
      .map((j) => ({ j, d: (x[j] - x[i]) ** 2 + (y[j] - y[i]) ** 2 }))
      .filter(({ j, d }) => j !== i && d > 0 && d <= NEIGHBOUR_MAX_DISTANCE ** 2)
      .sort((a, b) => a.d - b.d || a.j - b.j)
      .slice(0, NEIGHBOURS);
    neighbours[i] = near.length;
    near.forEach(({ j, d }, s) => {
      const e = i * NEIGHBOURS + s;
      const length = Math.fround(Math.sqrt(d));
      const bearing = Math.fround(wrapped(Math.atan2(y[j] - y[i], x[j] - x[i]) - angle[i]));
      const direction = Math.fround(wrapped(angle[j] - angle[i]));
      edgeShape[e] = Math.min(255, Math.round(length / LENGTH_UNIT)) | ((Math.round(bearing / ANGLE_UNIT) & 255) << 8) | ((Math.round(direction / ANGLE_UNIT) & 255) << 16);
      if (s < CANDIDATE_NEIGHBOURS) lookups.push({ bucket: edgeBucket(length, bearing, direction), e });
      // The hash: every bucket the tolerance box of the packed shape reaches.
      const [l, b, c] = [(edgeShape[e] & 255) * LENGTH_UNIT, ((edgeShape[e] >>> 8) & 255) * ANGLE_UNIT, (edgeShape[e] >>> 16) * ANGLE_UNIT];
      const tol = LOCAL_DISTANCE_TOLERANCE + LOCAL_DISTANCE_SHARE * l;
      const bin = TWO_PI / EDGE_ANGLE_BINS;
      const ds = new Set<number>();
      for (let d2 = Math.floor((l - tol) / EDGE_DISTANCE_BIN); d2 <= Math.floor((l + tol) / EDGE_DISTANCE_BIN); d2++) ds.add(Math.min(DISTANCE_BINS - 1, Math.max(0, d2)));
      const angleBins = (a: number) => Array.from({ length: Math.floor((a + LOCAL_ANGLE_TOLERANCE) / bin) - Math.floor((a - LOCAL_ANGLE_TOLERANCE) / bin) + 1 }, (_, u) => (Math.floor((a - LOCAL_ANGLE_TOLERANCE) / bin) + u + EDGE_ANGLE_BINS) % EDGE_ANGLE_BINS);
      for (const d2 of ds) for (const bb of angleBins(b)) for (const cc of angleBins(c)) hash.push({ bucket: (d2 * EDGE_ANGLE_BINS + bb) * EDGE_ANGLE_BINS + cc, entry: (edgeShape[e] | (i << 24)) >>> 0 });
    });
  }
  lookups.sort((a, b) => a.bucket - b.bucket || a.e - b.e);
  hash.sort((a, b) => a.bucket - b.bucket);
  const bucketStart = new Uint16Array(EDGE_BUCKETS + 1);
  for (const h of hash) bucketStart[h.bucket + 1]++;
  for (let k = 0; k < EDGE_BUCKETS; k++) bucketStart[k + 1] += bucketStart[k];
  const x0 = n ? Math.min(...x) : 0, y0 = n ? Math.min(...y) : 0, x1 = n ? Math.max(...x) : 0, y1 = n ? Math.max(...y) : 0;
  const cellSize = Math.max(GRID_CELL, Math.ceil((x1 - x0) / 30));
  const gridW = Math.floor((x1 - x0) * (1 / cellSize)) + 1;
  const gridH = Math.floor((y1 - y0) * (1 / cellSize)) + 1;
  const cell = (i: number) => Math.floor((y[i] - y0) * (1 / cellSize)) * gridW + Math.floor((x[i] - x0) * (1 / cellSize));
  const byCell = [...Array(n).keys()].sort((a, b) => cell(a) - cell(b) || a - b);
  const cellStart = Uint16Array.from({ length: gridW * gridH + 1 }, (_, k) => byCell.filter((i) => cell(i) < k).length);
  const rowMask = new Int32Array(gridH);
  for (let i = 0; i < n; i++) rowMask[Math.floor(cell(i) / gridW)] |= 1 << cell(i) % gridW;
  return [
    n, x, y, angle, neighbours, edgeShape,
    Uint32Array.from(lookups, ({ e }) => (edgeShape[e] | (Math.floor(e / NEIGHBOURS) << 24)) >>> 0),
    Uint16Array.from(lookups, ({ bucket }) => bucket),
    bucketStart, Uint32Array.from(hash, (h) => h.entry),
    x0, y0, x1, y1, cellSize, gridW, gridH, cellStart, Uint8Array.from(byCell), rowMask,
  ];
}

test('wrap is a % 2 pi plus 2 pi below 0, to the bit: around every multiple of 2 pi it passes, and elsewhere', () => {
  const bits = new Float64Array(1);
  const steps = new BigInt64Array(bits.buffer);
  const around = [-3, -2, -1, 0, 1, 2, 3].flatMap((k) => {
    const out: number[] = [];
    for (let u = -300; u <= 300; u++) {
      bits[0] = k * TWO_PI;
      steps[0] += BigInt(u);
      out.push(k === 0 ? u * 5e-324 : bits[0]);
    }
    return out;
  });
  const rng = new Rng(5);
  const random = Array.from({ length: 20_000 }, () => rng.range(-30, 30));
  for (const a of [...around, ...random, -0, NaN, Infinity, -Infinity, 1e300, -1e300]) assert.ok(Object.is(wrap(a), wrapped(a)), `wrap(${a}) = ${wrap(a)}, not ${wrapped(a)}`);
});

test('prepared templates and their edge hashes are what a straightforward restatement gives, field by field', () => {
  const names = ['count', 'x', 'y', 'angle', 'neighbours', 'edgeShape', 'lookupShape', 'lookupKey', 'bucketStart', 'bucketEntries', 'gridX0', 'gridY0', 'maxX', 'maxY', 'cellSize', 'gridW', 'gridH', 'cellStart', 'cellMinutiae', 'rowMask'];
  const set = [...synthetic([1, 2]), ...edgeCases()];
  // All prepared before any is checked: results must not share memory with a later preparation.
  const prepared = set.map(prepareTemplate);
  prepared.forEach(buildEdgeHash);
  prepared.forEach((p, k) => {
    const want = reference(set[k]);
    fields(p).forEach((v, f) => assert.deepEqual(v, want[f], `template ${k}: ${names[f]}`));
  });
});

test('the edge cases: nothing to prepare, nothing in reach, more minutiae than are kept (the best, ties in template order), other resolutions', () => {
  const empty = prepareTemplate(template([]));
  assert.deepEqual([empty.count, empty.gridW, empty.gridH, [...empty.cellStart], empty.edgeShape.length], [0, 1, 1, [0, 0], 0]);
  buildEdgeHash(empty);
  assert.equal(empty.bucketEntries!.length, 0);
  assert.equal(triplets(template([])).length, 0);
  for (const t of [template([minutia(10, 10, 1)]), template([minutia(10, 10, 1), minutia(10, 10, 2)]), template([minutia(0, 0, 1), minutia(200, 0, 2)])]) {
    const p = prepareTemplate(t);
    assert.deepEqual([...p.neighbours], t.minutiae.map(() => 0));
    assert.equal(p.lookupKey.length, 0);
  }
  const many = Array.from({ length: 100 }, (_, k) => minutia(k * 3, k * 2, 0, k % 3 === 0 ? 90 : 40));
  const p = prepareTemplate(template(many, 1000));
  assert.equal(p.count, MATCH_MAX_MINUTIAE);
  const kept = [...many.filter((m) => m.quality === 90), ...many.filter((m) => m.quality === 40)].slice(0, MATCH_MAX_MINUTIAE);
  assert.deepEqual([...p.x], kept.map((m) => m.x / 2));
  assert.deepEqual([...p.y], kept.map((m) => m.y / 2));
});

test('every edge packs its length, bearing and direction to within half a unit', () => {
  for (const t of [...synthetic([3]), ...edgeCases()]) {
    const p = prepareTemplate(t);
    // Each edge's neighbour: the nearest ones in order (ties to the lower index).
    for (let i = 0; i < p.count; i++) {
      const near = [...Array(p.count).keys()]
        .map((j) => ({ j, d: (p.x[j] - p.x[i]) ** 2 + (p.y[j] - p.y[i]) ** 2 }))
        .filter(({ j, d }) => j !== i && d > 0 && d <= NEIGHBOUR_MAX_DISTANCE ** 2)
        .sort((a, b) => a.d - b.d || a.j - b.j);
      assert.equal(p.neighbours[i], Math.min(NEIGHBOURS, near.length));
      for (let s = 0; s < p.neighbours[i]; s++) {
        const j = near[s].j;
        const d = Math.sqrt(near[s].d);
        const shape = p.edgeShape[i * NEIGHBOURS + s];
        const off = (a: number, b: number) => Math.abs(wrap(a - b + Math.PI) - Math.PI);
        assert.ok(Math.abs((shape & 255) * LENGTH_UNIT - d) <= LENGTH_UNIT / 2 + 1e-4, `length ${d}`);
        assert.ok(off(((shape >>> 8) & 255) * ANGLE_UNIT, Math.atan2(p.y[j] - p.y[i], p.x[j] - p.x[i]) - p.angle[i]) <= ANGLE_UNIT / 2 + 1e-6, 'bearing');
        assert.ok(off((shape >>> 16) * ANGLE_UNIT, p.angle[j] - p.angle[i]) <= ANGLE_UNIT / 2 + 1e-6, 'direction');
      }
    }
  }
});

test('scores of seeded pairs, and everything prepared, are what the implementation before the speed-up gave', () => {
  const set = synthetic([11, 12, 13]);
  const prepared = set.map(prepareTemplate);
  const genuine = prepared.slice(0, 10).map((p, f) => compareTemplates(p, prepared[10 + f]));
  const impostor = prepared.slice(0, 10).map((p, f) => compareTemplates(p, prepared[20 + f]));
  assert.deepEqual(genuine, GENUINE);
  assert.deepEqual(impostor, IMPOSTOR);
  assert.equal(digest([...set, ...edgeCases()].flatMap((t) => fields(prepareTemplate(t)))), PREPARED_DIGEST);
  assert.equal(digest([...set, ...edgeCases()].map(triplets)), TRIPLETS_DIGEST);
});

test('triplet keys are what a straightforward restatement gives: distinct, ascending', () => {
  const A = SEARCH_TRIPLET_ANGLE_BINS;
  const D = SEARCH_TRIPLET_DISTANCE_BINS;
  for (const t of [...synthetic([4]), ...edgeCases()]) {
    const scale = t.ppi > 0 ? 500 / t.ppi : 1;
    const x = Float32Array.from(t.minutiae, (m) => m.x * scale);
    const y = Float32Array.from(t.minutiae, (m) => m.y * scale);
    const a = Float32Array.from(t.minutiae, (m) => wrapped(TWO_PI - m.angle));
    const keys = new Set<number>();
    for (let i = 0; i < x.length; i++) {
      const edges = [...x.keys()]
        .map((j) => ({ j, d: Math.sqrt((x[j] - x[i]) ** 2 + (y[j] - y[i]) ** 2) }))
        .filter(({ j, d }) => j !== i && d > 0 && d < D * SEARCH_TRIPLET_DISTANCE_BIN)
        .sort((u, v) => u.d - v.d || u.j - v.j)
        .slice(0, SEARCH_TRIPLET_NEIGHBOURS)
        .map(({ j, d }) => {
          const bearing = wrapped(Math.atan2(y[j] - y[i], x[j] - x[i]) - a[i]);
          const direction = wrapped(a[j] - a[i]);
          return ((Math.floor((bearing / TWO_PI) * A) % A) * D + Math.floor(d / SEARCH_TRIPLET_DISTANCE_BIN)) * A + (Math.floor((direction / TWO_PI) * A) % A);
        });
      for (let p = 0; p < edges.length; p++) for (let q = p + 1; q < edges.length; q++) {
          const [e1, e2] = [Math.min(edges[p], edges[q]), Math.max(edges[p], edges[q])];
          keys.add((e2 * (e2 + 1)) / 2 + e1);
        }
    }
    assert.deepEqual(triplets(t), Uint32Array.from([...keys].sort((u, v) => u - v)));
  }
});

test('a packed candidate compares exactly as the template it was packed from, in place, and cannot be a probe', () => {
  const subjects = Array.from({ length: 12 }, (_, i) => createTemplateSubject(4200 + i));
  const gallery = subjects.flatMap((s) => impressionTemplates(s, 1).slice(0, 3));
  const probes = subjects.flatMap((s) => impressionTemplates(s, 2).slice(0, 3)).map(prepareTemplate);
  const arena = new Uint8Array(new SharedArrayBuffer(gallery.length * 4000));
  let at = 4;
  const packed = gallery.map((t) => {
    const p = prepareTemplate(t);
    const from = at;
    at = packCandidate(p, arena, at);
    assert.equal(at - from, packedCandidateBytes(p));
    assert.equal(at % 4, 0);
    return { p, from };
  });
  let mated = 0;
  packed.forEach(({ p, from }, g) => {
    const c = unpackCandidate(arena, from);
    assert.equal(c.count, p.count);
    assert.deepEqual([...c.lookupShape], [...p.lookupShape]);
    for (const [k, probe] of probes.entries()) {
      const score = compareTemplates(probe, c);
      assert.equal(score, compareTemplates(probe, p));
      if (k === g && score > 40) mated++;
    }
  });
  // The comparisons were of real pairs: mated ones score well (26 of 36 when written).
  assert.ok(mated >= gallery.length / 2, `${mated} of ${gallery.length} mated pairs above 40`);
  assert.throws(() => compareTemplates(unpackCandidate(arena, packed[0].from), probes[0]), /packed candidate/);
});
