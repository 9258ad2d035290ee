/**
 * Charts as lists of shapes, drawn by both the HTML report (SVG) and the PDF report (pdfkit), so
 * the two show the same pictures.
 */
export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  | { kind: 'text'; x: number; y: number; text: string; size: number; anchor: 'start' | 'middle' | 'end'; fill?: string }
  | { kind: 'line'; points: [number, number][]; stroke: string; width: number };

export interface Chart {
  title: string;
  width: number;
  height: number;
  shapes: Shape[];
}

export const LEVEL_COLOURS = { level1: '#8e1b1b', level2: '#d9822b', level3: '#e8c547', nonCriminal: '#5b8db8' } as const;
export const LEVEL_LABELS = { level1: 'Level 1', level2: 'Level 2', level3: 'Level 3', nonCriminal: 'Non-criminal' } as const;
type LevelKey = keyof typeof LEVEL_COLOURS;

const W = 640;
const H = 240;
const M = { left: 60, right: 16, top: 28, bottom: 36 };

function axes(title: string, max: number, labels: string[], every: number): Shape[] {
  const shapes: Shape[] = [{ kind: 'text', x: M.left, y: 16, text: title, size: 13, anchor: 'start', fill: '#222' }];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    const y = H - M.bottom - ((H - M.top - M.bottom) * k) / 4;
    shapes.push({ kind: 'line', points: [[M.left, y], [W - M.right, y]], stroke: '#e2e2e2', width: 1 });
    shapes.push({ kind: 'text', x: M.left - 6, y: y + 4, text: compact(v), size: 10, anchor: 'end', fill: '#555' });
  }
  const step = (W - M.left - M.right) / Math.max(1, labels.length);
  labels.forEach((l, i) => {
    if (i % every === 0) shapes.push({ kind: 'text', x: M.left + step * (i + 0.5), y: H - M.bottom + 14, text: l, size: 9, anchor: 'middle', fill: '#555' });
  });
  return shapes;
}

/** Stacked monthly bars of removals by level (or any stacked series). */
export function stackedMonthlyBars(title: string, months: string[], stacks: Record<LevelKey, number>[]): Chart {
  const totals = stacks.map((s) => s.level1 + s.level2 + s.level3 + s.nonCriminal);
  const max = niceMax(Math.max(1, ...totals));
  const shapes = axes(title, max, months.map((m) => m.slice(2)), Math.ceil(months.length / 10));
  const step = (W - M.left - M.right) / Math.max(1, months.length);
  const scale = (H - M.top - M.bottom) / max;
  stacks.forEach((s, i) => {
    let y = H - M.bottom;
    for (const k of ['level1', 'level2', 'level3', 'nonCriminal'] as LevelKey[]) {
      const h = s[k] * scale;
      if (h > 0) shapes.push({ kind: 'rect', x: M.left + step * i + step * 0.15, y: y - h, w: step * 0.7, h, fill: LEVEL_COLOURS[k] });
      y -= h;
    }
  });
  legend(shapes);
  return { title, width: W, height: H, shapes };
}

/** Monthly bars of one count, the report month highlighted. */
export function monthlyBars(title: string, months: string[], values: number[], highlight: string): Chart {
  const max = niceMax(Math.max(1, ...values));
  const shapes = axes(title, max, months.map((m) => m.slice(2)), Math.ceil(months.length / 10));
  const step = (W - M.left - M.right) / Math.max(1, months.length);
  const scale = (H - M.top - M.bottom) / max;
  values.forEach((v, i) => {
    const h = v * scale;
    shapes.push({ kind: 'rect', x: M.left + step * i + step * 0.15, y: H - M.bottom - h, w: step * 0.7, h, fill: months[i] === highlight ? '#c0392b' : '#1b6ca8' });
  });
  return { title, width: W, height: H, shapes };
}

/** The rollout: counties with Secure Communities active, month by month, against all counties. */
export function rolloutTimeline(title: string, months: string[], active: number[], total: number): Chart {
  const max = niceMax(total);
  const shapes = axes(title, max, months.map((m) => m.slice(2)), Math.ceil(months.length / 10));
  const step = (W - M.left - M.right) / Math.max(1, months.length);
  const scale = (H - M.top - M.bottom) / max;
  const yTotal = H - M.bottom - total * scale;
  shapes.push({ kind: 'line', points: [[M.left, yTotal], [W - M.right, yTotal]], stroke: '#999', width: 1 });
  shapes.push({ kind: 'text', x: W - M.right, y: yTotal - 4, text: `all ${total} counties`, size: 10, anchor: 'end', fill: '#555' });
  shapes.push({ kind: 'line', points: active.map((a, i) => [M.left + step * (i + 0.5), H - M.bottom - a * scale] as [number, number]), stroke: '#27ae60', width: 2.5 });
  return { title, width: W, height: H, shapes };
}

/** One horizontal bar split by level: the month's level mix. */
export function levelMix(title: string, byLevel: Record<LevelKey, number>): Chart {
  const total = byLevel.level1 + byLevel.level2 + byLevel.level3 + byLevel.nonCriminal;
  const shapes: Shape[] = [{ kind: 'text', x: M.left, y: 16, text: title, size: 13, anchor: 'start', fill: '#222' }];
  let x = M.left;
  const width = W - M.left - M.right;
  for (const k of ['level1', 'level2', 'level3', 'nonCriminal'] as LevelKey[]) {
    const w = total ? (byLevel[k] / total) * width : 0;
    if (w > 0) {
      shapes.push({ kind: 'rect', x, y: 30, w, h: 34, fill: LEVEL_COLOURS[k] });
      if (w > 60) shapes.push({ kind: 'text', x: x + w / 2, y: 52, text: `${Math.round((100 * byLevel[k]) / total)} %`, size: 12, anchor: 'middle', fill: '#fff' });
    }
    x += w;
  }
  if (!total) shapes.push({ kind: 'text', x: M.left, y: 52, text: 'no removals this month', size: 12, anchor: 'start', fill: '#555' });
  const chart = { title, width: W, height: 100, shapes };
  legend(shapes, 84);
  return chart;
}

function legend(shapes: Shape[], y = 16): void {
  let x = W - M.right - 330;
  for (const k of ['level1', 'level2', 'level3', 'nonCriminal'] as LevelKey[]) {
    shapes.push({ kind: 'rect', x, y: y - 9, w: 10, h: 10, fill: LEVEL_COLOURS[k] });
    shapes.push({ kind: 'text', x: x + 14, y, text: LEVEL_LABELS[k], size: 10, anchor: 'start', fill: '#333' });
    x += 82;
  }
}

export function chartSvg(c: Chart): string {
  const body = c.shapes
    .map((s) => {
      if (s.kind === 'rect') return `<rect x="${f(s.x)}" y="${f(s.y)}" width="${f(s.w)}" height="${f(s.h)}" fill="${s.fill}"/>`;
      if (s.kind === 'text') return `<text x="${f(s.x)}" y="${f(s.y)}" font-size="${s.size}" text-anchor="${s.anchor}" fill="${s.fill ?? '#000'}">${escapeXml(s.text)}</text>`;
      return `<polyline fill="none" stroke="${s.stroke}" stroke-width="${s.width}" points="${s.points.map(([x, y]) => `${f(x)},${f(y)}`).join(' ')}"/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(c.title)}" viewBox="0 0 ${c.width} ${c.height}" width="100%" font-family="sans-serif">${body}</svg>`;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function f(v: number): string {
  return v.toFixed(1);
}

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function compact(v: number): string {
  return v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : String(Math.round(v));
}
