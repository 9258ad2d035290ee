import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { UnauthorizedError } from '../errors.ts';
import type { ServerTables } from '../store.ts';
import { credentialRequestSchema, type CredentialRequest, type Principal, type Role } from './roles.ts';

/** CJIS Security Policy 5.5.3: lock a credential after this many consecutive failed logins. */
export const MAX_FAILED_LOGINS = 5;
/** CJIS Security Policy 5.5.5: a session locks after 30 minutes without activity. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A session's last-seen time is written at most this often (a request is not a database write each time). */
const TOUCH_EVERY_MS = 10_000;

const CREDENTIAL = /^scc_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const SESSION = /^scs_([A-Za-z0-9_-]{43})$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

export interface CredentialInfo {
  id: string;
  role: Role;
  ori: string | null;
  state: string | null;
  fieldOffice: string | null;
  failedLogins: number;
  locked: boolean;
  createdAt: string;
}

/**
 * Credentials and sessions. A credential token (`scc_<id>_<secret>`) is shown once, at creation;
 * only the sha-256 of its secret is stored. It is exchanged for a session token (`scs_...`, also
 * stored hashed) or used directly as a bearer token; either way a wrong secret counts as a failed
 * login against that credential, and the fifth in a row locks it until an admin unlocks it.
 */
export class CredentialService {
  constructor(
    private readonly db: Kysely<ServerTables>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(request: CredentialRequest): Promise<{ id: string; token: string }> {
    const r = credentialRequestSchema.parse(request);
    const id = randomBytes(8).toString('hex');
    const s = secret();
    await this.db
      .insertInto('srv_credential')
      .values({
        id,
        role: r.role,
        ori: 'ori' in r ? r.ori : null,
        state: 'state' in r ? r.state : null,
        field_office: 'fieldOffice' in r ? r.fieldOffice : null,
        secret_hash: sha256(s),
        failed_logins: 0,
        locked_at: null,
        created_at: this.now().toISOString(),
      })
      .execute();
    return { id, token: `scc_${id}_${s}` };
  }

  /** Checks a credential token; counts a wrong secret as a failed login (locking at the fifth). */
  async verifyCredential(token: string): Promise<Principal> {
    const m = CREDENTIAL.exec(token);
    if (!m) throw new UnauthorizedError('bad_token', 'not a valid token');
    const [, id, s] = m;
    const row = await this.db.selectFrom('srv_credential').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new UnauthorizedError('bad_token', 'not a valid token');
    if (row.locked_at) throw new UnauthorizedError('credential_locked', `credential ${id} is locked after ${MAX_FAILED_LOGINS} failed logins; an admin must unlock it`);
    const ok = timingSafeEqual(Buffer.from(sha256(s), 'hex'), Buffer.from(row.secret_hash, 'hex'));
    if (!ok) {
      const failed = Number(row.failed_logins) + 1;
      const locked = failed >= MAX_FAILED_LOGINS;
      await this.db.updateTable('srv_credential').set({ failed_logins: failed, locked_at: locked ? this.now().toISOString() : null }).where('id', '=', id).execute();
      throw new UnauthorizedError(locked ? 'credential_locked' : 'bad_token', locked ? `credential ${id} is now locked after ${MAX_FAILED_LOGINS} failed logins` : 'not a valid token');
    }
    if (Number(row.failed_logins) > 0) await this.db.updateTable('srv_credential').set({ failed_logins: 0 }).where('id', '=', id).execute();
    return principalOf(row);
  }

  /** Exchanges a credential token for a session token. */
  async login(credentialToken: string): Promise<{ session: string; principal: Principal; idleTimeoutMs: number }> {
    const principal = await this.verifyCredential(credentialToken);
    const session = `scs_${secret()}`;
    const at = this.now().toISOString();
    await this.db.insertInto('srv_session').values({ token_hash: sha256(session.slice(4)), credential_id: principal.credentialId, created_at: at, last_seen_at: at }).execute();
    return { session, principal, idleTimeoutMs: SESSION_IDLE_MS };
  }

  /** The principal of a live session; a session idle for 30 minutes is ended (401). */
  async verifySession(token: string): Promise<Principal> {
    const m = SESSION.exec(token);
    if (!m) throw new UnauthorizedError('bad_token', 'not a valid token');
    const hash = sha256(m[1]);
    const row = await this.db
      .selectFrom('srv_session')
      .innerJoin('srv_credential', 'srv_credential.id', 'srv_session.credential_id')
      .selectAll('srv_credential')
      .select(['srv_session.last_seen_at'])
      .where('srv_session.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row) throw new UnauthorizedError('bad_token', 'not a valid token');
    if (row.locked_at) throw new UnauthorizedError('credential_locked', `credential ${row.id} is locked`);
    const now = this.now().getTime();
    const idle = now - Date.parse(row.last_seen_at);
    if (idle > SESSION_IDLE_MS) {
      await this.db.deleteFrom('srv_session').where('token_hash', '=', hash).execute();
      throw new UnauthorizedError('session_expired', 'session expired after 30 minutes without activity: log in again');
    }
    if (idle > TOUCH_EVERY_MS) await this.db.updateTable('srv_session').set({ last_seen_at: new Date(now).toISOString() }).where('token_hash', '=', hash).execute();
    return principalOf(row);
  }

  /** A bearer token of either kind. */
  async authenticate(token: string): Promise<Principal> {
    return token.startsWith('scs_') ? this.verifySession(token) : this.verifyCredential(token);
  }

  async logout(sessionToken: string): Promise<void> {
    const m = SESSION.exec(sessionToken);
    if (m) await this.db.deleteFrom('srv_session').where('token_hash', '=', sha256(m[1])).execute();
  }

  async list(): Promise<CredentialInfo[]> {
    const rows = await this.db.selectFrom('srv_credential').selectAll().orderBy('created_at').execute();
    return rows.map(infoOf);
  }

  async get(id: string): Promise<CredentialInfo | undefined> {
    const row = await this.db.selectFrom('srv_credential').selectAll().where('id', '=', id).executeTakeFirst();
    return row && infoOf(row);
  }

  /** Clears the lock and the failure count (an admin's action). */
  async unlock(id: string): Promise<boolean> {
    const r = await this.db.updateTable('srv_credential').set({ failed_logins: 0, locked_at: null }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

type Row = ServerTables['srv_credential'];

function principalOf(row: Row): Principal {
  const credentialId = row.id;
  switch (row.role) {
    case 'booking_officer':
      return { credentialId, role: 'booking_officer', ori: row.ori! };
    case 'sib_operator':
      return { credentialId, role: 'sib_operator', state: row.state! };
    case 'ero_officer':
      return { credentialId, role: 'ero_officer', fieldOffice: row.field_office! };
    default:
      return { credentialId, role: row.role as 'lesc_analyst' | 'oversight_auditor' | 'admin' };
  }
}

function infoOf(row: Row): CredentialInfo {
  return { id: row.id, role: row.role as Role, ori: row.ori, state: row.state, fieldOffice: row.field_office, failedLogins: Number(row.failed_logins), locked: Boolean(row.locked_at), createdAt: row.created_at };
}
