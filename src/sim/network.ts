import { eroNode } from '../agencies/ero/node.ts';
import { fieldOfficeOf } from '../agencies/ero/field-offices.ts';
import { bookingNode } from '../agencies/booking/node.ts';
import { cjisNode, type CjisConfig } from '../agencies/cjis/node.ts';
import { identNode } from '../agencies/ident/node.ts';
import { lescNode } from '../agencies/lesc/node.ts';
import { oversightNode } from '../agencies/oversight/node.ts';
import { AgencyNode, type NodeSpec } from '../agencies/runtime/node.ts';
import { sibNode } from '../agencies/sib/node.ts';
import type { SearchPool, TenprintGallery } from '../biometrics/search/index.ts';
import type { Bus } from '../bus/index.ts';
import type { Store } from '../store/database.ts';
import type { Body } from '../messages/index.ts';
import type { County } from './counties.ts';
import type { SyntheticPerson } from './population.ts';

/** The booking agency of a county: its ORI is the state's two letters, the county FIPS code and '00'. */
export function oriOf(c: County): string {
  return `${c.state}${c.fips}00`;
}

/** A drawn booking (drawBooking) as the CAR its county's booking agency submits, prints aside. */
export function carOf(b: { person: SyntheticPerson; county: County; bookedAt: string; charges: Body<'car'>['charges']; flags: Body<'car'>['flags'] }): Omit<Body<'car'>, 'templates' | 'nist'> {
  return {
    ori: oriOf(b.county),
    county: b.county.fips,
    bookedAt: b.bookedAt,
    subject: { name: b.person.name, dob: b.person.dob, pob: b.person.pob, sex: b.person.sex },
    charges: b.charges,
    flags: b.flags,
  };
}

/** The counties the demo's booking agencies serve: the most populous of ten states. */
export function demoCounties(all: County[]): County[] {
  const states = ['TX', 'CA', 'IL', 'FL', 'AZ', 'NY', 'GA', 'WA', 'NC', 'CO'];
  return states.map((s) => all.filter((c) => c.state === s).sort((a, b) => b.population - a.population)[0]).filter(Boolean);
}

/** Whether a state's bureau keeps IDENT and ICE answers (IDR, IAR) from its booking agencies (NY did). */
export function withholdsImmigrationAnswers(state: string): boolean {
  return state === 'NY';
}

export interface NetworkSpecs {
  specs: NodeSpec[];
  cjisGallery: TenprintGallery;
  identGallery: TenprintGallery;
}

/**
 * Every agency node of a network serving these counties: one booking agency per county (Cook
 * County, IL declines detainers), one SIB per state (NY keeps immigration answers to itself, a
 * state's choice the program allowed), CJIS with the counties' real activation dates, IDENT, LESC,
 * one ERO field office per state's area, and oversight. The same list whether the nodes share one
 * process (demo, tests, serve) or each runs in its own (`scomm node start`).
 */
export function networkSpecs(counties: County[], options: { prints?: CjisConfig['prints']; searchPool?: SearchPool } = {}): NetworkSpecs {
  const byFips = new Map(counties.map((c) => [c.fips, c]));
  const states = [...new Set(counties.map((c) => c.state))];
  const cjis = cjisNode({ activation: (f) => byFips.get(f)?.activation ?? null, prints: options.prints, searchPool: options.searchPool });
  const ident = identNode({ searchPool: options.searchPool });
  const specs: NodeSpec[] = [
    ...counties.map((c) => bookingNode({ ori: oriOf(c), declinesDetainers: c.state === 'IL' })),
    ...states.map((s) => sibNode({ state: s, passImmigrationAnswers: !withholdsImmigrationAnswers(s) })),
    cjis,
    ident,
    lescNode({ fieldOfficeOf }),
    ...[...new Set(states.map(fieldOfficeOf))].map((office) => eroNode(office)),
    oversightNode(),
  ];
  return { specs, cjisGallery: cjis.gallery, identGallery: ident.gallery };
}

export interface NetworkOptions {
  counties: County[];
  bus: Bus;
  /** Opens the store of the node at this address (each node has its own). */
  storeFor: (address: string) => Store;
  /** Start only the nodes at these addresses (distributed mode runs one node per process); all by default. */
  only?: (address: string) => boolean;
  /** How CJIS turns a CAR's images into templates (default: on the main thread; the demo passes worker threads). */
  prints?: CjisConfig['prints'];
  /** Worker threads for CJIS's and IDENT's searches (default: the main thread). */
  searchPool?: SearchPool;
  /** Resend undelivered outbox rows this often (ms) besides at start (see AgencyNode). */
  resendEveryMs?: number;
}

/**
 * A running network of agency nodes on one bus. `drain()` waits until every inbox is empty and
 * every outbox delivered, so callers never sleep.
 */
export class Network {
  private constructor(
    readonly nodes: Map<string, AgencyNode>,
    readonly bus: Bus,
    readonly cjisGallery: TenprintGallery,
    readonly identGallery: TenprintGallery,
  ) {}

  static async start(o: NetworkOptions): Promise<Network> {
    const { specs, cjisGallery, identGallery } = networkSpecs(o.counties, { prints: o.prints, searchPool: o.searchPool });
    const nodes = new Map<string, AgencyNode>();
    for (const spec of specs) if (!o.only || o.only(spec.address)) nodes.set(spec.address, new AgencyNode(spec, o.storeFor(spec.address), o.bus, o.resendEveryMs));
    for (const n of nodes.values()) await n.start();
    return new Network(nodes, o.bus, cjisGallery, identGallery);
  }

  /** The node at an address; throws when this network does not run it. */
  node(address: string): AgencyNode {
    const n = this.nodes.get(address);
    if (!n) throw new Error(`no node '${address}' in this network`);
    return n;
  }

  /** Every node whose address starts with the prefix ('booking:', 'ero:', 'cjis' ...). */
  select(prefix: string): AgencyNode[] {
    return [...this.nodes.values()].filter((n) => n.address.startsWith(prefix));
  }

  /** Resolves when nothing is queued, in flight or waiting for a retry, and every outbox row is delivered. */
  async drain(): Promise<void> {
    await this.bus.idle();
    for (const n of this.nodes.values()) await n.flush();
  }

  async close(): Promise<void> {
    await this.bus.close();
    for (const n of this.nodes.values()) await n.store.close();
  }
}
