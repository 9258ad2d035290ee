import { bookingView } from './booking.js';
import { countyView } from './county.js';
import { eroView } from './ero.js';
import { loginView } from './login.js';
import { nationalView } from './national.js';
import { ApiError, el, say, session } from './ui.js';

const main = document.getElementById('main');
let current = '';

/** Hash routes: #/ national, #/county/FIPS, #/ero[/TCN], #/booking[/TCN], #/login. */
async function route(force = false) {
  const hash = location.hash || '#/';
  if (hash === current && !force) return;
  const previous = current.split('/')[1];
  current = hash;
  const [, section = '', arg] = hash.split('/');
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === (section || 'national')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  try {
    if (section === '') await nationalView(main, go);
    else if (section === 'county') await countyView(main, arg, go);
    else if (section === 'ero') await eroView(main, arg, go);
    else if (section === 'booking') await bookingView(main, arg, go);
    else if (section === 'login') loginView(main, go);
    else main.replaceChildren(el('h1', {}, 'Not found'), el('p', {}, el('a', { href: '#/' }, 'Back to the national view')));
    // Move focus to the new content when the section changes (screen readers announce it).
    if (previous !== section && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  } catch (e) {
    main.replaceChildren(el('h1', {}, 'Something went wrong'), el('p', { class: 'error' }, e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)));
  }
}

/** Navigates to a hash; the current one is rendered again (after an action changed what it shows). */
export async function go(hash) {
  if (location.hash === hash) return route(true);
  location.hash = hash;
}

function showWho() {
  const s = session.get();
  document.getElementById('who').textContent = s ? `Signed in: ${s.principal.role.replace('_', ' ')}` : 'Sign in';
}

window.addEventListener('hashchange', () => route());
document.addEventListener('signed-in', showWho);
document.addEventListener('signed-out', (e) => {
  showWho();
  say(`Signed out: ${e.detail ?? 'session ended'}`);
});
showWho();
// topojson-client is a classic script (deferred); modules run after deferred scripts, so it is ready.
route();
