import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScomm } from './support/cli.ts';

test('--version prints the package version and exits 0', () => {
  const r = runScomm(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('an unknown command exits 2 with one error line and no stack trace', () => {
  const r = runScomm(['no-such-command']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: .*no-such-command/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/);
});

test('--help lists the commands', () => {
  const r = runScomm(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /demo/);
});
