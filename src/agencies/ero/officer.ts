import type { Transaction } from 'kysely';
import { InputError } from '../../errors.ts';
import { message, type Body } from '../../messages/index.ts';
import type { Decision } from '../../policy/index.ts';
import { json, type AgencyNode } from '../runtime/node.ts';
import { act } from './node.ts';

/** Actions an officer may decide (the policy engine's, less the automatic-only await_conviction). */
export const officerActions = ['detainer', 'notify', 'review', 'no_action'] as const;
export type OfficerAction = (typeof officerActions)[number];
export const detainerActions = ['lodge', 'lift'] as const;
export type DetainerAction = (typeof detainerActions)[number];

/** No case with this TCN at this field office. */
export class CaseNotFoundError extends InputError {
  override name = 'CaseNotFoundError';
}

/** The case is in a state that does not allow the action (claimed by another officer, a safeguard, no detainer). */
export class CaseConflictError extends InputError {
  override name = 'CaseConflictError';
}

export interface CaseAction {
  n: number;
  at: string;
  officer: string;
  kind: 'claim' | 'decision' | 'detainer';
  action: string;
  reason: string;
}

/** Safeguards that forbid a detainer even on an officer's decision (the others ask for exactly that review). */
const NO_DETAINER = ['safeguard.citizen', 'safeguard.victim-witness'];

/** The officer who holds the case: the last claim, unless none. */
export function claimant(actions: CaseAction[]): string | null {
  return [...actions].reverse().find((a) => a.kind === 'claim')?.officer ?? null;
}

export async function caseActions(tx: Transaction<any> | AgencyNode['db'], tcn: string): Promise<CaseAction[]> {
  const rows = await tx.selectFrom('ero_case_action').select(['n', 'at', 'officer', 'kind', 'action', 'reason']).where('tcn', '=', tcn).orderBy('n').execute();
  return rows.map((r) => ({ n: Number(r.n), at: r.at, officer: r.officer, kind: r.kind, action: r.action, reason: r.reason }));
}

/** Takes a case for work. Claiming one's own case again is a no-op; another officer's is a conflict. */
export async function claimCase(node: AgencyNode, tcn: string, officer: string, now = new Date()): Promise<void> {
  await node.command(async (tx) => {
    const { actions } = await load(tx, tcn);
    const holder = claimant(actions);
    if (holder === officer) return;
    if (holder) throw new CaseConflictError(`case ${tcn} is claimed by ${holder}`);
    await record(tx, tcn, actions, now, officer, 'claim', 'claim', 'claimed for review');
  });
}

/**
 * An officer's decision on a case, with the reason in words: the case's decision becomes the
 * policy's reasons plus the officer's, in one transaction with the copy to oversight (and the
 * detainer, when the decision issues one), as the automatic path does. A US citizen or a victim or
 * witness is never the subject of a detainer, whoever decides.
 */
export async function decideCase(node: AgencyNode, tcn: string, d: { officer: string; action: OfficerAction; reason: string }, now = new Date()): Promise<Decision> {
  if (!d.reason.trim()) throw new InputError('a decision needs a reason');
  let out: Decision | undefined;
  await node.command(async (tx, ctx) => {
    const { row, actions } = await load(tx, tcn);
    const holder = claimant(actions);
    if (holder && holder !== d.officer) throw new CaseConflictError(`case ${tcn} is claimed by ${holder}`);
    const policy = JSON.parse(row.decision) as Decision;
    const blocker = policy.reasons.find((r) => NO_DETAINER.includes(r.id));
    if (d.action === 'detainer' && blocker) throw new CaseConflictError(`case ${tcn}: no detainer: ${blocker.text}`);
    const n = await record(tx, tcn, actions, now, d.officer, 'decision', d.action, d.reason);
    const reasons = policy.reasons.filter((r) => r.id !== 'officer.decision');
    const decision: Decision = { ...policy, action: d.action, reasons: [...reasons, { id: 'officer.decision', text: `Officer ${d.officer} decided ${d.action.replace('_', ' ')}: ${d.reason.trim()}` }] };
    await tx.updateTable('ero_case').set({ decision: json.write(decision), action: decision.action }).where('tcn', '=', tcn).execute();
    await act(tx, ctx, { tcn, id: `officer-${n}` }, node.address, node.address.slice(4), row.ori, row.county, JSON.parse(row.policy_case), decision, row.detainer);
    out = decision;
  });
  return out!;
}

/**
 * Lodges an issued detainer with the jail, or lifts one (issued, lodged or honored), with the
 * reason; the booking agency and oversight get the new state.
 */
export async function detainerAction(node: AgencyNode, tcn: string, d: { officer: string; action: DetainerAction; reason: string }, now = new Date()): Promise<string> {
  if (!d.reason.trim()) throw new InputError('a detainer action needs a reason');
  let state = '';
  await node.command(async (tx, ctx) => {
    const { row, actions } = await load(tx, tcn);
    const holder = claimant(actions);
    if (holder && holder !== d.officer) throw new CaseConflictError(`case ${tcn} is claimed by ${holder}`);
    const from = row.detainer as string | null;
    const allowed = d.action === 'lodge' ? ['issued'] : ['issued', 'lodged', 'honored'];
    if (!from || !allowed.includes(from)) throw new CaseConflictError(`case ${tcn}: cannot ${d.action} a detainer that is ${from ?? 'not issued'}`);
    state = d.action === 'lodge' ? 'lodged' : 'lifted';
    await record(tx, tcn, actions, now, d.officer, 'detainer', d.action, d.reason);
    await tx.updateTable('ero_case').set({ detainer: state }).where('tcn', '=', tcn).execute();
    const body: Body<'detainer'> = { state: state as Body<'detainer'>['state'], fieldOffice: node.address.slice(4), ori: row.ori, issuedAt: now.toISOString().slice(0, 10), reason: `${d.officer}: ${d.reason.trim()}` };
    ctx.send(message('detainer', tcn, node.address, 'oversight', body, state));
    if (state === 'lifted') ctx.send(message('detainer', tcn, node.address, `booking:${row.ori}`, body, state));
  });
  return state;
}

async function load(tx: Transaction<any>, tcn: string) {
  const row = await tx.selectFrom('ero_case').selectAll().where('tcn', '=', tcn).executeTakeFirst();
  if (!row) throw new CaseNotFoundError(`no case ${tcn}`);
  return { row, actions: await caseActions(tx, tcn) };
}

async function record(tx: Transaction<any>, tcn: string, actions: CaseAction[], now: Date, officer: string, kind: CaseAction['kind'], action: string, reason: string): Promise<number> {
  const n = (actions.at(-1)?.n ?? 0) + 1;
  await tx.insertInto('ero_case_action').values({ id: `${tcn}/${n}`, tcn, n, at: now.toISOString(), officer, kind, action, reason: reason.trim() }).execute();
  return n;
}
