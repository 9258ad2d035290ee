/**
 * What a templates-path booking costs in 1:N search as the criminal master file grows: a gallery of
 * N synthetic tenprints (minutiae-level masters, one impression each) searched with another
 * impression of an enrolled subject (mate) and of a stranger, as CJIS and IDENT do per booking. At
 * `scomm demo --bookings 100000 --templates` CJIS holds ~60,000 subjects and IDENT ~14,000.
 * Prints milliseconds per search by gallery size; 1000 / ms is the ceiling on bookings per second
 * that search alone leaves (CJIS and IDENT both search an activated county's booking).
 * Run: npx tsx bench/demo-search.bench.ts [sizes, default 5000,20000,60000]
 * (the object-based gallery of today runs out of the default 4 GB heap between 20,000 and 60,000 subjects)
 */
import { TenprintGallery } from '../src/biometrics/search/index.ts';
import { createTemplateSubject, impressionTemplates } from '../src/biometrics/synth/index.ts';

const sizes = (process.argv[2] ?? '5000,20000,60000').split(',').map(Number);
const gallery = new TenprintGallery();
let enrolled = 0;
for (const size of sizes) {
  for (; enrolled < size; enrolled++) gallery.enrol(`S${enrolled}`, impressionTemplates(createTemplateSubject(enrolled), 1));
  const probes = 200;
  const mates = Array.from({ length: probes }, (_, i) => impressionTemplates(createTemplateSubject((i * 7919) % size), 2));
  const strangers = Array.from({ length: probes }, (_, i) => impressionTemplates(createTemplateSubject(10_000_000 + i), 2));
  const time = (set: typeof mates) => {
    const t0 = performance.now();
    let hits = 0;
    for (const p of set) if (gallery.search(p).hit) hits++;
    return { ms: (performance.now() - t0) / set.length, hits };
  };
  time(mates.slice(0, 20));
  const m = time(mates);
  const s = time(strangers);
  console.log(JSON.stringify({ gallery: size, heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20), msPerMateSearch: +m.ms.toFixed(2), mateHits: m.hits, msPerStrangerSearch: +s.ms.toFixed(2), strangerHits: s.hits, probes }));
}
