import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MAX_FAILED_LOGINS, SESSION_IDLE_MS } from '../src/server/auth/credentials.ts';
import { auth, startTestServer, TestClock, type TestServer } from './support/server.ts';

/** CJIS Security Policy where it applies: failed logins lock a credential; sessions end after 30 minutes idle. */
const clock = new TestClock();
let s: TestServer;
before(async () => {
  s = await startTestServer({ now: clock.now });
});
after(() => s?.close());

const login = (token: string) => s.app.inject({ method: 'POST', url: '/api/session', payload: { token } });
/** The same credential id with a wrong secret. */
const wrong = (token: string) => token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');

test('five failed logins lock the credential: even its right token is then refused until an admin unlocks it', async () => {
  const token = await s.token('ero_officer', { fieldOffice: 'DAL' });
  for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
    const r = await login(wrong(token));
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().error, 'bad_token');
  }
  // A bearer use with a wrong secret counts too: the fifth failure.
  const fifth = await s.app.inject({ url: '/api/ero/cases', headers: auth(wrong(token)) });
  assert.equal(fifth.statusCode, 401);
  assert.equal(fifth.json().error, 'credential_locked');
  const locked = await login(token);
  assert.equal(locked.statusCode, 401);
  assert.equal(locked.json().error, 'credential_locked');
  assert.equal((await s.app.inject({ url: '/api/ero/cases', headers: auth(token) })).statusCode, 401);
  const id = token.split('_')[1];
  const unlock = await s.app.inject({ method: 'POST', url: `/api/admin/credentials/${id}/unlock`, headers: auth(s.tokens.admin) });
  assert.equal(unlock.statusCode, 200);
  assert.equal(unlock.json().locked, false);
  assert.equal((await login(token)).statusCode, 200);
});

test('a success resets the failure count: four failures, a login, four more failures do not lock', async () => {
  const token = await s.token('lesc_analyst');
  for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) assert.equal((await login(wrong(token))).statusCode, 401);
  assert.equal((await login(token)).statusCode, 200);
  for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) assert.equal((await login(wrong(token))).statusCode, 401);
  assert.equal((await login(token)).statusCode, 200);
});

test('a session lives while used and ends after 30 minutes without activity', async () => {
  const r = await login(s.tokens.ero_officer);
  assert.equal(r.statusCode, 200);
  const { session, principal } = r.json();
  assert.deepEqual({ role: principal.role, fieldOffice: principal.fieldOffice }, { role: 'ero_officer', fieldOffice: 'HOU' });
  const queue = () => s.app.inject({ url: '/api/ero/cases', headers: auth(session) });
  assert.equal((await queue()).statusCode, 200);
  // Used every 29 minutes for two hours: still alive.
  for (let i = 0; i < 4; i++) {
    clock.advance(29 * 60_000);
    assert.equal((await queue()).statusCode, 200, `after ${(i + 1) * 29} minutes of steady use`);
  }
  clock.advance(SESSION_IDLE_MS + 1000);
  const expired = await queue();
  assert.equal(expired.statusCode, 401);
  assert.equal(expired.json().error, 'session_expired');
  // Expired means gone: no second chance after the clock is set back.
  clock.advance(-SESSION_IDLE_MS);
  assert.equal((await queue()).json().error, 'bad_token');
});

test('logout ends the session at once', async () => {
  const { session } = (await login(s.tokens.booking_officer)).json();
  assert.equal((await s.app.inject({ url: '/api/bookings', headers: auth(session) })).statusCode, 200);
  const out = await s.app.inject({ method: 'DELETE', url: '/api/session', headers: auth(session) });
  assert.deepEqual(out.json(), { ended: true });
  assert.equal((await s.app.inject({ url: '/api/bookings', headers: auth(session) })).statusCode, 401);
});

test('tokens are stored hashed: no secret appears in the server store', async () => {
  const { session } = (await login(s.tokens.admin)).json();
  const creds = await s.ctx.serverDb.selectFrom('srv_credential').selectAll().execute();
  const sessions = await s.ctx.serverDb.selectFrom('srv_session').selectAll().execute();
  const stored = JSON.stringify([creds, sessions]);
  for (const t of [...Object.values(s.tokens), session]) {
    const secret = t.replace(/^scc_[0-9a-f]{16}_|^scs_/, '');
    assert.ok(!stored.includes(secret), 'a secret is in the store');
  }
  assert.ok(creds.every((c) => /^[0-9a-f]{64}$/.test(c.secret_hash)));
});

test('malformed and unknown tokens are 401; a role without a scope cannot be created', async () => {
  for (const h of ['Bearer', 'Bearer nonsense', 'Basic abc', `Bearer scc_0000000000000000_${'A'.repeat(43)}`]) {
    const r = await s.app.inject({ url: '/api/session', headers: { authorization: h } });
    assert.equal(r.statusCode, 401, h);
  }
  const bad = await s.app.inject({ method: 'POST', url: '/api/admin/credentials', headers: auth(s.tokens.admin), payload: { role: 'booking_officer' } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().path, /^body/);
});

test('over the rate limit a client gets 429 as JSON, per token', async () => {
  const limited = await startTestServer({ limits: { rateLimitPerMinute: 3 } });
  try {
    const get = (headers = {}) => limited.app.inject({ url: '/api/public/rollout', headers });
    for (let i = 0; i < 3; i++) assert.equal((await get()).statusCode, 200);
    const over = await get();
    assert.equal(over.statusCode, 429);
    assert.equal(over.json().error, 'rate_limited');
    // Another client (its own token) has its own allowance.
    assert.equal((await get(auth(limited.tokens.lesc_analyst))).statusCode, 200);
  } finally {
    await limited.close();
  }
});
