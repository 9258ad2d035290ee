import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildWaveletTree, type WaveletNode } from '../src/biometrics/image/wsq-tree.ts';
import { analyze, HIGHPASS_HALF, LOWPASS_HALF, synthesisFilters, synthesize, synthesizeByPlan, type WaveletFilters } from '../src/biometrics/image/wsq-wavelet.ts';
import { Rng } from '../src/random.ts';

interface Case {
  label: string;
  width: number;
  height: number;
  tree: WaveletNode[];
}

/**
 * Whole WSQ trees of odd and even sizes whose nodes are all `shortest` or more, and single nodes of
 * every length shortest..40 in both directions with either inversion, each inside a larger image (degenerate short lines read a sample past their
 * end, as the reference decoder does: it must lie in the image for both paths alike).
 */
function cases(rng: Rng, shortest: number): Case[] {
  const trees = [
    [64, 64],
    [97, 101],
    [128, 75],
    [256, 256],
    [263, 301],
    [320, 400],
  ]
    .map(([width, height]) => ({ label: `${width}x${height}`, width, height, tree: buildWaveletTree(width, height) }))
    .filter((c) => c.tree.every((n) => n.lenx >= shortest && n.leny >= shortest));
  const nodes: Case[] = [];
  for (let len = shortest; len <= 40; len++) {
    const other = shortest + rng.int(40 - shortest);
    for (const [lenx, leny] of [
      [len, other],
      [other, len],
    ]) {
      const node = { x: 1, y: 2, lenx, leny, invRow: rng.chance(0.5), invCol: rng.chance(0.5) };
      nodes.push({ label: `node ${lenx}x${leny} inv ${node.invRow}/${node.invCol}`, width: lenx + 3, height: leny + 4, tree: [node] });
    }
  }
  return [...trees, ...nodes];
}

const randomImage = (rng: Rng, c: Case) => Float32Array.from({ length: c.width * c.height }, () => rng.range(-200, 200));

