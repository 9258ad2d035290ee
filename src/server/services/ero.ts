import { caseActions, claimant, claimCase, decideCase, detainerAction, type CaseAction, type DetainerAction, type OfficerAction } from '../../agencies/ero/officer.ts';
import { sql } from 'kysely';
import type { AgencyNode } from '../../agencies/runtime/node.ts';
import type { Decision, PolicyCase } from '../../policy/index.ts';
import type { Principal } from '../auth/roles.ts';
import type { ServerContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { auditAccess } from './audit.ts';

type EroPrincipal = Extract<Principal, { role: 'ero_officer' }>;

export interface CaseView {
  tcn: string;
  ori: string;
  county: string;
  countyName: string;
  bookedAt: string;
  status: 'open' | 'claimed' | 'decided';
  claimedBy: string | null;
  level: number | null;
  priority: number | null;
  action: string;
  policy: string;
  reasons: { id: string; text: string }[];
  detainer: string | null;
  holdUntil: string | null;
  immigrationStatus: string;
  charges: PolicyCase['charges'];
  convictions: PolicyCase['convictions'];
  flags: PolicyCase['flags'];
  history: CaseAction[];
}

const rank = (v: number | null) => (v === null ? 9 : v);
const statusRank = { open: 0, claimed: 0, decided: 1 } as const;

/**
 * Priority order: cases still waiting for an officer first, then by offense level (1 first,
 * non-criminal last), then conviction-based priority, then the oldest booking.
 */
export function byPriority(a: CaseView, b: CaseView): number {
  return statusRank[a.status] - statusRank[b.status] || rank(a.level) - rank(b.level) || rank(a.priority) - rank(b.priority) || a.bookedAt.localeCompare(b.bookedAt) || a.tcn.localeCompare(b.tcn);
}

function view(ctx: ServerContext, r: Record<string, any>, history: CaseAction[]): CaseView {
  const d = JSON.parse(r.decision) as Decision;
  const c = JSON.parse(r.policy_case) as PolicyCase;
  const holder = claimant(history);
  const decided = history.some((h) => h.kind === 'decision');
  const county = ctx.countyByFips.get(r.county);
  return {
    tcn: r.tcn,
    ori: r.ori,
    county: r.county,
    countyName: county ? `${county.name}, ${county.state}` : r.county,
    bookedAt: c.bookedAt,
    status: decided ? 'decided' : holder ? 'claimed' : 'open',
    claimedBy: holder,
    level: d.level,
    priority: d.priority,
    action: d.action,
    policy: d.policy,
    reasons: d.reasons,
    detainer: r.detainer ?? null,
    holdUntil: r.hold_until ?? null,
    immigrationStatus: c.immigration.status,
    charges: c.charges,
    convictions: c.convictions,
    flags: c.flags,
    history,
  };
}

function officeNode(ctx: ServerContext, who: EroPrincipal): AgencyNode | undefined {
  return ctx.nodeAt(`ero:${who.fieldOffice}`);
}

/** Parsed queues by node, with the connection's change count they were read at (SQLite: `total_changes()`). */
const queues = new WeakMap<AgencyNode, { changes: number; cases: CaseView[] }>();

/**
 * Every case of the office, parsed and in priority order. On SQLite the node's single connection
 * counts every row it changes, so an unchanged count means an unchanged queue and the parsed one is
 * reused; on PostgreSQL it is read each time.
 */
async function allCases(ctx: ServerContext, node: AgencyNode): Promise<CaseView[]> {
  const changes = node.store.dialect === 'sqlite' ? Number((await sql<{ n: number }>`select total_changes() as n`.execute(node.db)).rows[0].n) : -1;
  const hit = queues.get(node);
  if (hit && changes >= 0 && hit.changes === changes) return hit.cases;
  const [rows, actions] = await Promise.all([
    node.db.selectFrom('ero_case').selectAll().execute(),
    node.db.selectFrom('ero_case_action').select(['tcn', 'n', 'at', 'officer', 'kind', 'action', 'reason']).orderBy('n').execute(),
  ]);
  const byTcn = new Map<string, CaseAction[]>();
  for (const a of actions) {
    const list = byTcn.get(a.tcn) ?? [];
    list.push({ n: Number(a.n), at: a.at, officer: a.officer, kind: a.kind, action: a.action, reason: a.reason });
    byTcn.set(a.tcn, list);
  }
  const cases = rows.map((r) => view(ctx, r, byTcn.get(r.tcn) ?? [])).sort(byPriority);
  if (changes >= 0) queues.set(node, { changes, cases });
  return cases;
}

/** The field office's case queue in priority order, with each decision's explanation. */
export async function listCases(ctx: ServerContext, who: EroPrincipal, q: { status?: CaseView['status']; limit: number }, why: string): Promise<{ total: number; cases: CaseView[] }> {
  const node = officeNode(ctx, who);
  if (!node) return { total: 0, cases: [] };
  let cases = await allCases(ctx, node);
  if (q.status) cases = cases.filter((c) => c.status === q.status);
  const page = cases.slice(0, q.limit);
  await auditAccess(ctx, who, { action: 'ero.cases.list', subject: `ero:${who.fieldOffice}`, ids: page.map((c) => c.tcn) }, why);
  return { total: cases.length, cases: page };
}

export async function getCase(ctx: ServerContext, who: EroPrincipal, tcn: string, why: string, audit = true): Promise<CaseView> {
  const node = officeNode(ctx, who);
  const row = node && (await node.db.selectFrom('ero_case').selectAll().where('tcn', '=', tcn).executeTakeFirst());
  if (!node || !row) throw new NotFoundError(`no case ${tcn} at field office ${who.fieldOffice}`);
  if (audit) await auditAccess(ctx, who, { action: 'ero.case.read', subject: tcn, ids: [tcn] }, why);
  return view(ctx, row, await caseActions(node.db, tcn));
}

function nodeOrNotFound(ctx: ServerContext, who: EroPrincipal, tcn: string): AgencyNode {
  const node = officeNode(ctx, who);
  if (!node) throw new NotFoundError(`no case ${tcn} at field office ${who.fieldOffice}`);
  return node;
}

/** Claims a case for the officer. The audit entry names the officer and the case. */
export async function claim(ctx: ServerContext, who: EroPrincipal, tcn: string, why: string): Promise<CaseView> {
  const node = nodeOrNotFound(ctx, who, tcn);
  await claimCase(node, tcn, who.credentialId, ctx.now());
  await auditAccess(ctx, who, { action: 'ero.case.claim', subject: tcn, ids: [tcn] }, why);
  return getCase(ctx, who, tcn, why, false);
}

/**
 * The officer's decision with its reason. The case and the decision copy to oversight (which enters
 * the audit chain) commit together at the field office; the access entry follows.
 */
export async function decide(ctx: ServerContext, who: EroPrincipal, tcn: string, d: { action: OfficerAction; reason: string }): Promise<CaseView> {
  const node = nodeOrNotFound(ctx, who, tcn);
  await decideCase(node, tcn, { officer: who.credentialId, ...d }, ctx.now());
  await auditAccess(ctx, who, { action: `ero.case.decide.${d.action}`, subject: tcn, ids: [tcn] }, d.reason);
  return getCase(ctx, who, tcn, d.reason, false);
}

export async function detainer(ctx: ServerContext, who: EroPrincipal, tcn: string, d: { action: DetainerAction; reason: string }): Promise<CaseView> {
  const node = nodeOrNotFound(ctx, who, tcn);
  await detainerAction(node, tcn, { officer: who.credentialId, ...d }, ctx.now());
  await auditAccess(ctx, who, { action: `ero.detainer.${d.action}`, subject: tcn, ids: [tcn] }, d.reason);
  return getCase(ctx, who, tcn, d.reason, false);
}
