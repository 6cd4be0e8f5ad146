// Helpline test desk console. Plain JavaScript, no dependencies.
// Every text that came from a ticket, a notice or the status page is put into the page with textContent or
// as an attribute value, never parsed as HTML.
'use strict';

(function () {
  const state = {
    csrf: null, tickets: [], selected: null, shownVersion: null, view: 'tickets', events: null, seen: new Set()
  };
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ DOM helpers

  /** Creates an element; string children become text nodes, attributes are set as attributes. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  /**
   * Ticket text set beside the console's own words, isolated: a right-to-left run or a bidi override character in it
   * (U+202E, as in a file name that spoofs its extension) cannot reorder the words after it.
   */
  function iso(text) {
    return el('bdi', {}, text);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function when(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function size(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
    return (n / 1024 / 1024).toFixed(1) + ' MiB';
  }

  // ------------------------------------------------------------------ API

  /** Calls the console API, sending body as JSON, or as it is when it is FormData (a reply with files). */
  async function api(method, path, body, retried) {
    const headers = {};
    const form = body instanceof FormData;
    if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf || '';
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method, headers, body: body === undefined || form ? body : JSON.stringify(body),
      credentials: 'same-origin', cache: 'no-store'
    });
    if (res.status === 401) {
      showSignIn();
      throw new Error('Signed out');
    }
    if (res.status === 403 && method !== 'GET' && !retried) {
      let field = null;
      try { field = (await res.clone().json()).field; } catch (e) { /* not JSON */ }
      if (field === 'X-CSRF-Token') {
        // Signing in again in another tab replaced the cookie's session; the write was refused unapplied, so
        // take that session's token and send it once more.
        state.csrf = (await api('GET', '/console/api/session')).csrfToken;
        return api(method, path, body, true);
      }
    }
    if (!res.ok) {
      let message = res.status + ' ' + res.statusText;
      try { message = (await res.json()).message || message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    const type = res.headers.get('Content-Type') || '';
    return type.startsWith('application/json') ? res.json() : null;
  }

  const reads = { tickets: 0, status: 0, notices: 0 };

  /**
   * Reads what a view shows; null when that failed or when a later read for the view began meanwhile. Answers can
   * overtake each other (every change starts a read), and an older one must not undo what a newer one showed.
   */
  async function read(view, path) {
    const n = ++reads[view];
    let data;
    try { data = await api('GET', path); } catch (e) { return null; }
    return n === reads[view] ? data : null;
  }

  // ------------------------------------------------------------------ sign-in and navigation

  function showSignIn() {
    state.csrf = null;
    if (state.events) { state.events.close(); state.events = null; }
    setLive(false);
    for (const v of ['tickets', 'status', 'notices']) $('view-' + v).hidden = true;
    $('nav').hidden = true;
    $('sign-out').hidden = true;
    $('view-signin').hidden = false;
    $('admin-key').focus();
  }

  async function signedIn(csrf) {
    state.csrf = csrf;
    $('view-signin').hidden = true;
    $('nav').hidden = false;
    $('sign-out').hidden = false;
    connectEvents();
    show(state.view);
  }

  async function signIn(ev) {
    ev.preventDefault();
    $('signin-error').textContent = '';
    try {
      const res = await fetch('/console/session', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ adminKey: $('admin-key').value }), credentials: 'same-origin'
      });
      if (!res.ok) {
        $('signin-error').textContent = res.status === 401 ? 'That is not this desk\'s admin key.'
          : 'Sign-in failed (' + res.status + ').';
        return;
      }
      $('admin-key').value = '';
      await signedIn((await res.json()).csrfToken);
    } catch (e) {
      $('signin-error').textContent = 'The desk is not reachable: ' + e.message;
    }
  }

  async function signOut() {
    try { await api('DELETE', '/console/session'); } catch (e) { /* shown as signed out anyway */ }
    showSignIn();
  }

  function show(view) {
    state.view = view;
    for (const v of ['tickets', 'status', 'notices']) {
      $('view-' + v).hidden = v !== view;
      $('tab-' + v).classList.toggle('active', v === view);
    }
    load(view);
  }

  function load(view) {
    if (view === 'tickets') loadTickets();
    if (view === 'status') loadStatus();
    if (view === 'notices') loadNotices();
  }

  function setLive(on) {
    $('live').className = 'live ' + (on ? 'on' : 'off');
    $('live').textContent = on ? 'live' : 'offline';
  }

  function connectEvents() {
    if (state.events) state.events.close();
    const es = new EventSource('/console/api/events');
    state.events = es;
    es.onopen = () => {
      setLive(true);
      // Nothing tells a stream what changed before it opened (the page had none, or the browser is reconnecting a
      // dropped one): read the view again.
      load(state.view);
    };
    es.onerror = () => {
      setLive(false);
      // The browser retries a dropped stream by itself, but not one the desk refused: a session that ended (signed
      // out elsewhere, expired) shows the sign-in at once; a desk with no free stream (503) is asked again later.
      if (es.readyState !== EventSource.CLOSED || state.events !== es) return;
      state.events = null;
      api('GET', '/console/api/session').then(() => setTimeout(() => {
        if (state.csrf && !state.events) connectEvents();
      }, 5000), () => { /* signed out: api() showed the sign-in; unreachable: stays offline */ });
    };
    es.onmessage = (m) => {
      let event;
      try { event = JSON.parse(m.data); } catch (e) { return; }
      if (event.kind === 'ticket' || event.kind === 'resync') {
        if (state.view === 'tickets') loadTickets();
      }
      if ((event.kind === 'status' || event.kind === 'resync') && state.view === 'status') loadStatus();
      if ((event.kind === 'notices' || event.kind === 'resync') && state.view === 'notices') loadNotices();
    };
  }

  // ------------------------------------------------------------------ tickets

  async function loadTickets() {
    const data = await read('tickets', '/console/api/tickets');
    if (!data) return;
    state.tickets = data.tickets.slice().reverse(); // newest first
    renderList();
    if (state.selected) {
      const t = state.tickets.find((x) => x.id === state.selected);
      // Only a change to this ticket redraws it (keeps the zoom, the scroll position and the log search).
      if (t && t.version !== state.shownVersion) renderDetail(t, false);
    }
  }

  function renderList() {
    // A row is a keyboard stop (Tab, then Enter or Space opens it); a redraw gives the focus back to its row.
    const focused = $('ticket-list').contains(document.activeElement)
      ? document.activeElement.getAttribute('data-ticket-id') : null;
    const list = clear($('ticket-list'));
    $('ticket-count').textContent = state.tickets.length + (state.tickets.length === 1 ? ' ticket' : ' tickets');
    $('no-tickets').hidden = state.tickets.length > 0;
    const first = state.seen.size === 0;
    for (const t of state.tickets) {
      const who = t.requester ? (t.requester.name || t.requester.email || t.requester.id) : 'anonymous';
      const li = el('li', {
        'data-ticket-id': t.id, class: (t.id === state.selected ? 'selected' : '') +
          (!first && !state.seen.has(t.id) ? ' fresh' : ''), tabindex: 0,
        'aria-current': t.id === state.selected ? 'true' : null, onclick: () => select(t.id),
        onkeydown: (ev) => {
          if (ev.key !== 'Enter' && ev.key !== ' ') return;
          ev.preventDefault();
          select(t.id);
        }
      },
      el('div', { class: 't-subject' }, '#' + t.id + ' ', iso(t.subject)),
      el('div', { class: 't-meta' },
        el('span', { class: 'badge ' + t.status }, t.status.replace('_', ' ')),
        el('span', {}, who), el('span', {}, when(t.updatedAt)),
        t.rating ? el('span', { class: 'rating', title: 'rated' }, '★'.repeat(t.rating.score)) : null));
      list.appendChild(li);
      state.seen.add(t.id);
      if (t.id === focused) li.focus({ preventScroll: true });
    }
  }

  function select(id) {
    state.selected = id;
    renderList();
    const t = state.tickets.find((x) => x.id === id);
    if (t) renderDetail(t, true);
  }

  function fileUrl(t, f, download) {
    return '/console/api/tickets/' + encodeURIComponent(t.id) + '/attachments/' + encodeURIComponent(f.id)
      + (download ? '?download=1' : '');
  }

  function renderDetail(t, fresh) {
    const d = $('ticket-detail');
    const keepReply = !fresh && $('reply-body') ? $('reply-body').value : '';
    // The file picker itself is kept: the files chosen for the reply being written stay chosen.
    const keptFiles = fresh ? null : $('reply-files');
    // A ticket's own files never change: what was shown from them (the zoom, the diagnostics table, the log and its
    // search) moves into the redraw as it is, neither read again nor shorter meanwhile, which would move the page
    // under the agent.
    const same = !fresh && d.getAttribute('data-ticket-id') === t.id;
    const keptShot = same ? $('screenshot-box') : null;
    const keptDiagnostics = same ? $('diagnostics') : null;
    const keptLog = same ? $('log-section') : null;
    // A status chosen but not saved yet is kept, like a reply being typed; an untouched choice shows the new status.
    const chosen = !fresh && $('status-select') && $('status-select').value !== $('status-select').dataset.status
      ? $('status-select').value : null;
    // A redraw must not take the box the agent is typing in from under the keyboard.
    const focused = !fresh && d.contains(document.activeElement) ? document.activeElement : null;
    const caret = focused && typeof focused.selectionStart === 'number'
      ? [focused.selectionStart, focused.selectionEnd] : null;
    // Emptying the detail lets the browser clamp the page's scroll position to what is left; put it back afterwards.
    const scroll = fresh ? null : [window.scrollX, window.scrollY];
    clear(d);
    state.shownVersion = t.version;
    d.setAttribute('data-ticket-id', t.id);
    const who = t.requester ? [t.requester.name, t.requester.email, t.requester.id].filter(Boolean)
      .flatMap((part, i) => i ? [' · ', iso(part)] : [iso(part)]) : 'anonymous';
    d.appendChild(el('h2', { id: 'detail-subject' }, t.subject));
    d.appendChild(el('div', { class: 'meta' },
      el('span', {}, '#' + t.id), el('span', { class: 'badge ' + t.status, id: 'detail-status' }, t.status),
      el('span', {}, 'priority ' + t.priority), t.category ? el('span', {}, 'category ' + t.category) : null,
      el('span', {}, who), el('span', {}, 'created ' + when(t.createdAt))));

    const statusSelect = el('select', { id: 'status-select', 'data-status': t.status },
      ['new', 'open', 'pending', 'on_hold', 'solved', 'closed', 'rejected'].map(
        (s) => el('option', { value: s, selected: s === (chosen || t.status) }, s)));
    d.appendChild(el('div', { class: 'row', style: null },
      el('label', { class: 'check' }, 'Status ', statusSelect),
      el('button', { type: 'button', class: 'secondary', id: 'status-save', onclick: async () => {
        try {
          await api('PUT', '/console/api/tickets/' + encodeURIComponent(t.id) + '/status',
            { status: statusSelect.value });
          loadTickets(); // as after a reply: the page may have no live stream to tell it
        } catch (e) { alertError(e); }
      } }, 'Change status')));

    d.appendChild(el('h3', {}, 'Description'));
    d.appendChild(el('pre', { class: 'description', id: 'detail-description' }, t.description || '(empty)'));

    if (Object.keys(t.customFields || {}).length || (t.tags || []).length) {
      d.appendChild(el('h3', {}, 'Fields'));
      const rows = Object.entries(t.customFields || {}).map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)));
      if ((t.tags || []).length) rows.push(el('tr', {}, el('th', {}, 'tags'), el('td', {}, t.tags.join(', '))));
      d.appendChild(el('table', {}, el('tbody', {}, rows)));
    }

    const files = t.attachments || [];
    const shot = files.find((f) => /^image\/(png|jpeg|gif|webp)$/.test(f.mediaType));
    if (shot) {
      d.appendChild(el('h3', {}, 'Screenshot'));
      let box = keptShot;
      if (!box) {
        box = el('div', { class: 'shot', id: 'screenshot-box' });
        box.appendChild(el('img', { src: fileUrl(t, shot, false), alt: shot.fileName, id: 'screenshot',
          title: 'Click to zoom', onclick: () => box.classList.toggle('zoomed') }));
      }
      d.appendChild(box);
    }

    const diag = files.find((f) => f.fileName === 'diagnostics.json');
    d.appendChild(el('h3', {}, 'Diagnostics'));
    if (keptDiagnostics) {
      d.appendChild(keptDiagnostics);
    } else {
      const diagBox = el('div', { id: 'diagnostics' });
      d.appendChild(diagBox);
      if (diag) loadDiagnostics(t, diag, diagBox);
      else diagBox.appendChild(t.diagnosticsSummary ? el('pre', { class: 'description' }, t.diagnosticsSummary)
        : el('p', { class: 'muted' }, 'None sent.'));
    }

    const logs = files.find((f) => f.fileName === 'logs.txt');
    if (logs) {
      d.appendChild(el('h3', {}, 'Log excerpt'));
      if (keptLog) {
        d.appendChild(keptLog);
      } else {
        const search = el('input', { type: 'search', id: 'log-search', placeholder: 'Search the log…' });
        const count = el('span', { class: 'muted', id: 'log-count' });
        const pre = el('pre', { class: 'log', id: 'log' });
        d.appendChild(el('div', { id: 'log-section' }, el('div', { class: 'row' }, search, count), pre));
        loadLog(t, logs, pre, search, count);
      }
    }

    d.appendChild(el('h3', {}, 'Attachments'));
    d.appendChild(files.length ? el('ul', { class: 'files', id: 'attachments' }, files.map((f) => el('li', {},
      el('a', { href: fileUrl(t, f, true), download: f.fileName, 'data-file-id': f.id }, iso(f.fileName)),
      ' ', el('span', { class: 'muted' }, f.mediaType + ', ' + size(f.size)))))
      : el('p', { class: 'muted' }, 'None.'));

    d.appendChild(el('h3', {}, 'Conversation'));
    const conv = el('div', { id: 'conversation' });
    if (!(t.messages || []).length) conv.appendChild(el('p', { class: 'muted' }, 'No replies yet.'));
    for (const m of t.messages || []) {
      conv.appendChild(el('div', { class: 'msg ' + m.author, 'data-message-id': m.id },
        el('div', { class: 'who' }, iso(m.authorName || m.author), ' (' + m.author + ') · ' + when(m.createdAt)),
        el('div', { class: 'body' }, m.body),
        (m.attachments || []).length ? el('ul', { class: 'files' }, m.attachments.map((f) => el('li', {},
          el('a', { href: fileUrl(t, f, true), download: f.fileName }, iso(f.fileName))))) : null));
    }
    d.appendChild(conv);
    const reply = el('textarea', { id: 'reply-body', rows: 3, placeholder: 'Reply as the agent…' });
    const picker = keptFiles || el('input', { type: 'file', id: 'reply-files', multiple: true });
    reply.value = keepReply;
    d.appendChild(el('form', { id: 'reply-form', onsubmit: async (ev) => {
      ev.preventDefault();
      if (!reply.value.trim()) return;
      const sent = reply.value;
      const chosen = Array.from(picker.files || []);
      let body = { body: sent };
      if (chosen.length) {
        // As the Support API's replies: a JSON part named message, then one attachment part per file.
        body = new FormData();
        body.append('message', JSON.stringify({ body: sent }));
        for (const f of chosen) body.append('attachment', f, f.name);
      }
      try {
        await api('POST', '/console/api/tickets/' + encodeURIComponent(t.id) + '/messages', body);
        // The ticket may have been redrawn meanwhile (the stream announced the reply): empty the box shown now,
        // unless it shows another ticket or the agent has typed on.
        const box = $('reply-body');
        if (box && d.getAttribute('data-ticket-id') === t.id && box.value === sent) {
          box.value = '';
          picker.value = '';
        }
        loadTickets();
      } catch (e) { alertError(e); }
    } }, reply, el('label', {}, 'Attach files', picker),
    el('button', { type: 'submit', id: 'reply-send' }, 'Send reply')));

    d.appendChild(el('h3', {}, 'Rating'));
    d.appendChild(t.rating
      ? el('p', { id: 'detail-rating' }, el('span', { class: 'rating' }, '★'.repeat(t.rating.score) +
          '☆'.repeat(5 - t.rating.score)), ' ', t.rating.comment ? ['“', iso(t.rating.comment), '”'] : '',
        el('span', { class: 'muted' }, ' ' + when(t.rating.ratedAt)))
      : el('p', { class: 'muted', id: 'detail-rating' }, 'Not rated yet.'));

    const again = focused && focused.id ? $(focused.id) : null;
    if (again) {
      again.focus({ preventScroll: true });
      if (caret) again.setSelectionRange(caret[0], caret[1]);
    }
    if (scroll) window.scrollTo(scroll[0], scroll[1]);
  }

  async function fetchText(t, f) {
    const res = await fetch(fileUrl(t, f, true), { credentials: 'same-origin' });
    if (!res.ok) throw new Error(res.status + ' ' + res.statusText);
    return res.text();
  }

  /**
   * A number of diagnostics.json as its text wrote it: the format's 64-bit integers lose digits as JavaScript
   * numbers, and its doubles keep a fraction or exponent ("3.0", "1.0E300") that a JavaScript number drops.
   */
  class ExactNumber {
    constructor(text) { this.text = text; }
    toString() { return this.text; }
    valueOf() { return Number(this.text); }
    toJSON() { return JSON.rawJSON ? JSON.rawJSON(this.text) : Number(this.text); }
  }

  function parseExact(text) {
    // context.source is the number's JSON text (where the browser supports it; elsewhere numbers stay numbers).
    return JSON.parse(text, (key, value, context) => typeof value === 'number' && context
      && typeof context.source === 'string' ? new ExactNumber(context.source) : value);
  }

  async function loadDiagnostics(t, f, box) {
    let json;
    try { json = parseExact(await fetchText(t, f)); } catch (e) {
      box.appendChild(el('p', { class: 'error' }, 'diagnostics.json could not be read: ' + e.message));
      return;
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json) || json instanceof ExactNumber) {
      // Another client than the SDK may send anything under this name; the file stays downloadable above.
      box.appendChild(el('p', { class: 'error' }, 'diagnostics.json is not an object of sections.'));
      return;
    }
    const rows = [];
    for (const [section, values] of Object.entries(json.sections || {})) {
      let first = true;
      const flat = values !== null && typeof values === 'object' && !(values instanceof ExactNumber) ? values : {};
      for (const [key, value] of Object.entries(flat)) {
        if (value === null) continue; // as docs/diagnostics-schema.md tells readers
        const shown = typeof value === 'string' || value instanceof ExactNumber ? String(value) : JSON.stringify(value);
        rows.push(el('tr', { class: first ? 'first' : null }, el('td', { class: 'section' }, first ? section : ''),
          el('td', { class: 'mono' }, key), el('td', {}, shown)));
        first = false;
      }
    }
    for (const failure of Array.isArray(json.failures) ? json.failures : []) {
      if (failure === null || typeof failure !== 'object') continue;
      rows.push(el('tr', {}, el('td', { class: 'section' }, 'failed'), el('td', {}, String(failure.provider || '')),
        el('td', {}, String(failure.message || failure.error || ''))));
    }
    box.appendChild(el('p', { class: 'muted' }, 'Collected ' + when(json.collectedAt)));
    box.appendChild(el('table', { id: 'diagnostics-table' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Section'), el('th', {}, 'Key'), el('th', {}, 'Value'))),
      el('tbody', {}, rows)));
  }

  /**
   * Lower case for a case-insensitive search, one character for one: where the lower case is longer (İ becomes i̇)
   * the character stays, since every position after it would otherwise point beside the match.
   */
  function fold(text) {
    return text.replace(/[^]/gu, (c) => {
      const lower = c.toLowerCase();
      return lower.length === c.length ? lower : c;
    });
  }

  async function loadLog(t, f, pre, search, count) {
    let lines;
    try { lines = (await fetchText(t, f)).split('\n'); } catch (e) {
      pre.textContent = 'logs.txt could not be read: ' + e.message;
      return;
    }
    const folded = lines.map(fold);
    const render = () => {
      const q = fold(search.value);
      clear(pre);
      let shown = 0;
      lines.forEach((line, n) => {
        if (q && !folded[n].includes(q)) return;
        shown++;
        if (!q) { pre.appendChild(document.createTextNode(line + '\n')); return; }
        let from = 0;
        let i;
        while ((i = folded[n].indexOf(q, from)) >= 0) {
          pre.appendChild(document.createTextNode(line.slice(from, i)));
          pre.appendChild(el('mark', {}, line.slice(i, i + q.length)));
          from = i + q.length;
        }
        pre.appendChild(document.createTextNode(line.slice(from) + '\n'));
      });
      count.textContent = q ? shown + ' of ' + lines.length + ' lines match' : lines.length + ' lines';
    };
    search.addEventListener('input', render);
    render();
  }

  function alertError(e) {
    const d = $('ticket-detail');
    d.insertBefore(el('p', { class: 'error', role: 'alert' }, e.message), d.firstChild);
  }

  // ------------------------------------------------------------------ status and notices

  async function loadStatus() {
    const s = await read('status', '/console/api/status');
    if (!s) return;
    const box = clear($('status-current'));
    const ind = (s.status && s.status.indicator) || 'none';
    box.appendChild(el('h3', { class: 'ind-' + ind, id: 'status-indicator' },
      ind + ' — ' + ((s.status && s.status.description) || '')));
    const comps = s.components || [];
    box.appendChild(comps.length ? el('table', { id: 'component-table' }, el('tbody', {}, comps.map((c) =>
      el('tr', {}, el('th', {}, c.name), el('td', {}, String(c.status).replace(/_/g, ' '))))))
      : el('p', { class: 'muted' }, 'No components.'));
    const events = (s.incidents || []).concat(s.scheduled_maintenances || []);
    box.appendChild(el('h3', {}, 'Incidents and maintenance'));
    box.appendChild(events.length ? el('ul', { class: 'plain', id: 'event-list' }, events.map((e) => el('li', {},
      el('strong', {}, e.name), ' ', el('span', { class: 'badge' }, e.status), ' ',
      e.scheduled_for ? el('span', { class: 'muted' }, when(e.scheduled_for) + ' → ' + when(e.scheduled_until)) : null,
      ' ', el('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await api('DELETE', '/console/api/status/events/' + encodeURIComponent(e.id)); loadStatus(); }
        catch (err) { $('status-error').textContent = err.message; }
      } }, 'Remove'))))
      : el('p', { class: 'muted' }, 'None.'));
  }

  function utc(localValue) {
    // datetime-local has no zone; the console treats it as UTC, as labelled.
    return localValue ? localValue + (localValue.length === 16 ? ':00Z' : 'Z') : null;
  }

  function statusForm(id, path, body, after) {
    $(id).addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('status-error').textContent = '';
      try {
        await api('POST', path, body());
        if (after) await after();
        loadStatus();
      } catch (e) { $('status-error').textContent = e.message; }
    });
  }

  async function loadNotices() {
    const n = await read('notices', '/console/api/notices');
    if (!n) return;
    const list = clear($('notice-list'));
    if (!n.notices.length) list.appendChild(el('li', { class: 'muted' }, 'No notices.'));
    for (const x of n.notices) {
      list.appendChild(el('li', { 'data-notice-id': x.id },
        el('strong', {}, x.title || x.id), ' ', el('span', { class: 'badge' }, x.type), ' ',
        el('span', { class: 'badge' }, x.severity), el('div', {}, x.body),
        x.startsAt ? el('div', { class: 'muted' }, when(x.startsAt) + ' → ' + when(x.endsAt)) : null,
        el('button', { type: 'button', class: 'secondary', onclick: async () => {
          try { await api('DELETE', '/console/api/notices/' + encodeURIComponent(x.id)); loadNotices(); }
          catch (e) { $('notice-error').textContent = e.message; }
        } }, 'Remove')));
    }
  }

  // ------------------------------------------------------------------ wiring

  document.addEventListener('DOMContentLoaded', async () => {
    $('signin-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    for (const b of document.querySelectorAll('.tab')) b.addEventListener('click', () => show(b.dataset.view));
    statusForm('indicator-form', '/console/api/status/indicator',
      () => ({ indicator: $('indicator').value, description: $('indicator-description').value }));
    statusForm('component-form', '/console/api/status/components',
      () => ({ name: $('component-name').value, status: $('component-status').value }));
    statusForm('incident-form', '/console/api/status/incidents', () => ({ name: $('incident-name').value,
      status: $('incident-status').value, impact: $('incident-impact').value, body: $('incident-body').value }));
    statusForm('maintenance-form', '/console/api/status/maintenances', () => ({ name: $('maintenance-name').value,
      startsAt: utc($('maintenance-start').value), endsAt: utc($('maintenance-end').value),
      body: $('maintenance-body').value }), async () => {
      if (!$('maintenance-notice').checked) return;
      await api('POST', '/console/api/notices', { id: 'maintenance-' + Date.now(), type: 'maintenance',
        severity: 'warning', title: $('maintenance-name').value, body: $('maintenance-body').value,
        startsAt: utc($('maintenance-start').value), endsAt: utc($('maintenance-end').value) });
    });
    $('notice-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('notice-error').textContent = '';
      const notice = { id: $('notice-id').value, type: $('notice-type').value, severity: $('notice-severity').value,
        title: $('notice-title').value, body: $('notice-body').value, startsAt: utc($('notice-start').value),
        endsAt: utc($('notice-end').value) };
      if ($('notice-min-version').value) notice.minimumVersion = $('notice-min-version').value;
      try { await api('POST', '/console/api/notices', notice); loadNotices(); }
      catch (e) { $('notice-error').textContent = e.message; }
    });
    try {
      const res = await fetch('/console/api/session', { credentials: 'same-origin', cache: 'no-store' });
      if (res.ok) await signedIn((await res.json()).csrfToken);
      else showSignIn();
    } catch (e) {
      showSignIn();
    }
  });
})();
