import PDFDocument from 'pdfkit';
import type { Chart } from './chart.ts';
import { reportCharts } from './report-charts.ts';
import type { MonthlyReport } from './report-data.ts';

const n = (v: number) => v.toLocaleString('en-US');
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** A PDF of the monthly report: key figures, the same charts as the HTML page, states, anomalies. */
export function reportPdf(r: MonthlyReport): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `IDENT/IAFIS interoperability statistics ${r.month}`, Author: 'scomm' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) => doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))));
  const m = r.national.month;
  const c = r.national.cumulative;
  doc.fontSize(18).text(`IDENT/IAFIS interoperability statistics: ${r.month}`);
  doc.fontSize(9).fillColor('#555').text('Computed by scomm from stored events (simulation or workflow), on synthetic people.').fillColor('#000').moveDown();
  const facts: [string, string][] = [
    ['Counties active', `${n(r.jurisdictionsActive)} of ${n(r.countiesTotal)}`],
    ['Submissions (month / to date)', `${n(m.submissions)} / ${n(c.submissions)}`],
    ['IDENT matches', `${n(m.identMatches)} / ${n(c.identMatches)}`],
    ['Detainers', `${n(m.detainers)} / ${n(c.detainers)}`],
    ['Removals', `${n(m.removals)} / ${n(c.removals)}`],
    ['Non-criminal share of removals', `${pct(m.nonCriminalShare)} / ${pct(c.nonCriminalShare)}`],
    ['Matches awaiting conviction', pct(m.awaitingConvictionShare)],
    ['Complaints filed to date', n(r.complaintsTotal)],
    ['Anomalies flagged', n(r.anomalies.length)],
    ['Opt-out requests', n(r.optOuts.length)],
  ];
  doc.fontSize(10);
  for (const [k, v] of facts) doc.text(`${k}: ${v}`);
  doc.moveDown();
  for (const chart of reportCharts(r)) drawChart(doc, chart, 515);
  doc.addPage().fontSize(13).text('States with the most removals to date').fontSize(9).moveDown(0.5);
  for (const s of [...r.states].sort((a, b) => b.cumulative.removals - a.cumulative.removals).slice(0, 25)) {
    doc.text(`${s.state}   month: ${n(s.month.submissions)} submissions, ${n(s.month.identMatches)} matches, ${n(s.month.removals)} removals   to date: ${n(s.cumulative.removals)} removals, ${pct(s.cumulative.nonCriminalShare)} non-criminal`);
  }
  doc.moveDown().fontSize(13).text(`Anomalies (${r.anomalies.length})`).fontSize(9).moveDown(0.5);
  for (const a of r.anomalies.slice(0, 40)) doc.text(`${a.county}, ${a.state}: ${a.explanation}`);
  if (r.optOuts.length) {
    doc.moveDown().fontSize(13).text('Opt-out requests').fontSize(9).moveDown(0.5);
    for (const o of r.optOuts) doc.text(`${o.county}, requested ${o.requestedAt} by ${o.requestedBy} (${o.status}): to date ${n(o.submissions)} submissions, ${n(o.identMatches)} IDENT matches, ${n(o.removals)} removals under the simulated policy; none of the matches under 'honored'.`);
  }
  doc.end();
  return done;
}

function drawChart(doc: PDFKit.PDFDocument, chart: Chart, width: number): void {
  const k = width / chart.width;
  const height = chart.height * k;
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const ox = doc.page.margins.left;
  const oy = doc.y;
  for (const s of chart.shapes) {
    if (s.kind === 'rect') doc.rect(ox + s.x * k, oy + s.y * k, s.w * k, s.h * k).fill(s.fill);
    else if (s.kind === 'line') {
      const [first, ...rest] = s.points;
      if (!first) continue;
      doc.moveTo(ox + first[0] * k, oy + first[1] * k);
      for (const [x, y] of rest) doc.lineTo(ox + x * k, oy + y * k);
      doc.lineWidth(s.width * k).strokeColor(s.stroke).stroke();
    } else {
      const size = s.size * k;
      const w = doc.fontSize(size).widthOfString(s.text);
      const x = s.anchor === 'middle' ? s.x * k - w / 2 : s.anchor === 'end' ? s.x * k - w : s.x * k;
      doc.fillColor(s.fill ?? '#000').text(s.text, ox + x, oy + s.y * k - size, { lineBreak: false });
    }
  }
  doc.fillColor('#000');
  doc.x = ox;
  doc.y = oy + height + 10;
}
