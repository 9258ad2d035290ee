import { monthlyChart } from './charts.js';
import { countyMap, ramp } from './map.js';
import { api, el, LEVEL_COLOURS, num, pct } from './ui.js';

const INACTIVE = '#d5d8de';
const NO_DATA = '#eceef2';
const MODES = {
  activation: 'Activation date',
  identMatches: 'IDENT matches to date',
  removals: 'Removals to date',
  nonCriminalShare: 'Non-criminal share of removals',
};
const monthIndex = (m) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

/** National view: the county map coloured by activation date or a statistic, the rollout slider, monthly charts, anomalies. */
export async function nationalView(main, go) {
  const rollout = await api('/api/public/rollout');
  const months = rollout.months.map((m) => m.month);
  const byFips = new Map(rollout.counties.map((c) => [c.fips, c]));
  const first = monthIndex(months[0]);
  const span = Math.max(1, monthIndex(months.at(-1)) - first);

  const mode = el('select', { id: 'mode' }, Object.entries(MODES).map(([k, v]) => el('option', { value: k }, v)));
  const slider = el('input', { id: 'month', type: 'range', min: 0, max: months.length - 1, value: months.length - 1, step: 1, 'aria-valuetext': months.at(-1) });
  const sliderLabel = el('output', { for: 'month', id: 'month-label' });
  const search = el('input', { type: 'search', id: 'county-search', list: 'county-list', placeholder: 'e.g. Harris County, TX', autocomplete: 'off' });
  const datalist = el('datalist', { id: 'county-list' }, rollout.counties.map((c) => el('option', { value: `${c.name}, ${c.state} (${c.fips})` })));
  const mapBox = el('div', { class: 'map', id: 'map' }, el('p', { class: 'muted' }, 'Drawing the county map…'));
  const legend = el('div', { class: 'legend', id: 'legend' });
  const kpis = el('div', { class: 'kpis', id: 'kpis' });
  const anomalies = el('ul', { class: 'plain', id: 'anomalies' });
  const charts = el('div', {}, el('div', { class: 'chart', id: 'chart-matches' }), el('div', { class: 'chart', id: 'chart-levels' }));
  const note = el('p', { class: 'note', hidden: true, id: 'no-stats' }, 'The store holds no statistics yet: run ', el('code', {}, 'scomm sim'), ' and reload. The map still shows the rollout.');

  main.replaceChildren(
    el('h1', {}, 'Secure Communities rollout and outcomes, by county'),
    el('div', { class: 'controls' },
      el('label', {}, 'Colour counties by', mode),
      el('label', {}, el('span', {}, 'Rollout month: ', sliderLabel), slider),
      el('label', {}, 'Open a jurisdiction', search, datalist)),
    note,
    el('div', { class: 'grid' },
      el('section', { class: 'card', 'aria-labelledby': 'map-h' }, el('h2', { id: 'map-h' }, 'Counties'), mapBox, legend),
      el('section', { class: 'card', 'aria-labelledby': 'anom-h' }, el('h2', { id: 'anom-h' }, 'Figures to date'), kpis, el('h2', { id: 'anom-h2' }, 'Anomaly flags'), anomalies)),
    el('section', { class: 'card', 'aria-labelledby': 'charts-h' }, el('h2', { id: 'charts-h' }, 'Month by month (national)'), charts),
  );

  search.addEventListener('change', () => {
    const m = /\((\d{5})\)$/.exec(search.value);
    if (m) go(`#/county/${m[1]}`);
  });
  const map = await countyMap(mapBox, { onPick: (fips) => go(`#/county/${fips}`), label: 'Map of US counties coloured by the chosen measure' });
  mapBox.dataset.counties = String(map.size);

  let stats = null;
  let countyStats = new Map();
  let statsMonth = null;

  async function loadStats(month) {
    if (statsMonth === month) return;
    statsMonth = month;
    const [s, c] = await Promise.all([api(`/api/public/stats?month=${month}`), api(`/api/public/stats/counties?month=${month}`)]);
    if (statsMonth !== month) return;
    stats = s;
    countyStats = new Map(c.rows.map((r) => [r[0], { submissions: r[1], identMatches: r[2], removals: r[3], nonCriminalShare: r[4] }]));
    note.hidden = s.months.length > 0;
    renderFigures();
  }

  function renderFigures() {
    const n = stats.national.cumulative;
    kpis.replaceChildren(
      el('div', { class: 'kpi' }, el('b', {}, num(stats.jurisdictionsActive)), el('small', {}, `of ${num(stats.countiesTotal)} counties active`)),
      el('div', { class: 'kpi' }, el('b', {}, num(n.submissions)), el('small', {}, 'IDENT submissions')),
      el('div', { class: 'kpi' }, el('b', {}, num(n.identMatches)), el('small', {}, 'IDENT matches')),
      el('div', { class: 'kpi' }, el('b', {}, num(n.removals)), el('small', {}, 'removals')),
      el('div', { class: 'kpi' }, el('b', {}, pct(n.nonCriminalShare)), el('small', {}, 'of removals non-criminal')),
    );
    anomalies.replaceChildren(...(stats.anomalies.length ? stats.anomalies.slice(0, 12).map((a) => el('li', {}, el('a', { href: `#/county/${a.fips}` }, `${a.county}, ${a.state}`), ': ', a.explanation.replace(/^[^:]*: /, ''))) : [el('li', { class: 'muted' }, 'No county crosses a flag threshold to this month.')]));
    const series = stats.series;
    const ms = series.map((s) => s.month);
    if (ms.length) {
      monthlyChart(document.getElementById('chart-matches'), 'IDENT matches and removals', ms, [
        { label: 'IDENT matches', values: series.map((s) => s.identMatches), colour: '#1b5fa8' },
        { label: 'Removals', values: series.map((s) => s.removals), colour: '#a8321b' },
      ]);
      monthlyChart(document.getElementById('chart-levels'), 'Removals by level', ms, Object.entries({ level1: 'Level 1', level2: 'Level 2', level3: 'Level 3', nonCriminal: 'Non-criminal' }).map(([k, label]) => ({ label, values: series.map((s) => s.removalsByLevel[k]), colour: LEVEL_COLOURS[k] })));
    }
    paint();
  }

  function paint() {
    const month = months[Number(slider.value)];
    const end = `${month}-31`;
    const m = mode.value;
    const activeCount = rollout.months[Number(slider.value)].active;
    sliderLabel.textContent = `${month} (${num(activeCount)} counties active)`;
    slider.setAttribute('aria-valuetext', `${month}, ${activeCount} counties active`);
    mapBox.dataset.mode = m;
    mapBox.dataset.month = month;
    let max = 1;
    if (m !== 'activation') for (const v of countyStats.values()) max = Math.max(max, m === 'nonCriminalShare' ? 1 : v[m]);
    map.paint(
      (fips) => {
        const c = byFips.get(fips);
        const active = c?.activation && c.activation <= end;
        if (!active) return c ? INACTIVE : NO_DATA;
        if (m === 'activation') return ramp((monthIndex(c.activation.slice(0, 7)) - first) / span);
        const v = countyStats.get(fips);
        if (!v) return NO_DATA;
        return ramp(m === 'nonCriminalShare' ? v.nonCriminalShare : Math.sqrt(v[m] / max));
      },
      (fips) => {
        const c = byFips.get(fips);
        if (!c) return `FIPS ${fips}`;
        const v = countyStats.get(fips);
        const act = c.activation ? `activated ${c.activation}` : 'never activated';
        return `${c.name}, ${c.state}: ${act}${v ? `; ${num(v.identMatches)} matches, ${num(v.removals)} removals, ${pct(v.nonCriminalShare)} non-criminal` : ''}`;
      },
    );
    legend.replaceChildren(
      el('span', {}, el('i', { style: `background:${INACTIVE}` }), 'not yet active'),
      ...(m === 'activation'
        ? [0, 0.25, 0.5, 0.75, 1].map((t) => el('span', {}, el('i', { style: `background:${ramp(t)}` }), months[Math.round(t * (months.length - 1))]))
        : [0, 0.5, 1].map((t) => el('span', {}, el('i', { style: `background:${ramp(t)}` }), m === 'nonCriminalShare' ? pct(t) : num(Math.round(max * t * t))))),
    );
  }

  let timer;
  slider.addEventListener('input', () => {
    paint();
    clearTimeout(timer);
    timer = setTimeout(() => loadStats(months[Number(slider.value)]).catch(() => {}), 250);
  });
  mode.addEventListener('change', paint);
  paint();
  await loadStats(months.at(-1));
}
