import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

/** The bar, as an outside check sees it: `scomm credentials create` and a running `scomm serve`. */
const dataDir = mkdtempSync(path.join(tmpdir(), 'scomm-serve-'));
const env = { ...process.env, SCOMM_DATA_DIR: dataDir, SCOMM_DATABASE_URL: '', SCOMM_LOG_LEVEL: 'silent' };
const scomm = (...args: string[]) => spawnSync(process.execPath, ['bin/scomm.js', ...args], { env, encoding: 'utf8' });
let server: ReturnType<typeof spawn> | undefined;
after(() => {
  server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

test('scomm credentials create prints {token}; a role without its scope, or a bad scope, exits 2 with one error line', () => {
  const ok = scomm('credentials', 'create', '--role', 'sib_operator', '--state', 'TX', '--json');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(JSON.parse(ok.stdout).token, /^scc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  for (const args of [['--role', 'ero_officer'], ['--role', 'ero_officer', '--field-office', 'XYZ'], ['--role', 'booking_officer', '--ori', 'TX1'], ['--role', 'admin', '--state', 'TX'], ['--role', 'mayor']]) {
    const r = scomm('credentials', 'create', ...args, '--json');
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^error: [^\n]+\n$/);
    assert.equal(r.stdout, '');
  }
});

test('with scomm serve running: the case queue is 401 without a token, 403 for a booking officer, 200 for an ERO officer; /openapi.json lists every route', async () => {
  const booking = JSON.parse(scomm('credentials', 'create', '--role', 'booking_officer', '--ori', 'TX4820100', '--json').stdout).token;
  const ero = JSON.parse(scomm('credentials', 'create', '--role', 'ero_officer', '--field-office', 'HOU', '--json').stdout).token;
  const child = spawn(process.execPath, ['bin/scomm.js', 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line).url);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  const status = async (headers: Record<string, string> = {}) => (await fetch(`${url}/api/ero/cases`, { headers })).status;
  assert.equal(await status(), 401);
  assert.equal(await status({ authorization: `Bearer ${booking}` }), 403);
  assert.equal(await status({ authorization: `Bearer ${ero}` }), 200);
  const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
  assert.ok(operations >= 33, `${operations} operations in /openapi.json`);
  for (const p of ['/healthz', '/readyz', '/metrics', '/api/bookings', '/api/bookings/{tcn}', '/api/ero/cases', '/api/ero/cases/{tcn}/decision', '/api/oversight/audit', '/api/oversight/complaints', '/api/public/stats']) assert.ok(doc.paths[p], p);
  assert.equal((await fetch(`${url}/readyz`)).status, 200);
  assert.match(await (await fetch(`${url}/metrics`)).text(), /scomm_http_request_duration_seconds_bucket/);
  const headers = (await fetch(`${url}/`)).headers;
  assert.match(headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.equal(headers.get('x-content-type-options'), 'nosniff');
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0, 'serve stops cleanly on SIGTERM');
  server = undefined;
});
