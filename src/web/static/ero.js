import { api, ApiError, el, say, session } from './ui.js';

const ACTIONS = { detainer: 'Issue a detainer', notify: 'Request notification', review: 'Hold for review', no_action: 'No action' };
const levelBadge = (l) => el('span', { class: `badge l${l ?? 0}` }, l ? `Level ${l}` : 'Non-criminal');

/** ERO case queue: the field office's cases in priority order; a case's explanation, claim, decision with a reason, detainer actions. */
export async function eroView(main, tcn, go) {
  const s = session.get();
  if (s?.principal.role !== 'ero_officer') {
    main.replaceChildren(el('h1', {}, 'ERO case queue'), el('p', {}, 'Sign in with an ERO officer credential to see your field office\'s queue. ', el('a', { href: '#/login' }, 'Sign in')));
    return;
  }
  const q = await api('/api/ero/cases?limit=200', { purpose: 'case queue review' });
  const list = el('div', { class: 'cases', id: 'cases', role: 'list', 'aria-label': 'Cases in priority order' });
  const detail = el('section', { class: 'card', id: 'case-detail', 'aria-live': 'polite' }, el('p', { class: 'muted' }, 'Choose a case to see its decision and explanation.'));
  for (const c of q.cases) {
    list.append(el('div', { role: 'listitem' }, el('button', { class: 'case', type: 'button', 'data-tcn': c.tcn, 'aria-pressed': c.tcn === tcn ? 'true' : 'false', onclick: () => go(`#/ero/${c.tcn}`) },
      levelBadge(c.level), el('span', {}, el('b', {}, c.tcn), ` · ${c.countyName}`), el('span', { class: 'badge' }, c.status),
      el('span', {}), el('span', { class: 'muted' }, `booked ${c.bookedAt} · policy ${c.policy} → ${c.action.replace('_', ' ')}${c.detainer ? ` · detainer ${c.detainer}` : ''}`), el('span', {}))));
  }
  main.replaceChildren(
    el('h1', {}, `Case queue: field office ${q.fieldOffice}`),
    el('p', { class: 'muted' }, `${q.total} cases, waiting ones first, then by offense level and conviction-based priority.`),
    el('div', { class: 'queue' }, el('section', { class: 'card' }, el('h2', {}, 'Cases'), q.cases.length ? list : el('p', {}, 'The queue is empty.')), detail),
  );
  if (tcn) await showCase(detail, tcn, go);
}

async function showCase(box, tcn, go) {
  const c = await api(`/api/ero/cases/${tcn}`, { purpose: 'case review' });
  const me = session.get().principal.credentialId;
  const reason = el('textarea', { id: 'reason', rows: 3, required: true, minlength: 3 });
  const action = el('select', { id: 'action' }, Object.entries(ACTIONS).map(([k, v]) => el('option', { value: k, selected: k === c.action }, v)));
  const errorLine = el('p', { class: 'error', id: 'case-error', role: 'alert' });
  const act = async (path, body) => {
    errorLine.textContent = '';
    try {
      await api(`/api/ero/cases/${tcn}/${path}`, { method: 'POST', body });
      say(`Case ${tcn}: ${path} recorded`);
      await go(`#/ero/${tcn}`);
    } catch (e) {
      errorLine.textContent = e instanceof ApiError ? e.message : String(e);
    }
  };
  const decide = el('form', { class: 'stack', id: 'decide-form', onsubmit: (e) => (e.preventDefault(), act('decision', { action: action.value, reason: reason.value })) },
    el('label', {}, 'Decision', action), el('label', {}, 'Reason (in words, recorded in the audit chain)', reason), el('button', { type: 'submit' }, 'Record decision'));
  const detainerReason = el('input', { type: 'text', id: 'detainer-reason', 'aria-label': 'Reason for the detainer action' });
  const canDetainer = ['issued', 'lodged', 'honored'].includes(c.detainer);
  box.replaceChildren(
    el('h2', {}, `Case ${c.tcn}`),
    el('dl', { class: 'facts' },
      el('dt', {}, 'County'), el('dd', {}, `${c.countyName} (agency ${c.ori})`),
      el('dt', {}, 'Booked'), el('dd', {}, c.bookedAt),
      el('dt', {}, 'Level / priority'), el('dd', {}, levelBadge(c.level), ` priority ${c.priority ?? 'none'}`),
      el('dt', {}, 'Immigration status'), el('dd', {}, c.immigrationStatus),
      el('dt', {}, 'Charges'), el('dd', {}, c.charges.map((x) => `${x.offense.replaceAll('_', ' ')} (${x.severity})`).join('; ') || 'none'),
      el('dt', {}, 'Convictions'), el('dd', {}, c.convictions.map((x) => `${x.offense.replaceAll('_', ' ')} (${x.severity}${x.date ? `, ${x.date}` : ''})`).join('; ') || 'none'),
      el('dt', {}, 'Flags'), el('dd', {}, Object.entries(c.flags).filter(([, v]) => v).map(([k]) => k).join(', ') || 'none'),
      el('dt', {}, 'Decision'), el('dd', { id: 'decision' }, el('b', {}, c.action.replace('_', ' ')), ` under policy ${c.policy}`, c.detainer ? ` · detainer ${c.detainer}` : ''),
      el('dt', {}, 'Status'), el('dd', {}, c.status, c.claimedBy ? ` (claimed by ${c.claimedBy === me ? 'you' : c.claimedBy})` : '')),
    el('h3', {}, 'Explanation'),
    el('ol', { class: 'reasons', id: 'explanation' }, c.reasons.map((r) => el('li', {}, r.text, ' ', el('code', {}, r.id)))),
    c.claimedBy ? '' : el('button', { type: 'button', id: 'claim', class: 'secondary', onclick: () => act('claim') }, 'Claim this case'),
    c.claimedBy && c.claimedBy !== me ? el('p', {}, 'Another officer holds this case.') : decide,
    canDetainer ? el('div', { class: 'controls' }, el('label', {}, 'Detainer action reason', detainerReason),
      c.detainer === 'issued' ? el('button', { type: 'button', class: 'secondary', onclick: () => act('detainer', { action: 'lodge', reason: detainerReason.value }) }, 'Lodge detainer') : '',
      el('button', { type: 'button', class: 'secondary', onclick: () => act('detainer', { action: 'lift', reason: detainerReason.value }) }, 'Lift detainer')) : '',
    errorLine,
    c.history.length ? el('div', {}, el('h3', {}, 'History'), el('ul', { class: 'plain' }, c.history.map((h) => el('li', {}, `${h.at.slice(0, 16).replace('T', ' ')} ${h.kind} ${h.action}: ${h.reason}`)))) : '',
  );
}
