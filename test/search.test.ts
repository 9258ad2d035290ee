import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TenprintGallery } from '../src/biometrics/search/index.ts';
import { createTemplateSubject, impressionTemplates } from '../src/biometrics/synth/index.ts';

test('tenprint search finds mated subjects, rejects non-mated ones, forgets removed ones', () => {
  const gallery = new TenprintGallery();
  for (let i = 0; i < 400; i++) gallery.enrol(`S${i}`, impressionTemplates(createTemplateSubject(i), 1));
  assert.equal(gallery.size, 400);
  let found = 0;
  let falseHits = 0;
  for (let q = 0; q < 40; q++) {
    const mated = gallery.search(impressionTemplates(createTemplateSubject(q * 9), 2));
    if (mated.hit?.id === `S${q * 9}`) found++;
    else if (mated.hit) falseHits++;
    if (gallery.search(impressionTemplates(createTemplateSubject(100_000 + q), 2)).hit) falseHits++;
  }
  assert.ok(found >= 36, `mated searches found ${found}/40`);
  assert.equal(falseHits, 0);
  const probe = impressionTemplates(createTemplateSubject(18), 2);
  assert.equal(gallery.search(probe).hit?.id, 'S18');
  assert.ok(gallery.remove('S18'));
  assert.notEqual(gallery.search(probe).hit?.id, 'S18');
  assert.equal(gallery.size, 399);
});

test('minutiae-level masters are deterministic and keep the pattern class of full masters', async () => {
  const { createMaster, createMinutiaeMaster } = await import('../src/biometrics/synth/index.ts');
  assert.deepEqual(createMinutiaeMaster(5), createMinutiaeMaster(5));
  for (const seed of [1, 2, 3]) assert.equal(createMinutiaeMaster(seed).patternClass, createMaster(seed).patternClass);
  const counts = Array.from({ length: 50 }, (_, s) => createMinutiaeMaster(s).minutiae.length);
  assert.ok(Math.min(...counts) >= 30 && Math.max(...counts) <= 95, `minutiae ${Math.min(...counts)}..${Math.max(...counts)}`);
});
