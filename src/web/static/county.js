import { monthlyChart } from './charts.js';
import { api, el, levelBar, num, pct } from './ui.js';

/** Jurisdiction page: one county's figures over time, level mix, non-criminal share, complaints, opt-out history. */
export async function countyView(main, fips, go) {
  if (!fips) {
    const rollout = await api('/api/public/rollout');
    const input = el('input', { type: 'search', id: 'county-pick', list: 'county-list2', autocomplete: 'off' });
    input.addEventListener('change', () => {
      const m = /\((\d{5})\)$/.exec(input.value);
      if (m) go(`#/county/${m[1]}`);
    });
    main.replaceChildren(el('h1', {}, 'Jurisdictions'), el('label', {}, 'County ', input), el('datalist', { id: 'county-list2' }, rollout.counties.map((c) => el('option', { value: `${c.name}, ${c.state} (${c.fips})` }))));
    input.focus();
    return;
  }
  const j = await api(`/api/public/jurisdictions/${fips}`);
  const c = j.county;
  const series = j.series;
  const chart = el('div', { class: 'chart', id: 'county-chart' });
  main.replaceChildren(
    el('h1', {}, `${c.name}, ${c.state}`),
    el('div', { class: 'kpis' },
      el('div', { class: 'kpi' }, el('b', {}, c.activation ?? 'never'), el('small', {}, 'Secure Communities activated')),
      el('div', { class: 'kpi' }, el('b', {}, num(c.population)), el('small', {}, 'residents (2010)')),
      el('div', { class: 'kpi' }, el('b', {}, num(c.noncitizens)), el('small', {}, 'non-citizen residents')),
      el('div', { class: 'kpi' }, el('b', {}, num(j.toDate.removals)), el('small', {}, 'removals to date')),
      el('div', { class: 'kpi' }, el('b', {}, pct(j.toDate.nonCriminalShare)), el('small', {}, 'of removals non-criminal'))),
    el('section', { class: 'card' }, el('h2', {}, 'Level mix of removals to date'), levelBar(j.toDate.removalsByLevel)),
    el('section', { class: 'card' }, el('h2', {}, 'Month by month'), series.length ? chart : el('p', { class: 'muted' }, 'No statistics for this county in the store.')),
    el('div', { class: 'grid' },
      el('section', { class: 'card' }, el('h2', {}, `Complaints (${j.complaints.length})`), el('ul', { class: 'plain' }, j.complaints.length ? j.complaints.map((x) => el('li', {}, `${x.filedAt}: ${x.category.replaceAll('_', ' ')} (${x.status})`)) : el('li', { class: 'muted' }, 'None filed.'))),
      el('section', { class: 'card' }, el('h2', {}, 'Opt-out requests'), el('ul', { class: 'plain' }, j.optOuts.length ? j.optOuts.map((o) => el('li', {}, `${o.requestedAt}: ${o.requestedBy}: ${o.status}`, el('ul', {}, o.history.map((h) => el('li', { class: 'muted' }, `${h.at.slice(0, 10)} ${h.status}${h.note ? `: ${h.note}` : ''}`))))) : el('li', { class: 'muted' }, 'None recorded.')))),
  );
  if (series.length) {
    monthlyChart(chart, 'IDENT matches, detainers and removals', series.map((s) => s.month), [
      { label: 'IDENT matches', values: series.map((s) => s.identMatches), colour: '#1b5fa8' },
      { label: 'Detainers', values: series.map((s) => s.detainers), colour: '#d9822b' },
      { label: 'Removals', values: series.map((s) => s.removals), colour: '#a8321b' },
    ]);
  }
}
