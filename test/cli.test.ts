import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, runScomm } from './support/cli.ts';

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

test('a reader that closes early (scomm report | head -1) ends the command quietly with exit 0', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'scomm-epipe-'));
  try {
    assert.equal(runScomm(['sim', '--from', '2011-05-01', '--to', '2011-05-31', '--scale', '0.01'], { cwd: dir }).code, 0);
    // The CSV has a row per county (hundreds of kB), far past a pipe's buffer: head closes it early.
    const cli = `node ${JSON.stringify(path.join(repoRoot, 'bin/scomm.js'))}`;
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `${cli} report --month 2011-05 --format csv | head -1`], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^level,area,name/);
    assert.equal(r.stderr, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
