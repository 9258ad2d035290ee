import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { InputError } from '../../errors.ts';
import { CredentialService } from '../../server/auth/credentials.ts';
import { credentialRequestSchema, roles } from '../../server/auth/roles.ts';
import { serverStoreOf } from '../../server/host.ts';
import { serverMigrations } from '../../server/store.ts';
import { openStore } from '../../store/database.ts';
import { migrate } from '../../store/migrations.ts';
import { emit, table } from '../output.ts';

async function withCredentials<T>(fn: (c: CredentialService) => Promise<T>): Promise<T> {
  const store = openStore(serverStoreOf(loadConfig()));
  try {
    await migrate(store.db, serverMigrations);
    return await fn(new CredentialService(store.db));
  } finally {
    await store.close();
  }
}

export function registerCredentials(program: Command): void {
  const c = program.command('credentials').description('Per-agency credentials for `scomm serve`: a role and its one scope (ORI, state or field office). Tokens are stored hashed and shown once.');
  c.command('create')
    .description('Create a credential; prints the token for Authorization: Bearer (or POST /api/session).')
    .requiredOption('--role <role>', roles.join(' | '))
    .option('--ori <ORI>', 'booking_officer: the agency (9 characters, state first)')
    .option('--state <ST>', 'sib_operator: the state')
    .option('--field-office <ID>', 'ero_officer: the ICE area (ATL, BAL, ... WAS)')
    .option('--json', 'machine-readable output: {"token", "id", "role"}')
    .action(async (opts: { role: string; ori?: string; state?: string; fieldOffice?: string; json?: boolean }) => {
      if (!(roles as readonly string[]).includes(opts.role)) throw new InputError(`--role must be one of ${roles.join(', ')} (got '${opts.role}')`);
      const scope = Object.fromEntries(Object.entries({ ori: opts.ori, state: opts.state, fieldOffice: opts.fieldOffice }).filter(([, v]) => v !== undefined));
      const parsed = credentialRequestSchema.safeParse({ role: opts.role, ...scope });
      const needs = { booking_officer: 'ori', sib_operator: 'state', ero_officer: 'fieldOffice' } as Record<string, keyof typeof scope>;
      const flags = { ori: '--ori', state: '--state', fieldOffice: '--field-office' } as Record<string, string>;
      const need = needs[opts.role];
      if (need && scope[need] === undefined) throw new InputError(`role ${opts.role} needs ${flags[need]}`);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        const flag = flags[String(i.path[0])];
        throw new InputError(i.code === 'unrecognized_keys' ? `role ${opts.role} takes no ${i.keys.map((k) => flags[k] ?? k).join(', ')}` : `${flag ? flag + ' ' : ''}${i.message}`);
      }
      const created = await withCredentials((s) => s.create(parsed.data));
      emit(opts, { token: created.token, id: created.id, role: opts.role, ...scope }, () => `credential ${created.id} (${opts.role}) created; token (shown once):\n${created.token}`);
    });
  c.command('list')
    .description('Every credential: role, scope, failed logins, lock (never a secret).')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const all = await withCredentials((s) => s.list());
      emit(opts, { credentials: all }, () => table(['id', 'role', 'scope', 'failed', 'locked'], all.map((x) => [x.id, x.role, x.ori ?? x.state ?? x.fieldOffice ?? '', x.failedLogins, x.locked ? 'yes' : ''])));
    });
  c.command('unlock')
    .argument('<id>', 'credential id')
    .description('Unlock a credential locked after failed logins.')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      const ok = await withCredentials((s) => s.unlock(id));
      if (!ok) throw new InputError(`no credential ${id}`);
      emit(opts, { id, unlocked: true }, () => `credential ${id} unlocked`);
    });
}
