/**
 * The policy engine: dated, versioned policies as data (versions/*.json), and a pure decision
 * function with its explanation. Callers: the ERO node (each IDENT match), the rollout simulation
 * (millions of cases), `scomm policy`.
 */
export { caseSchema, parseCase, CaseInputError, offenseCategories, severities, type PolicyCase } from './case.ts';
export { decide, isMinorTrafficOnly, SAFEGUARD_RULES, type Decision, type DecideOptions, type Reason, type Level } from './decide.ts';
export { reevaluate, dispositionSchema, type Disposition } from './disposition.ts';
export { shippedPolicies, policyById, policyInForce } from './versions.ts';
export { actions, type Action, type PolicyVersion } from './version-schema.ts';
export { diffPolicies, type PolicyDiff } from './diff.ts';
