import type { Command } from 'commander';
import { pino } from 'pino';
import { loadConfig } from '../../config/index.ts';
import { InputError } from '../../errors.ts';
import { loadCounties } from '../../sim/counties.ts';
import { addressOf, agencyKinds, namespaceSchema, startNodeProcess } from '../../sim/node-process.ts';
import { emit } from '../output.ts';

export function registerNode(program: Command): void {
  const node = program.command('node').description('Run agency nodes as their own processes (distributed mode: NATS JetStream and PostgreSQL)');
  node
    .command('start')
    .description(
      'Run one agency node until SIGTERM/SIGINT: its store in its own PostgreSQL schema (<namespace>_<address>), its ' +
        'inbox a JetStream stream (<namespace>_inbox_<address>). Needs SCOMM_DATABASE_URL (postgres://...) and ' +
        'SCOMM_NATS_URL (nats://..., comma-separated servers for a cluster). A booking agency also takes bookings on ' +
        'the NATS subject <namespace>.intake.<ORI> (request/reply, JSON {tcn, personRef, car}). Logs (pino) on stderr.',
    )
    .requiredOption('--agency <name>', `one of ${agencyKinds.join(', ')}`)
    .option('--ori <ori>', 'booking agency ORI (state, county FIPS, 00: e.g. TX4820100)')
    .option('--state <st>', 'State Identification Bureau: two-letter state')
    .option('--field-office <id>', 'ERO field office: three-letter ICE area code (HOU, LOS, CHI, ...)')
    .option('--namespace <ns>', 'prefix of the schemas and streams of this network', 'scomm')
    .option('--json', 'print {"ready": true, address, pid} on stdout once the node consumes its inbox')
    .action(async (opts: { agency: string; ori?: string; state?: string; fieldOffice?: string; namespace: string; json?: boolean }) => {
      const ns = namespaceSchema.safeParse(opts.namespace);
      if (!ns.success) throw new InputError(`--namespace ${ns.error.issues[0].message} (got '${opts.namespace}')`);
      const address = addressOf(opts.agency, opts, loadCounties());
      const config = loadConfig();
      if (config.store.kind !== 'postgres') throw new InputError('SCOMM_DATABASE_URL is not set: a node on its own process needs PostgreSQL (e.g. postgres://127.0.0.1:5432/test)');
      if (config.transport.kind !== 'nats') throw new InputError('SCOMM_NATS_URL is not set: a node on its own process needs NATS JetStream (e.g. nats://127.0.0.1:4222)');
      const logger = pino({ level: config.logLevel, base: { node: address, pid: process.pid } }, pino.destination(2));
      const running = await startNodeProcess({ address, counties: loadCounties(), namespace: ns.data, databaseUrl: config.store.url, natsUrl: config.transport.url, logger });
      logger.info('node ready');
      emit(opts, { ready: true, address, pid: process.pid }, () => `node ${address} ready (pid ${process.pid}); SIGTERM or Ctrl-C stops it`);
      const signal = await new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      logger.info({ signal }, 'stopping');
      await running.close();
    });
}
