import { Command } from 'commander';
import { createRequire } from 'node:module';
import { runCli } from './run.ts';
import { registerBench } from './commands/bench.ts';
import { registerCredentials } from './commands/credentials.ts';
import { registerDemo } from './commands/demo.ts';
import { registerEval } from './commands/eval.ts';
import { registerExtract } from './commands/extract.ts';
import { registerImage } from './commands/image.ts';
import { registerMatch } from './commands/match.ts';
import { registerNist } from './commands/nist.ts';
import { registerNode } from './commands/node.ts';
import { registerAudit, registerComplaints, registerOptOut } from './commands/oversight.ts';
import { registerPolicy } from './commands/policy.ts';
import { registerReport } from './commands/report.ts';
import { registerServe } from './commands/serve.ts';
import { registerSim } from './commands/sim.ts';
import { registerSynth } from './commands/synth.ts';
import { registerUp } from './commands/up.ts';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('scomm')
    .description(
      'scomm: the Secure Communities biometric interoperability pipeline on synthetic people.\n' +
        'Fingerprint engine, ANSI/NIST-ITL transactions, agency workflow, policy, statistics, oversight.\n' +
        'Every command takes --json for machine-readable output. Exit codes: 0 ok, 2 bad input, 1 internal failure.',
    )
    .version(pkg.version, '-V, --version')
    .showHelpAfterError(false);
  // @NOTE each command module registers itself; keep this list alphabetical to ease merges.
  registerAudit(program);
  registerBench(program);
  registerComplaints(program);
  registerCredentials(program);
  registerDemo(program);
  registerEval(program);
  registerExtract(program);
  registerImage(program);
  registerMatch(program);
  registerNist(program);
  registerNode(program);
  registerOptOut(program);
  registerPolicy(program);
  registerReport(program);
  registerServe(program);
  registerSim(program);
  registerSynth(program);
  registerUp(program);
  return program;
}

process.exitCode = await runCli(buildProgram(), process.argv);
