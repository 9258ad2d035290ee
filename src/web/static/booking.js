import { api, ApiError, el, say, session } from './ui.js';

/** Booking officer screen: submit a tenprint CAR file, then see the answers (SRE, IDR, IAR, detainer) as they arrive. */
export async function bookingView(main, tcn, go) {
  const s = session.get();
  if (s?.principal.role !== 'booking_officer') {
    main.replaceChildren(el('h1', {}, 'Booking'), el('p', {}, 'Sign in with a booking officer credential to submit tenprints. ', el('a', { href: '#/login' }, 'Sign in')));
    return;
  }
  const file = el('input', { type: 'file', id: 'car-file', accept: '.an2,.eft,.nist,.int,application/octet-stream', required: true });
  const county = el('input', { type: 'text', id: 'county', inputmode: 'numeric', pattern: '\\d{5}', placeholder: 'from the ORI if it names one' });
  const flags = ['victimOrWitness', 'claimsUsCitizenship', 'juvenile'].map((f) => ({ f, box: el('input', { type: 'checkbox', id: `flag-${f}` }) }));
  const errorLine = el('p', { class: 'error', role: 'alert', id: 'booking-error' });
  const form = el('form', { class: 'stack', id: 'booking-form' },
    el('label', {}, 'Tenprint file (ANSI/NIST-ITL CAR transaction)', file),
    el('label', {}, 'County FIPS code', county),
    el('fieldset', {}, el('legend', {}, 'Safeguard flags'), flags.map(({ f, box }) => el('label', { style: 'flex-direction:row;gap:.4rem' }, box, { victimOrWitness: 'Victim or witness of the incident', claimsUsCitizenship: 'Claims US citizenship', juvenile: 'Juvenile' }[f]))),
    el('button', { type: 'submit', id: 'submit-booking' }, 'Submit booking'), errorLine);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errorLine.textContent = '';
    const f = file.files?.[0];
    if (!f) return void (errorLine.textContent = 'Choose a file first.');
    const params = new URLSearchParams();
    if (county.value) params.set('county', county.value);
    for (const { f: k, box } of flags) if (box.checked) params.set(k, 'true');
    try {
      const r = await api(`/api/bookings?${params}`, { method: 'POST', raw: await f.arrayBuffer(), purpose: 'booking submission' });
      say(`Booking ${r.tcn} submitted`);
      await go(`#/booking/${r.tcn}`);
    } catch (err) {
      errorLine.textContent = err instanceof ApiError ? `${err.status}: ${err.message}` : String(err);
    }
  });
  const answers = el('section', { class: 'card', id: 'answers', 'aria-live': 'polite' });
  const recent = el('ul', { class: 'plain', id: 'recent' });
  main.replaceChildren(el('h1', {}, `Booking: agency ${s.principal.ori}`), el('div', { class: 'grid' }, el('section', { class: 'card' }, el('h2', {}, 'Submit a tenprint'), form), el('section', { class: 'card' }, el('h2', {}, 'Recent bookings'), recent)), answers);
  const list = await api('/api/bookings?limit=15', { purpose: 'booking answers' });
  recent.replaceChildren(...(list.bookings.length ? list.bookings.map((b) => el('li', {}, el('a', { href: `#/booking/${b.tcn}` }, b.tcn), ` ${b.bookedAt} · ${b.status}`)) : [el('li', { class: 'muted' }, 'None yet.')]));
  if (tcn) await followAnswers(answers, tcn);
}

/** Shows a booking's answers, asking again for a few seconds while they travel back. */
async function followAnswers(box, tcn) {
  for (let i = 0; i < 40; i++) {
    const b = await api(`/api/bookings/${tcn}`, { purpose: 'booking answers' });
    render(box, b);
    if (b.status === 'rejected' || (b.sre && (b.idr || !b.sre.interoperability) && (!b.idr?.match || b.iar))) return;
    await new Promise((r) => setTimeout(r, 500));
    if (!box.isConnected) return;
  }
}

function render(box, b) {
  const row = (k, v) => [el('dt', {}, k), el('dd', {}, v)];
  const sre = b.sre;
  box.replaceChildren(
    el('h2', {}, `Answers for ${b.tcn}`),
    el('dl', { class: 'facts', id: 'answer-facts' },
      row('Status', b.status),
      row('Subject', `${b.subject.name} · born ${b.subject.dob}`),
      row('Charges', b.charges.map((c) => `${c.offense.replaceAll('_', ' ')} (${c.severity})`).join('; ')),
      row('Criminal history (SRE)', sre ? `${sre.ident ? 'identified: existing record' : 'no prior record: new record'} ${sre.fbiNumber}${sre.sid ? `, SID ${sre.sid}` : ''}; ${sre.history.arrests} arrests, ${sre.history.convictions.length} convictions` : 'waiting…'),
      row('Interoperability', sre ? (sre.interoperability ? 'county activated: prints searched in IDENT' : 'county not activated: no IDENT search') : '…'),
      row('IDENT (IDR)', b.idr ? (b.idr.match ? `match (encounter ${b.idr.encounterIds.join(', ')})` : 'no match') : sre?.interoperability ? 'waiting…' : 'n/a'),
      row('ICE status (IAR)', b.iar ? `${b.iar.status}; field office ${b.iar.fieldOffice}` : b.idr?.match ? 'waiting…' : 'n/a'),
      row('Detainer', b.detainer ?? 'none'),
      ...(b.errt ? row('Rejected (ERRT)', b.errt.reason) : [])),
  );
}
