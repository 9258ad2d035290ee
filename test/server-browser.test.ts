import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { enrolInIdent, startTestServer, tenprintCar, type TestServer } from './support/server.ts';

/**
 * The dashboard in a real browser (Debian's Chromium, never a downloaded one): the national map
 * with the activation colours, a booking officer submitting a tenprint file and reading the
 * answers, an ERO officer deciding that case with a reason and reading the explanation; at
 * 1280x800 and phone size. Screenshots go to test-artifacts/browser/.
 */
const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium): browser tests skipped`;
const shots = path.resolve(import.meta.dirname, '../test-artifacts/browser');
const TCN = 'HTTP-WEB-1';

let s: TestServer;
let base: string;
let browser: BrowserContext;
let profile: string;
let carFile: string;
const requested: string[] = [];

before(async () => {
  if (skip) return;
  mkdirSync(shots, { recursive: true });
  s = await startTestServer({ seedBookings: 150, simulate: true });
  base = await s.app.listen({ port: 0, host: '127.0.0.1' });
  await enrolInIdent(s.ctx, 9301, 'A209900301', 'removable');
  profile = mkdtempSync(path.join(tmpdir(), 'scomm-chromium-'));
  carFile = path.join(profile, 'tenprint-car.an2');
  writeFileSync(carFile, tenprintCar({ tcn: TCN, ori: 'TX4820100', subjectSeed: 9301, charges: [{ offense: 'petty', severity: 'misdemeanor' }] }));
  const { chromium } = await import('playwright-core');
  browser = await chromium.launchPersistentContext(path.join(profile, 'user-data'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
  });
  browser.on('request', (r) => requested.push(r.url()));
});

after(async () => {
  await browser?.close();
  await s?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Polls an element's text from the test side (the page's CSP forbids evaluating strings in it). */
async function waitForText(page: Page, selector: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = (await page.locator(selector).first().textContent({ timeout: timeoutMs }).catch(() => null)) ?? '';
    if (pattern.test(text)) return text;
    if (Date.now() > until) throw new Error(`${selector} never matched ${pattern}; last text: ${text.slice(0, 300)}`);
    await page.waitForTimeout(200);
  }
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${base}/#/login`);
  await page.getByLabel('Credential token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForText(page, '#who', /^Signed in/);
}

test('the national map renders every county coloured by activation date, and the slider rolls the program out', { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector('#map path.county[fill]');
  const counties = await page.locator('#map path.county').count();
  assert.ok(counties > 3000, `${counties} county shapes`);
  // Page-side code is passed as text: the test compiles without the DOM library.
  const fillsAt = () =>
    page.evaluate(`(() => {
      const all = [...document.querySelectorAll('#map path.county')].map((p) => [p.dataset.fips, p.getAttribute('fill')]);
      return { harris: all.find(([f]) => f === '48201')[1], distinct: new Set(all.map(([, c]) => c)).size, inactive: all.filter(([, c]) => c === '#d5d8de').length };
    })()`) as Promise<{ harris: string; distinct: number; inactive: number }>;
  const end = await fillsAt();
  assert.equal(end.harris, '#440154', 'Harris County, TX (first, 2008-10-27) has the first colour of the ramp');
  assert.ok(end.distinct >= 20, `${end.distinct} distinct activation colours`);
  assert.ok(end.inactive < 100, `by January 2013 nearly every county is active (${end.inactive} not)`);
  await page.screenshot({ path: path.join(shots, 'national-1280.png'), fullPage: true });
  // Back to the first month, with the keyboard: almost nothing is active, Harris is.
  await page.locator('#month').focus();
  await page.keyboard.press('Home');
  const start = await fillsAt();
  assert.equal(start.harris, '#440154');
  assert.ok(start.inactive > 3000, `in October 2008 only a few counties are active (${counties - start.inactive})`);
  assert.match((await page.locator('#month-label').textContent()) ?? '', /^2008-10 \(\d+ counties active\)/);
  await page.keyboard.press('End');
  await page.selectOption('#mode', 'removals');
  await page.waitForSelector('#map[data-mode="removals"]');
  assert.ok((await page.locator('#anomalies li').count()) > 0);
  assert.ok((await page.locator('#chart-matches .uplot').count()) === 1, 'the monthly chart is drawn');
  await page.screenshot({ path: path.join(shots, 'national-removals-1280.png'), fullPage: true });
  // A county opens its jurisdiction page.
  await page.locator('#map path[data-fips="48201"]').click();
  await page.waitForSelector('h1:text("Harris County, TX")');
  await page.screenshot({ path: path.join(shots, 'jurisdiction-1280.png'), fullPage: true });
  await page.close();
});

test('a booking officer submits a tenprint file and sees the answers: criminal history, the IDENT match, the ICE status', { skip }, async () => {
  const page = await browser.newPage();
  await signIn(page, s.tokens.booking_officer);
  await page.waitForSelector('#booking-form');
  await page.setInputFiles('#car-file', carFile);
  await page.getByRole('button', { name: 'Submit booking' }).click();
  await page.waitForURL(`**/#/booking/${TCN}`);
  const facts = await waitForText(page, '#answer-facts', /field office HOU/, 60_000);
  assert.match(facts, /Status\s*answered/);
  assert.match(facts, /FBI\d{9}/);
  assert.match(facts, /IDENT \(IDR\)\s*match/);
  assert.match(facts, /removable; field office HOU/);
  await page.screenshot({ path: path.join(shots, 'booking-1280.png'), fullPage: true });
  await page.close();
});

test('an ERO officer opens the queue, decides the case with a reason (keyboard only) and sees the explanation', { skip }, async () => {
  await s.ctx.network.drain();
  const page = await browser.newPage();
  await signIn(page, s.tokens.ero_officer);
  await page.waitForSelector('#cases');
  const levels = await page.locator('#cases button.case .badge:first-child').allTextContents();
  assert.ok(levels.length > 1, `${levels.length} cases in the queue`);
  const caseButton = page.locator(`#cases button[data-tcn="${TCN}"]`);
  await caseButton.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#explanation li');
  assert.match((await page.locator('#explanation').textContent()) ?? '', /Level 3: most serious offense is petty \(misdemeanor charge\)/);
  await page.locator('#claim').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#decide-form');
  await page.locator('#action').focus();
  await page.keyboard.press('Home'); // "Issue a detainer"
  await page.locator('#reason').focus();
  await page.keyboard.type('Removable, prior removal order on file: detainer after review');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitForText(page, '#explanation', /decided detainer: Removable, prior removal order/);
  assert.match((await page.locator('#decision').textContent()) ?? '', /^detainer under policy .* · detainer (issued|honored)$/);
  await page.screenshot({ path: path.join(shots, 'ero-1280.png'), fullPage: true });
  // Phone size: the same screen in one column, no sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
  assert.ok(overflow <= 1, `ERO screen overflows a phone by ${overflow}px`);
  await page.screenshot({ path: path.join(shots, 'ero-phone.png'), fullPage: true });
  await page.goto(`${base}/`);
  await page.waitForSelector('#map path.county[fill]');
  const mapOverflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
  assert.ok(mapOverflow <= 1, `national view overflows a phone by ${mapOverflow}px`);
  await page.screenshot({ path: path.join(shots, 'national-phone.png'), fullPage: true });
  await page.close();
});

test('every asset the pages loaded came from the server itself', { skip }, () => {
  assert.ok(requested.length > 10);
  const foreign = requested.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
});
