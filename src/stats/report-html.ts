import { chartSvg, escapeXml } from './chart.ts';
import { reportCharts } from './report-charts.ts';
import type { MonthlyReport } from './report-data.ts';

const n = (v: number) => v.toLocaleString('en-US');
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** A self-contained page (inline CSS and SVG, no external asset). */
export function reportHtml(r: MonthlyReport): string {
  const m = r.national.month;
  const c = r.national.cumulative;
  const cards: [string, string, string][] = [
    ['Counties active', `${n(r.jurisdictionsActive)} of ${n(r.countiesTotal)}`, ''],
    ['Submissions', n(m.submissions), `${n(c.submissions)} to date`],
    ['IDENT matches', n(m.identMatches), `${n(c.identMatches)} to date`],
    ['Detainers', n(m.detainers), `${n(c.detainers)} to date`],
    ['Removals', n(m.removals), `${n(c.removals)} to date`],
    ['Non-criminal share of removals', pct(m.nonCriminalShare), `${pct(c.nonCriminalShare)} to date`],
    ['Awaiting conviction', pct(m.awaitingConvictionShare), 'of matches (minor traffic rule)'],
    ['Complaints', n(r.complaintsTotal), 'filed to date'],
  ];
  const topStates = [...r.states].sort((a, b) => b.cumulative.removals - a.cumulative.removals).slice(0, 15);
  const row = (cells: (string | number)[]) => `<tr>${cells.map((x, i) => (i === 0 ? `<th scope="row">${escapeXml(String(x))}</th>` : `<td>${escapeXml(String(x))}</td>`)).join('')}</tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>IDENT/IAFIS interoperability statistics, ${r.month}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:980px;padding:16px;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}
.card{border:1px solid #ddd;border-radius:6px;padding:10px}.card b{display:block;font-size:1.4rem}.card small{color:#666}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:right}th[scope=row],thead th:first-child{text-align:left}
figure{margin:1rem 0}.note{color:#555;font-size:.85rem}
</style></head><body>
<h1>IDENT/IAFIS interoperability statistics: ${r.month}</h1>
<p class="note">Computed by scomm from the events in its store (simulation or workflow), on synthetic people. Generated ${escapeXml(r.generatedAt)}.</p>
<section class="cards" aria-label="Key figures">${cards.map(([t, v, s]) => `<div class="card">${escapeXml(t)}<b>${escapeXml(v)}</b><small>${escapeXml(s)}</small></div>`).join('')}</section>
${reportCharts(r).map((ch) => `<figure>${chartSvg(ch)}<figcaption class="note">${escapeXml(ch.title)}</figcaption></figure>`).join('\n')}
<h2>States (most removals to date)</h2>
<table><thead><tr><th>State</th><th>Submissions</th><th>Matches</th><th>Removals</th><th>Non-criminal share</th><th>Removals to date</th></tr></thead><tbody>
${topStates.map((s) => row([s.state, n(s.month.submissions), n(s.month.identMatches), n(s.month.removals), pct(s.cumulative.nonCriminalShare), n(s.cumulative.removals)])).join('\n')}
</tbody></table>
<h2>Anomalies (${r.anomalies.length})</h2>
${r.anomalies.length ? `<table><thead><tr><th>County</th><th>Rule</th><th>Value</th><th>Limit</th><th>Removals</th><th>Why</th></tr></thead><tbody>${r.anomalies.map((a) => row([`${a.county}, ${a.state}`, a.rule, a.value.toFixed(2), a.limit, n(a.removals), a.explanation])).join('\n')}</tbody></table>` : '<p>None flagged.</p>'}
<h2>Opt-out requests (${r.optOuts.length})</h2>
${r.optOuts.length ? `<p class="note">Figures to date as simulated. Under <code>not-honored</code> (as in 2011) these counties' prints went to IDENT; under <code>honored</code> they go to CJIS only and the IDENT columns are zero (<code>scomm sim --opt-out honored</code>).</p><table><thead><tr><th>County</th><th>Requested</th><th>By</th><th>Status</th><th>Submissions</th><th>IDENT matches</th><th>Removals</th></tr></thead><tbody>${r.optOuts.map((o) => row([o.county, o.requestedAt, o.requestedBy, o.status, n(o.submissions), n(o.identMatches), n(o.removals)])).join('\n')}</tbody></table>` : '<p>None recorded.</p>'}
<h2>Complaints by county</h2>
${r.counties.some((x) => x.complaints) ? `<table><thead><tr><th>County</th><th>Complaints</th><th>Removals to date</th></tr></thead><tbody>${r.counties.filter((x) => x.complaints).map((x) => row([`${x.name}, ${x.state}`, x.complaints, n(x.cumulative.removals)])).join('\n')}</tbody></table>` : '<p>None filed.</p>'}
</body></html>
`;
}
