// The county map: us-atlas' pre-projected (Albers USA, 975 x 610) county shapes, drawn as SVG paths.

const SVG = 'http://www.w3.org/2000/svg';
let atlas;

async function loadAtlas() {
  if (!atlas) {
    const [counties, states] = await Promise.all([fetch('/vendor/us-atlas/counties-albers-10m.json').then((r) => r.json()), fetch('/vendor/us-atlas/states-albers-10m.json').then((r) => r.json())]);
    const { feature, mesh } = window.topojson;
    atlas = { counties: feature(counties, counties.objects.counties).features, borders: mesh(states, states.objects.states, (a, b) => a !== b) };
  }
  return atlas;
}

function pathOf(geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  let d = '';
  for (const poly of polys) for (const ring of poly) d += 'M' + ring.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L') + 'Z';
  return d;
}

function lineOf(geometry) {
  const lines = geometry.type === 'MultiLineString' ? geometry.coordinates : [geometry.coordinates];
  return lines.map((l) => 'M' + l.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L')).join('');
}

/**
 * Draws the map into `container`; returns {paint(fillOf, titleOf)} to recolour it without redrawing.
 * Clicking a county calls onPick(fips). Keyboard users pick counties from the search field instead
 * (3,000 tab stops would help no one).
 */
export async function countyMap(container, { onPick, label }) {
  const { counties, borders } = await loadAtlas();
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 975 610');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const paths = new Map();
  const g = document.createElementNS(SVG, 'g');
  for (const f of counties) {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', pathOf(f.geometry));
    p.setAttribute('class', 'county');
    p.dataset.fips = f.id;
    p.append(document.createElementNS(SVG, 'title'));
    g.append(p);
    paths.set(f.id, p);
  }
  const b = document.createElementNS(SVG, 'path');
  b.setAttribute('class', 'states');
  b.setAttribute('d', lineOf(borders));
  svg.append(g, b);
  svg.addEventListener('click', (e) => {
    const fips = e.target?.dataset?.fips;
    if (fips) onPick(fips);
  });
  container.replaceChildren(svg);
  return {
    paint(fillOf, titleOf) {
      for (const [fips, p] of paths) {
        p.setAttribute('fill', fillOf(fips));
        p.firstChild.textContent = titleOf(fips);
      }
    },
    size: paths.size,
  };
}

// Viridis stops: perceptually even, readable in grey, safe for the common colour blindnesses.
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

/** A colour on the viridis ramp for t in [0, 1]. */
export function ramp(t) {
  const x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
  const i = Math.floor(x);
  const a = VIRIDIS[i];
  const b = VIRIDIS[Math.min(VIRIDIS.length - 1, i + 1)];
  const mix = (h1, h2, f) => Math.round(parseInt(h1, 16) * (1 - f) + parseInt(h2, 16) * f).toString(16).padStart(2, '0');
  const f = x - i;
  return `#${mix(a.slice(1, 3), b.slice(1, 3), f)}${mix(a.slice(3, 5), b.slice(3, 5), f)}${mix(a.slice(5, 7), b.slice(5, 7), f)}`;
}
