/** A DET plot (FNMR against FMR, both on log axes) of one curve per dataset, as a standalone SVG. */
export function detSvg(curves: { name: string; points: { fmr: number; fnmr: number }[] }[]): string {
  const W = 640;
  const H = 480;
  const M = 60;
  const lo = 1e-4;
  const lx = (v: number) => M + ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / -Math.log10(lo)) * (W - 2 * M);
  const ly = (v: number) => H - M - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / -Math.log10(lo)) * (H - 2 * M);
  const colours = ['#1b6ca8', '#c0392b', '#27ae60', '#8e44ad', '#d35400', '#2c3e50'];
  const ticks = [1e-4, 1e-3, 1e-2, 1e-1, 1];
  const grid = ticks
    .map((t) => `<line x1="${lx(t)}" y1="${M}" x2="${lx(t)}" y2="${H - M}" stroke="#ddd"/><text x="${lx(t)}" y="${H - M + 18}" text-anchor="middle" font-size="12">${t * 100}%</text>` +
      `<line x1="${M}" y1="${ly(t)}" x2="${W - M}" y2="${ly(t)}" stroke="#ddd"/><text x="${M - 6}" y="${ly(t) + 4}" text-anchor="end" font-size="12">${t * 100}%</text>`)
    .join('');
  const lines = curves
    .map((c, i) => {
      const pts = c.points.filter((p) => p.fmr > 0 || p.fnmr > 0).map((p) => `${lx(p.fmr).toFixed(1)},${ly(p.fnmr).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${colours[i % colours.length]}" stroke-width="2" points="${pts}"/>` +
        `<text x="${W - M - 4}" y="${M + 16 + 16 * i}" text-anchor="end" font-size="13" fill="${colours[i % colours.length]}">${escape(c.name)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">` +
    `<rect width="${W}" height="${H}" fill="white"/>${grid}` +
    `<rect x="${M}" y="${M}" width="${W - 2 * M}" height="${H - 2 * M}" fill="none" stroke="#333"/>` +
    `<text x="${W / 2}" y="${H - 14}" text-anchor="middle" font-size="13">false match rate</text>` +
    `<text x="16" y="${H / 2}" text-anchor="middle" font-size="13" transform="rotate(-90 16 ${H / 2})">false non-match rate</text>${lines}</svg>\n`;
}

function escape(s: string): string {
  return s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
