import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { z } from 'zod';
import { book } from '../agencies/booking/node.ts';
import { AgencyNode } from '../agencies/runtime/node.ts';
import { connectNats, NatsJetStreamBus } from '../bus/nats-jetstream.ts';
import { InputError } from '../errors.ts';
import { carSchema, type Body } from '../messages/index.ts';
import { openStore, type Store } from '../store/database.ts';
import { checkPostgres, isConnectionError } from '../store/postgres.ts';
import type { County } from './counties.ts';
import { networkSpecs } from './network.ts';

/** Agencies a node can be, and the identifier each needs. */
export const agencyKinds = ['booking', 'sib', 'cjis', 'ident', 'lesc', 'ero', 'oversight'] as const;
export type AgencyKind = (typeof agencyKinds)[number];

/** Namespaces name NATS streams and PostgreSQL schemas alike: lower-case letters, digits, _. */
export const namespaceSchema = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, 'must be 1-31 of a-z, 0-9 and _, starting with a letter');

/** A node's PostgreSQL schema in a namespace: `<ns>_<address>`, e.g. up1_booking_tx4820100. */
export function nodeSchema(namespace: string, address: string): string {
  return `${namespace}_${address.replace(/:/g, '_').toLowerCase()}`;
}

/** The NATS subject a booking agency takes bookings on (a booking officer's terminal; request/reply). */
export function intakeSubject(namespace: string, ori: string): string {
  return `${namespace}.intake.${ori}`;
}

/** A booking as submitted at the agency's intake: validated there like every other boundary. */
export const intakeSchema = z.strictObject({ tcn: z.string().regex(/^[A-Z0-9-]{6,40}$/), personRef: z.string().min(1), car: carSchema });
export type Intake = z.infer<typeof intakeSchema>;

/** The node address for an agency and its identifier, checked against the network of these counties. */
export function addressOf(agency: string, id: { ori?: string; state?: string; fieldOffice?: string }, counties: County[]): string {
  if (!(agencyKinds as readonly string[]).includes(agency)) throw new InputError(`--agency must be one of ${agencyKinds.join(', ')} (got '${agency}')`);
  const need = { booking: ['ori', id.ori], sib: ['state', id.state], ero: ['field-office', id.fieldOffice] } as const;
  let address = agency;
  if (agency in need) {
    const [flag, value] = need[agency as keyof typeof need];
    if (!value) throw new InputError(`--agency ${agency} needs --${flag}`);
    address = `${agency}:${value.toUpperCase()}`;
  }
  const known = networkSpecs(counties).specs.map((s) => s.address);
  if (!known.includes(address)) {
    const hint = agency === 'booking' ? 'a booking agency ORI is the state, the county FIPS code and 00 (e.g. TX4820100)' : agency === 'sib' ? 'a state of the county list' : 'a field office covering a state (ATL, CHI, HOU, LOS, ...)';
    throw new InputError(`no ${agency} node '${address}' in this network: ${hint}`);
  }
  return address;
}

export interface RunningNode {
  address: string;
  close(): Promise<void>;
}

export interface NodeProcessOptions {
  address: string;
  counties: County[];
  namespace: string;
  databaseUrl: string;
  natsUrl: string;
  logger: Logger;
  /** Connections of the node's pool (PostgreSQL max_connections is shared by every node). */
  poolSize?: number;
}

/**
 * One agency node on its own: its store in its own PostgreSQL schema, its inbox a JetStream stream.
 * A booking agency also takes bookings on its intake subject (validated, booked in one transaction
 * with its CAR; answered once committed, so the submitter can retry safely: the same TCN books once).
 */
export async function startNodeProcess(o: NodeProcessOptions): Promise<RunningNode> {
  await checkPostgres(o.databaseUrl).catch((err: Error) => {
    throw new InputError(`SCOMM_DATABASE_URL ${o.databaseUrl} is not reachable: ${err.message}`);
  });
  const nc: NatsConnection = await connectNats(o.natsUrl).catch((err: Error) => {
    throw new InputError(`SCOMM_NATS_URL ${o.natsUrl}: ${err.message}`);
  });
  const bus = await NatsJetStreamBus.connect({ url: nc, namespace: o.namespace, logger: o.logger, transient: isConnectionError });
  const spec = networkSpecs(o.counties).specs.find((s) => s.address === o.address);
  if (!spec) throw new InputError(`no node '${o.address}' in this network`);
  const store: Store = openStore(
    { kind: 'postgres', url: o.databaseUrl },
    { schema: nodeSchema(o.namespace, o.address), poolSize: o.poolSize ?? 3, pipelineWrites: true, onError: (err) => o.logger.warn({ err: err.message }, 'database connection error') },
  );
  const node = new AgencyNode(spec, store, bus, 5000);
  await node.start();
  let intake: { unsubscribe(): void } | undefined;
  if (o.address.startsWith('booking:')) {
    const ori = o.address.slice('booking:'.length);
    intake = nc.subscribe(intakeSubject(o.namespace, ori), {
      callback: (err, m) => {
        if (err) return;
        let b: Intake;
        try {
          b = intakeSchema.parse(m.json());
          if (b.car.ori !== ori) throw new InputError(`booking ${b.tcn} is for ${b.car.ori}, not ${ori}`);
        } catch (e) {
          m.respond(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
          return;
        }
        book(node, b.tcn, b.personRef, b.car as Body<'car'>).then(
          () => m.respond(JSON.stringify({ ok: true })),
          (e: unknown) => {
            o.logger.warn({ tcn: b.tcn, err: (e as Error).message }, 'booking failed');
            m.respond(JSON.stringify({ error: (e as Error).message, retry: true }));
          },
        );
      },
    });
  }
  return {
    address: o.address,
    close: async () => {
      intake?.unsubscribe();
      // What was sent is delivered first when the broker is there; otherwise the outbox keeps it for the next start.
      await Promise.race([node.flush(), new Promise((r) => setTimeout(r, 5000))]);
      await bus.close();
      await store.close();
      await nc.close();
    },
  };
}
