import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { decide, diffPolicies, parseCase, policyById, shippedPolicies, type Decision, type PolicyCase } from '../../policy/index.ts';
import { emit, table } from '../output.ts';
import { readJsonFile } from '../read-json.ts';

interface EvaluateOptions {
  policy?: string;
  safeguards: boolean;
  keepGoing?: boolean;
  json?: boolean;
}

function readCases(file: string, keepGoing: boolean): { cases: PolicyCase[]; errors: { caseId: string; error: string }[] } {
  const raw = readJsonFile(file);
  if (!Array.isArray(raw)) throw new InputError(`${file}: expected a JSON array of cases`);
  const cases: PolicyCase[] = [];
  const errors: { caseId: string; error: string }[] = [];
  raw.forEach((item, i) => {
    try {
      cases.push(parseCase(item, i));
    } catch (err) {
      if (!keepGoing || !(err instanceof InputError)) throw err;
      errors.push({ caseId: (err as { caseId?: string }).caseId ?? `#${i}`, error: err.message });
    }
  });
  return { cases, errors };
}

export function registerPolicy(program: Command): void {
  const policy = program
    .command('policy')
    .description('The dated, versioned policy engine: decide cases, list and show versions, compare two versions on a case file.');

  policy
    .command('evaluate')
    .argument('<file>', "JSON array of cases (DESIGN.md case format), or '-' for stdin")
    .description(
      'Decide each case under the policy version in force on its booking date (or --policy), with the level, ' +
        'conviction priority, action and the reasons (rule ids and sentences) in the order they applied.',
    )
    .option('--policy <id>', 'decide every case under this version (see `scomm policy list`)')
    .option('--no-safeguards', 'replay history without the safeguards (victim/witness, citizenship claim, juvenile, citizen); every decision records it')
    .option('--keep-going', 'decide the valid cases even when some are invalid; the invalid ones are listed and the exit code is 2')
    .option('--json', 'machine-readable output: {results: [...], errors?: [...]}')
    .action((file: string, opts: EvaluateOptions) => {
      if (opts.policy) policyById(opts.policy);
      const { cases, errors } = readCases(file, !!opts.keepGoing);
      const results: Decision[] = cases.map((c) => decide(c, { policyId: opts.policy, safeguards: opts.safeguards }));
      emit(opts, errors.length ? { results, errors } : { results }, () =>
        [
          table(
            ['case', 'policy', 'level', 'priority', 'action', 'reasons'],
            results.map((r) => [r.caseId, r.policy, r.level ?? '-', r.priority ?? '-', r.action, r.reasons.map((x) => x.id).join(', ')]),
          ),
          ...errors.map((e) => `error: ${e.error}`),
        ].join('\n'),
      );
      if (errors.length) {
        process.stderr.write(`error: ${errors.length} invalid case(s), first: ${errors[0].error}\n`);
        process.exitCode = 2;
      }
    });

  policy
    .command('list')
    .description('List the shipped policy versions with their effective dates.')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const versions = shippedPolicies().versions.map((v) => ({ id: v.id, effective: v.effective, title: v.title, trafficRule: v.trafficRule, rules: v.rules.length }));
      emit(opts, { versions }, () => table(['id', 'effective', 'title'], versions.map((v) => [v.id, v.effective, v.title])));
    });

  policy
    .command('show')
    .argument('<id>', 'policy version id, e.g. 2012-04')
    .description('Show one version: the documents it models, its level table, its rules in order.')
    .option('--json', 'machine-readable output')
    .action((id: string, opts: { json?: boolean }) => {
      const v = policyById(id);
      const levels = shippedPolicies().tables.get(v.levelTable)!;
      emit(opts, { ...v, levels }, () =>
        [
          `${v.id} (effective ${v.effective}): ${v.title}`,
          ...v.documents.map((d) => `  models: ${d.title} (${d.issuer}, ${d.date})`),
          `  minor traffic rule: ${v.trafficRule ? 'yes' : 'no'}`,
          `  safeguards: citizen, citizenship claim, juvenile, victim or witness (always, unless --no-safeguards)`,
          '  rules, first match decides:',
          ...v.rules.map((r, i) => `   ${i + 1}. ${r.id} -> ${r.action}: ${r.text}`),
          `   otherwise ${v.default.id} -> ${v.default.action}`,
          `  levels (${levels.id}):`,
          ...Object.entries(levels.categories).map(([c, l]) => `   ${c.padEnd(24)} felony L${l.felony}, misdemeanor L${l.misdemeanor}${l.convictionSentenceOverDays ? `, L${l.convictionSentenceOverDays.level} if sentenced over ${l.convictionSentenceOverDays.days} days` : ''}`),
        ].join('\n'),
      );
    });

  policy
    .command('diff')
    .argument('<a>', 'first policy version id')
    .argument('<b>', 'second policy version id')
    .requiredOption('--cases <file>', 'JSON array of cases to decide under both versions')
    .description('Which rules differ between two versions, and which cases change outcome, with counts per transition.')
    .option('--json', 'machine-readable output')
    .action((a: string, b: string, opts: { cases: string; json?: boolean }) => {
      policyById(a);
      policyById(b);
      const { cases } = readCases(opts.cases, false);
      const d = diffPolicies(a, b, cases);
      emit(opts, d, () =>
        [
          `${d.a} vs ${d.b}`,
          `rules only in ${d.a}: ${d.rules.onlyInA.join(', ') || 'none'}`,
          `rules only in ${d.b}: ${d.rules.onlyInB.join(', ') || 'none'}`,
          `rules changed: ${d.rules.changed.map((c) => `${c.rule} (${c.a.action} -> ${c.b.action})`).join(', ') || 'none'}`,
          `minor traffic rule: ${d.rules.trafficRule.a} -> ${d.rules.trafficRule.b}`,
          `cases: ${d.cases.changed} of ${d.cases.total} change outcome`,
          ...Object.entries(d.cases.transitions).map(([t, n]) => `  ${t}: ${n}`),
          ...d.cases.changes.map((c) => `  ${c.caseId}: ${c.a} (${c.reasonA}) -> ${c.b} (${c.reasonB})`),
        ].join('\n'),
      );
    });
}