function assertSame(actual: Float32Array, expected: Float32Array, label: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${label}: sample ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

function synthesizeBoth(img: Float32Array, c: Case, filters: WaveletFilters): void {
  const fast = img.slice();
  const plan = img.slice();
  synthesize(fast, c.width, c.tree, filters);
  synthesizeByPlan(plan, c.width, c.tree, filters);
  // The fixed-tap loops are meant to be the plan's sums in the plan's order: not one bit apart.
  assertSame(fast, plan, c.label);
}

function assertNear(actual: Float32Array, expected: Float32Array, tolerance: number, label: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) assert.fail(`${label}: sample ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/**
 * The forward transform as the encoder defines it, written plainly: per node, rows then columns;
 * every output sums its taps leftmost first in double precision, reading the line mirrored about
 * its end samples, and is stored in single precision. Lowpass k is centred on sample 2k, highpass k
 * on 2k + 1; the highpass half comes first where the node is inverted. Any odd filter lengths.
 */
function analyzeReference(img: Float32Array, width: number, tree: WaveletNode[], lowHalf: readonly number[], highHalf: readonly number[]): void {
  const full = (half: readonly number[]) => [...half.slice(1).reverse(), ...half];
  const lo = full(lowHalf);
  const hi = full(highHalf);
  const line = (len: number, inv: boolean, at: (i: number) => number, put: (k: number, v: number) => void) => {
    const llen = (len + 1) >> 1;
    const hlen = len >> 1;
    const mirrored = (i: number) => at(i < 0 ? -i : i >= len ? 2 * (len - 1) - i : i);
    const sum = (taps: number[], centre: number) => {
      const first = centre - (taps.length >> 1);
      let acc = taps[0] * mirrored(first);
      for (let j = 1; j < taps.length; j++) acc += taps[j] * mirrored(first + j);
      return acc;
    };
    for (let k = 0; k < llen; k++) put((inv ? hlen : 0) + k, sum(lo, 2 * k));
    for (let k = 0; k < hlen; k++) put((inv ? 0 : llen) + k, sum(hi, 2 * k + 1));
  };
  for (const n of tree) {
    const rows = new Float32Array(n.lenx * n.leny);
    const at = (x: number, y: number) => (n.y + y) * width + n.x + x;
    for (let y = 0; y < n.leny; y++) line(n.lenx, n.invRow, (i) => img[at(i, y)], (k, v) => (rows[y * n.lenx + k] = v));
    for (let x = 0; x < n.lenx; x++) line(n.leny, n.invCol, (i) => rows[i * n.lenx + x], (k, v) => (img[at(x, k)] = v));
  }
}

test("synthesis: the 9/7 pair's fixed-tap interior gives the plan path's values to the last bit, on whole trees and on single nodes of 1..40 samples", () => {
  const rng = new Rng('wsq-synthesis');
  const standard = synthesisFilters(9, LOWPASS_HALF, 7, HIGHPASS_HALF);
  // Other coefficients of the same lengths take the same loops with the weights their plans give.
  const other = synthesisFilters(9, LOWPASS_HALF.map((v) => v * rng.range(0.8, 1.2)), 7, HIGHPASS_HALF.map((v) => v * rng.range(0.8, 1.2)));
  for (const c of cases(rng, 1)) {
    synthesizeBoth(randomImage(rng, c), c, standard);
    synthesizeBoth(randomImage(rng, c), c, other);
  }
});

test('analysis: the same values as a plain per-output convolution, to the last bit, on whole trees and on single nodes of 5..40 samples', () => {
  const rng = new Rng('wsq-analysis');
  // Other coefficients too: each tap must meet its own sample.
  const halves = [
    [LOWPASS_HALF, HIGHPASS_HALF],
    [LOWPASS_HALF.map(() => rng.range(-1, 1)), HIGHPASS_HALF.map(() => rng.range(-1, 1))],
  ];
  for (const c of cases(rng, 5)) {
    for (const [lowHalf, highHalf] of halves) {
      const img = randomImage(rng, c);
      const expected = img.slice();
      analyze(img, c.width, c.tree, lowHalf, highHalf);
      analyzeReference(expected, c.width, c.tree, lowHalf, highHalf);
      // The encoder's output bytes depend on these values: not one bit apart.
      assertSame(img, expected, c.label);
    }
  }
});

test('synthesis with filters other than 9/7 (the 5/3 pair) takes the plan path, and undoes the 5/3 analysis', () => {
  const rng = new Rng('wsq-synthesis-5/3');
  // LeGall 5/3, scaled (like the 9/7) so that synthesis after analysis is the identity.
  const lowHalf = [0.75, 0.25, -0.125].map((v) => v * Math.SQRT2);
  const highHalf = [1, -0.5].map((v) => v / Math.SQRT2);
  const filters = synthesisFilters(5, lowHalf, 3, highHalf);
  // Lines of 3 samples or fewer are degenerate for a 5-tap filter (its mirror wraps twice).
  for (const c of cases(rng, 4)) {
    const img = randomImage(rng, c);
    synthesizeBoth(img, c, filters);
    const coefficients = img.slice();
    analyzeReference(coefficients, c.width, c.tree, lowHalf, highHalf);
    synthesize(coefficients, c.width, c.tree, filters);
    assertNear(coefficients, img, 1e-3, c.label);
  }
});

test('the 9/7 synthesis undoes the analysis to within single-precision rounding', () => {
  const rng = new Rng('wsq-round-trip');
  const filters = synthesisFilters(9, LOWPASS_HALF, 7, HIGHPASS_HALF);
  // The analysis is written for the encoder's nodes, 8 samples or more.
  for (const c of cases(rng, 8)) {
    const img = randomImage(rng, c);
    const coefficients = img.slice();
    analyze(coefficients, c.width, c.tree, LOWPASS_HALF, HIGHPASS_HALF);
    synthesize(coefficients, c.width, c.tree, filters);
    assertNear(coefficients, img, 1e-3, c.label);
  }
});
