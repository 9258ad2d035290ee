import { api, ApiError, el, say, session } from './ui.js';

const HOME = { booking_officer: '#/booking', ero_officer: '#/ero' };

/** Sign in: a credential token is exchanged for a session token (30 minutes idle; five failures lock the credential). */
export function loginView(main, go) {
  const s = session.get();
  const token = el('input', { type: 'password', id: 'token', autocomplete: 'off', required: true, 'aria-describedby': 'token-help' });
  const errorLine = el('p', { class: 'error', role: 'alert', id: 'login-error' });
  const form = el('form', { class: 'stack', id: 'login-form' },
    el('label', {}, 'Credential token', token),
    el('p', { class: 'muted', id: 'token-help' }, 'From ', el('code', {}, 'scomm credentials create --role ROLE ... --json'), '. Five failed attempts lock the credential.'),
    el('button', { type: 'submit' }, 'Sign in'), errorLine);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errorLine.textContent = '';
    try {
      session.set(null);
      const r = await api('/api/session', { method: 'POST', body: { token: token.value.trim() } });
      session.set({ token: r.session, principal: r.principal });
      say(`Signed in as ${r.principal.role}`);
      document.dispatchEvent(new CustomEvent('signed-in'));
      await go(HOME[r.principal.role] ?? '#/');
    } catch (err) {
      errorLine.textContent = err instanceof ApiError ? err.message : String(err);
    }
  });
  const out = s
    ? el('p', {}, `Signed in as ${s.principal.role}${s.principal.ori ? ` (${s.principal.ori})` : s.principal.fieldOffice ? ` (${s.principal.fieldOffice})` : ''}. `,
        el('button', { type: 'button', class: 'secondary', id: 'sign-out', onclick: async () => {
          await api('/api/session', { method: 'DELETE' }).catch(() => {});
          session.set(null);
          document.dispatchEvent(new CustomEvent('signed-in'));
          await go('#/login');
        } }, 'Sign out'))
    : '';
  main.replaceChildren(el('h1', {}, 'Sign in'), out, form);
  token.focus();
}
