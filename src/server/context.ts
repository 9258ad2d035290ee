import type { Kysely } from 'kysely';
import { bookingNode } from '../agencies/booking/node.ts';
import { AgencyNode } from '../agencies/runtime/node.ts';
import type { Bus } from '../bus/index.ts';
import type { County } from '../sim/counties.ts';
import type { Network } from '../sim/network.ts';
import type { Store } from '../store/database.ts';
import type { StatsTables } from '../stats/store.ts';
import { CredentialService } from './auth/credentials.ts';
import type { ServerTables } from './store.ts';

export interface ServerLimits {
  /** Largest accepted booking upload (ANSI/NIST file or JSON with images), bytes. */
  uploadBytes: number;
  /** Requests per minute per client (bearer token, else address); @fastify/rate-limit. */
  rateLimitPerMinute: number;
  /** How long public statistics are served from memory before being recomputed, ms. */
  statsCacheMs: number;
}

export const defaultLimits: ServerLimits = { uploadBytes: 16 * 1024 * 1024, rateLimitPerMinute: 3000, statsCacheMs: 60_000 };

export interface ServerContextOptions {
  network: Network;
  /** Opens the store of a booking agency created on first use (same rule as the network's own). */
  storeFor: (address: string) => Store;
  serverDb: Kysely<ServerTables>;
  /** Where `scomm sim` (and the workflow) wrote statistical events. */
  statsDb: Kysely<StatsTables>;
  counties: County[];
  now?: () => Date;
  limits?: Partial<ServerLimits>;
  /** Closes what the context does not own through the network (the server store...). */
  onClose?: () => Promise<void>;
}

/**
 * Every dependency of the HTTP server in one object (explicit wiring: tests swap parts). The
 * network's oversight node holds the audit chain, complaints and opt-out requests; data access is
 * appended to that same chain.
 */
export class ServerContext {
  readonly network: Network;
  readonly credentials: CredentialService;
  readonly serverDb: Kysely<ServerTables>;
  readonly statsDb: Kysely<StatsTables>;
  readonly counties: County[];
  readonly countyByFips: Map<string, County>;
  readonly now: () => Date;
  readonly limits: ServerLimits;
  private readonly storeFor: (address: string) => Store;
  private readonly starting = new Map<string, Promise<AgencyNode>>();
  private readonly onClose?: () => Promise<void>;

  constructor(o: ServerContextOptions) {
    this.network = o.network;
    this.serverDb = o.serverDb;
    this.statsDb = o.statsDb;
    this.counties = o.counties;
    this.countyByFips = new Map(o.counties.map((c) => [c.fips, c]));
    this.now = o.now ?? (() => new Date());
    this.limits = { ...defaultLimits, ...o.limits };
    this.storeFor = o.storeFor;
    this.onClose = o.onClose;
    this.credentials = new CredentialService(o.serverDb, this.now);
  }

  get oversightDb(): Kysely<any> {
    return this.network.node('oversight').db;
  }

  /** The node at an address, if this network runs it. */
  nodeAt(address: string): AgencyNode | undefined {
    return this.network.nodes.get(address);
  }

  /**
   * The booking agency of an ORI, created on first use (DESIGN.md: any well-formed ORI may hold a
   * credential): its store opened and migrated, its inbox subscribed, before its first CAR leaves.
   */
  async bookingNode(ori: string): Promise<AgencyNode> {
    const address = `booking:${ori}`;
    const existing = this.network.nodes.get(address);
    if (existing) return existing;
    let p = this.starting.get(address);
    if (!p) {
      p = (async () => {
        const node = new AgencyNode(bookingNode({ ori, declinesDetainers: false }), this.storeFor(address), this.network.bus as Bus);
        await node.start();
        this.network.nodes.set(address, node);
        return node;
      })();
      this.starting.set(address, p);
    }
    return p;
  }

  async close(): Promise<void> {
    await this.network.close();
    await this.onClose?.();
  }
}
