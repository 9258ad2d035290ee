import uPlot from '/vendor/uplot/uPlot.esm.js';

const monthToTs = (m) => Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)) - 1, 1) / 1000;

/**
 * A monthly line chart (uPlot) sized to its container; series: [{label, values, colour}]. A table
 * with the same figures follows it for screen readers.
 */
export function monthlyChart(container, title, months, series) {
  container.replaceChildren();
  const width = Math.max(280, Math.floor(container.getBoundingClientRect().width || 600));
  const opts = {
    title,
    width,
    height: 220,
    scales: { x: { time: true } },
    series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 2, fill: s.fill }))],
    axes: [{}, { size: 60 }],
  };
  const plot = new uPlot(opts, [months.map(monthToTs), ...series.map((s) => s.values)], container);
  const table = document.createElement('table');
  table.className = 'sr-only';
  table.setAttribute('aria-label', title);
  table.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)';
  table.innerHTML = '';
  const head = table.insertRow();
  for (const h of ['month', ...series.map((s) => s.label)]) head.insertCell().textContent = h;
  months.forEach((m, i) => {
    const r = table.insertRow();
    r.insertCell().textContent = m;
    for (const s of series) r.insertCell().textContent = String(s.values[i]);
  });
  container.append(table);
  return plot;
}
