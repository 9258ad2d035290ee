// Small DOM helpers and the API client shared by every screen.

/** Creates an element: el('p', {class: 'x'}, 'text', child...). Strings become text nodes (never HTML). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

export function say(message) {
  const s = document.getElementById('status');
  s.textContent = message;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => (s.textContent = ''), 6000);
}

const KEY = 'scomm.session';

/** The signed-in session (token and principal), kept for this tab only. */
export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch { return null; }
  },
  set(v) { v ? sessionStorage.setItem(KEY, JSON.stringify(v)) : sessionStorage.removeItem(KEY); },
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Calls the API with the session's bearer token; a 401 ends the local session. */
export async function api(path, { method = 'GET', body, raw, purpose } = {}) {
  const s = session.get();
  const headers = {};
  if (s) headers.authorization = `Bearer ${s.token}`;
  if (purpose) headers['x-scomm-purpose'] = purpose;
  let payload;
  if (raw) (headers['content-type'] = 'application/octet-stream'), (payload = raw);
  else if (body !== undefined) (headers['content-type'] = 'application/json'), (payload = JSON.stringify(body));
  const r = await fetch(path, { method, headers, body: payload });
  const data = (r.headers.get('content-type') || '').includes('json') ? await r.json() : await r.text();
  if (r.status === 401 && s) {
    session.set(null);
    document.dispatchEvent(new CustomEvent('signed-out', { detail: data?.message }));
  }
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

export const pct = (x) => `${(100 * x).toFixed(1)} %`;
export const num = (x) => Number(x).toLocaleString('en-US');
export const LEVEL_COLOURS = { level1: '#8e1b1b', level2: '#d9822b', level3: '#e8c547', nonCriminal: '#5b8db8' };
export const LEVEL_LABELS = { level1: 'Level 1', level2: 'Level 2', level3: 'Level 3', nonCriminal: 'Non-criminal' };

/** A horizontal bar of the level mix, with a text equivalent. */
export function levelBar(byLevel) {
  const total = Object.values(byLevel).reduce((a, b) => a + b, 0);
  const bar = el('div', { class: 'levelbar', role: 'img', 'aria-label': total ? Object.entries(byLevel).map(([k, v]) => `${LEVEL_LABELS[k]} ${Math.round((100 * v) / total)} %`).join(', ') : 'no removals' });
  if (!total) bar.append(el('div', { style: 'background:#ccc;flex:1' }, 'no removals'));
  for (const [k, v] of Object.entries(byLevel)) if (v > 0) bar.append(el('div', { style: `background:${LEVEL_COLOURS[k]};flex:${v}` }, v / total > 0.08 ? `${Math.round((100 * v) / total)} %` : ''));
  return bar;
}
