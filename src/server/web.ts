import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { App } from './app.ts';
import { NotFoundError } from './errors.ts';

const WEB = path.resolve(import.meta.dirname, '../web/static');
const MODULES = path.resolve(import.meta.dirname, '../../node_modules');

/** The installed packages the dashboard loads, file by file (nothing else under node_modules is served). */
const VENDOR: Record<string, string> = {
  'uplot/uPlot.esm.js': 'uplot/dist/uPlot.esm.js',
  'uplot/uPlot.min.css': 'uplot/dist/uPlot.min.css',
  'topojson-client/topojson-client.js': 'topojson-client/dist/topojson-client.js',
  'us-atlas/counties-albers-10m.json': 'us-atlas/counties-albers-10m.json',
  'us-atlas/states-albers-10m.json': 'us-atlas/states-albers-10m.json',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const cache = new Map<string, Buffer>();
async function file(p: string): Promise<Buffer> {
  let b = cache.get(p);
  if (!b) cache.set(p, (b = await readFile(p)));
  return b;
}

/** The dashboard (src/web/static) and its vendored modules; every asset local, nothing fetched from elsewhere. */
export function registerWeb(app: App): void {
  const send = async (p: string, reply: { type: (t: string) => unknown; header: (k: string, v: string) => unknown }) => {
    const type = TYPES[path.extname(p)];
    if (!type) throw new NotFoundError('no such file');
    let body: Buffer;
    try {
      body = await file(p);
    } catch {
      throw new NotFoundError('no such file');
    }
    reply.type(type);
    reply.header('cache-control', 'no-cache');
    return body;
  };
  app.get('/', { schema: { summary: 'The dashboard', tags: ['web'] } }, async (_req, reply) => send(path.join(WEB, 'index.html'), reply));
  app.get('/web/*', { schema: { summary: 'Dashboard assets', tags: ['web'] } }, async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    const p = path.resolve(WEB, rel);
    if (!p.startsWith(WEB + path.sep)) throw new NotFoundError('no such file');
    return send(p, reply);
  });
  app.get('/vendor/*', { schema: { summary: 'Vendored browser modules (uPlot, topojson-client, us-atlas)', tags: ['web'] } }, async (req, reply) => {
    const target = VENDOR[(req.params as { '*': string })['*']];
    if (!target) throw new NotFoundError('no such file');
    return send(path.join(MODULES, target), reply);
  });
}
