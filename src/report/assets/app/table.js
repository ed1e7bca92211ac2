/* table.js: the list every list view is made of. A search box, the
 * filters its spec declares, a count, a sortable table of one page of
 * rows and a pager; all of it lives in the URL params, so a filtered,
 * sorted page can be shared and the back button undoes a change.
 *
 * A spec is built once per view (the data does not change) and caches
 * what is costly to make again: each item's lower-cased search text, each
 * column's sort keys, and the items the last filter kept, so that a
 * keystroke over 20,000 items is a pass of indexOf and a page turn is a
 * slice. */
AD.PAGE = 100;

/* spec: {view, prefix, n, noun: [one, many], search(i) -> text,
 *        searchLabel, filters: [filter], columns: [column],
 *        sort: column id, dir: 1|-1 (the order before any click)}
 * filter: {name, label, options: [[value, label]], test(i, value)}, or
 *         {range: true, min, max, label, step, value(i) -> number}, or
 *         {name, chip(value) -> label, test(i, value)} (set by links)
 * column: {id, label, cell(i) -> node|text, key(i) -> number|string,
 *          cls: 'num'|'path'|'text'|'wide', desc: sort falling first}
 * Items are the numbers 0..n-1; a row is tr[data-i=item]. */
AD.table = function (section, spec, params) {
  var st = AD.tableState(spec, params);
  var ids = AD.tableItems(spec, st);
  var pages = Math.max(1, Math.ceil(ids.length / AD.PAGE));
  st.page = Math.min(Math.max(1, st.page), pages);
  var from = (st.page - 1) * AD.PAGE;
  var shown = ids.slice(from, from + AD.PAGE);
  var box = AD.el('div', {className: 'listing'});
  AD.add(box, AD.tableControls(spec, st));
  AD.add(box, AD.el('p', {className: 'count', 'aria-live': 'polite'},
    AD.fmt(ids.length) + ' of ' + AD.plural(spec.n, spec.noun[0],
      spec.noun[1])));
  AD.add(box, AD.tablePager(spec, st, pages, 'pager'));
  AD.add(box, AD.el('div', {className: 'scroll'},
    AD.tableGrid(spec, st, shown)));
  if (!shown.length)
    AD.add(box, AD.el('p', {className: 'empty'}, spec.n ?
      'Nothing matches: change the search or clear the filters.' :
      spec.none || 'None.'));
  if (pages > 1) AD.add(box, AD.tablePager(spec, st, pages, 'pager bottom'));
  section.appendChild(box);
  return box;
};

/* The table's params, read from the URL (names carry the spec's prefix,
 * so two lists can share a view). */
AD.tableState = function (spec, params) {
  var pre = spec.prefix || '';
  var st = {pre: pre, q: params[pre + 'q'] || '', f: {}, sort: '',
    dir: params[pre + 'dir'] === 'asc' ? 1 :
      params[pre + 'dir'] === 'desc' ? -1 : 0,
    page: parseInt(params[pre + 'page'], 10) || 1};
  (spec.filters || []).forEach(function (f) {
    var names = f.range ? [f.min, f.max] : [f.name];
    names.forEach(function (n) {
      var v = params[pre + n];
      if (v !== undefined && v !== '') st.f[n] = v;
    });
  });
  var col = AD.tableColumn(spec, params[pre + 'sort']);
  if (col && col.key) {
    st.sort = col.id;
    if (!st.dir) st.dir = col.desc ? -1 : 1;
  } else if (spec.sort) {
    st.sort = spec.sort;
    if (!st.dir) st.dir = spec.dir || 1;
  }
  return st;
};

AD.tableColumn = function (spec, id) {
  for (var i = 0; i < spec.columns.length; i++)
    if (spec.columns[i].id === id) return spec.columns[i];
  return null;
};

/* A change to the list: params of the current view with the table's own
 * (prefixed) names changed; any change but a page turn goes to page 1. */
AD.tableGo = function (spec, changes, replace) {
  var pre = spec.prefix || '', p = {}, k;
  for (k in changes)
    if (Object.prototype.hasOwnProperty.call(changes, k))
      p[pre + k] = changes[k];
  if (!Object.prototype.hasOwnProperty.call(changes, 'page'))
    p[pre + 'page'] = '';
  AD.go(spec.view || AD.state.view, AD.with(p), replace);
};

/* ---- filtering and sorting, cached on the spec ---- */

AD.tableTexts = function (spec) {
  if (!spec.texts) {
    spec.texts = new Array(spec.n);
    for (var i = 0; i < spec.n; i++)
      spec.texts[i] = String(spec.search(i) || '').toLowerCase();
  }
  return spec.texts;
};

AD.tableKeys = function (spec, col) {
  spec.keys = spec.keys || {};
  if (!spec.keys[col.id]) {
    var keys = new Array(spec.n);
    for (var i = 0; i < spec.n; i++) {
      var k = col.key(i);
      keys[i] = typeof k === 'string' ? k.toLowerCase() : k;
    }
    spec.keys[col.id] = keys;
  }
  return spec.keys[col.id];
};

/* The tests of the filters set in st: functions of an item. */
AD.tableTests = function (spec, st) {
  var tests = [];
  (spec.filters || []).forEach(function (f) {
    if (f.range) {
      var lo = parseFloat(st.f[f.min]), hi = parseFloat(st.f[f.max]);
      if (isNaN(lo) && isNaN(hi)) return;
      tests.push(function (i) {
        var v = f.value(i);
        return !(v < lo) && !(v > hi);
      });
    } else if (st.f[f.name] !== undefined) {
      var v = st.f[f.name];
      tests.push(function (i) { return f.test(i, v); });
    }
  });
  return tests;
};

/* The items the search and filters keep, in the order asked for. The
 * last answer is kept: a page turn does not filter again, and a search
 * that only grows (a letter typed at its end) looks only at the items
 * the shorter one kept, already in order. */
AD.tableItems = function (spec, st) {
  var q = st.q.toLowerCase(), rest = JSON.stringify([st.f, st.sort, st.dir]);
  var memo = spec.memo;
  if (memo && memo.rest === rest && memo.q === q) return memo.ids;
  var from = memo && memo.rest === rest && memo.q && q.indexOf(memo.q) === 0 ?
    memo.ids : null;
  var ids = AD.tableFilter(spec, st, q.split(/\s+/).filter(Boolean), from);
  var col = !from && st.sort && AD.tableColumn(spec, st.sort);
  if (col && col.key) {
    var keys = AD.tableKeys(spec, col), dir = st.dir;
    ids.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      return x < y ? -dir : x > y ? dir : a - b;
    });
  }
  spec.memo = {q: q, rest: rest, ids: ids};
  return ids;
};

/* The items of from (or all) that hold every word and pass every filter. */
AD.tableFilter = function (spec, st, words, from) {
  var texts = words.length ? AD.tableTexts(spec) : null;
  var tests = AD.tableTests(spec, st);
  var n = from ? from.length : spec.n;
  var ids = [], k, i, w, t;
  next: for (k = 0; k < n; k++) {
    i = from ? from[k] : k;
    if (texts)
      for (w = 0; w < words.length; w++)
        if (texts[i].indexOf(words[w]) < 0) continue next;
    for (t = 0; t < tests.length; t++)
      if (!tests[t](i)) continue next;
    ids.push(i);
  }
  return ids;
};

/* ---- the controls ---- */

AD.tableControls = function (spec, st) {
  var pre = st.pre;
  /* The search box is made once per list and kept across renders: the
   * router gives it focus back with its caret, and whatever holds it
   * (a test, an input method) keeps a live element. */
  var q = spec.box;
  if (!q) {
    q = spec.box = AD.el('input', {type: 'search', name: pre + 'q',
      className: 'q', placeholder: spec.placeholder || 'words…',
      autocomplete: 'off', spellcheck: false});
    AD.tableSearchKeys(spec, q);
  }
  if (q.value !== st.q) q.value = st.q;
  var bar = AD.el('div', {className: 'controls', role: 'search'},
    AD.el('label', {className: 'search'},
      AD.el('span', null, spec.searchLabel || 'Search'), q));
  (spec.filters || []).forEach(function (f) {
    AD.add(bar, f.range ? AD.tableRange(spec, st, f) :
      f.chip ? AD.tableChip(spec, st, f) : AD.tableSelect(spec, st, f));
  });
  if (st.q || Object.keys(st.f).length)
    AD.add(bar, AD.el('button', {type: 'button', className: 'reset',
      name: st.pre + 'reset', on: {click: function () {
        var all = {q: ''};
        Object.keys(st.f).forEach(function (k) { all[k] = ''; });
        AD.tableGo(spec, all);
      }}}, 'Clear all'));
  return bar;
};

/* Typing replaces the history entry, after a pause: the back button goes
 * to the list before the search, not letter by letter. */
AD.tableSearchKeys = function (spec, q) {
  q.addEventListener('input', function () {
    clearTimeout(AD.typing);
    AD.typing = setTimeout(function () {
      AD.tableGo(spec, {q: q.value}, true);
    }, 150);
  });
  q.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && q.value) {
      e.preventDefault();
      clearTimeout(AD.typing);
      q.value = '';
      AD.tableGo(spec, {q: ''}, true);
    } else if (e.key === 'Enter') {
      clearTimeout(AD.typing);
      AD.tableGo(spec, {q: q.value}, true);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      AD.moveRow(1);
    }
  });
};

/* A filter set only by links (the groups of one agent, one rule group):
 * shown while set, with a button that drops it. */
AD.tableChip = function (spec, st, f) {
  var v = st.f[f.name];
  if (v === undefined) return null;
  var label = f.chip(v);
  return AD.el('span', {className: 'chip'}, label, ' ',
    AD.el('button', {type: 'button', className: 'unchip',
      name: st.pre + 'un' + f.name, 'aria-label': 'remove: ' + label,
      title: 'remove this filter', on: {click: function () {
        var c = {};
        c[f.name] = '';
        AD.tableGo(spec, c);
      }}}, '×'));
};

AD.tableSelect = function (spec, st, f) {
  var cur = st.f[f.name] === undefined ? '' : st.f[f.name];
  var sel = AD.el('select', {name: st.pre + f.name,
    on: {change: function () {
      var c = {};
      c[f.name] = sel.value;
      AD.tableGo(spec, c);
    }}}, AD.el('option', {value: ''}, f.any || 'any'));
  f.options.forEach(function (o) {
    AD.add(sel, AD.el('option', {value: String(o[0]),
      selected: String(o[0]) === cur}, o[1]));
  });
  return AD.el('label', {className: 'filter'},
    AD.el('span', null, f.label), sel);
};

AD.tableRange = function (spec, st, f) {
  function box(name, word) {
    var input = AD.el('input', {type: 'number', name: st.pre + name,
      className: 'num', value: st.f[name] === undefined ? '' : st.f[name],
      step: f.step || 1, min: 0, 'aria-label': f.label + ' ' + word,
      on: {change: function () {
        var c = {};
        c[name] = input.value;
        AD.tableGo(spec, c);
      }}});
    return input;
  }
  return AD.el('span', {className: 'filter range', role: 'group',
    'aria-label': f.label},
    AD.el('span', null, f.label), AD.el('span', {className: 'pair'},
      box(f.min, 'at least'), '–', box(f.max, 'at most')));
};

/* ---- the table ---- */

AD.tableGrid = function (spec, st, shown) {
  var head = AD.el('tr');
  spec.columns.forEach(function (col) {
    AD.add(head, AD.tableHead(spec, st, col));
  });
  var body = AD.el('tbody');
  shown.forEach(function (i) {
    var tr = AD.el('tr', {'data-i': i, tabIndex: -1});
    spec.columns.forEach(function (col) {
      AD.add(tr, AD.el('td', {className: col.cls || null}, col.cell(i)));
    });
    body.appendChild(tr);
  });
  /* A view's main list is table.list (the one the keys and tests walk);
   * a second list in the view is a plain table.grid. */
  return AD.el('table', {className: (spec.prefix ? 'grid' : 'list grid') +
    (spec.cls ? ' ' + spec.cls : '')}, spec.caption ? AD.el('caption', null, spec.caption) : null,
    AD.el('thead', null, head), body);
};

/* A sortable head is a button (click, Enter or Space); a first click
 * sorts numbers falling, texts rising; a second turns the order. */
AD.tableHead = function (spec, st, col) {
  var th = AD.el('th', {scope: 'col', className: col.cls || null,
    title: col.title || null});
  if (!col.key) return AD.add(th, col.label);
  if (st.sort === col.id)
    th.setAttribute('aria-sort', st.dir > 0 ? 'ascending' : 'descending');
  AD.add(th, AD.el('button', {type: 'button', className: 'sort',
    name: st.pre + 'sort-' + col.id, on: {click: function () {
      var dir = st.sort === col.id ? -st.dir : col.desc ? -1 : 1;
      AD.tableGo(spec, {sort: col.id, dir: dir > 0 ? 'asc' : 'desc'});
    }}}, col.label));
  return th;
};

/* ---- the pager: every page reachable ---- */

AD.tablePager = function (spec, st, pages, cls) {
  function button(page, text, extra) {
    var attrs = {type: 'button', 'data-page': extra ? null : page,
      className: extra || null, disabled: page < 1 || page > pages,
      /* the bottom pager's buttons share the top one's names: after a
       * page turn the router gives focus back to the top one, and the
       * new page is seen from its start */
      name: st.pre + (extra || 'p' + page),
      'aria-current': page === st.page && !extra ? 'page' : null,
      on: {click: function () {
        AD.tableGo(spec, {page: page > 1 ? page : ''});
      }}};
    return AD.el('button', attrs, text);
  }
  var nav = AD.el('nav', {className: cls, 'aria-label': 'pages'});
  AD.add(nav, button(st.page - 1, '‹ Previous', 'prev'));
  var near = AD.tableNear(st.page, pages), last = 0;
  near.forEach(function (p) {
    if (p > last + 1) AD.add(nav, AD.el('span', {className: 'gap'}, '…'));
    AD.add(nav, button(p, String(p)));
    last = p;
  });
  AD.add(nav, button(st.page + 1, 'Next ›', 'next'));
  if (cls === 'pager') {
    var jump = AD.el('input', {type: 'number', name: st.pre + 'page',
      className: 'num', min: 1, max: pages, value: st.page,
      on: {change: function () {
        var p = Math.min(Math.max(1, parseInt(jump.value, 10) || 1), pages);
        AD.tableGo(spec, {page: p > 1 ? p : ''});
      }}});
    AD.add(nav, AD.el('label', {className: 'jump'}, 'Page ', jump,
      ' of ' + AD.fmt(pages)));
  }
  return nav;
};

/* Page numbers to offer: the first, the last, and two on each side. */
AD.tableNear = function (page, pages) {
  var out = [], p;
  for (p = 1; p <= pages; p++)
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
  return out;
};

/* ---- keys ---- */

/* j/k (or the arrows once on a row) move between the rows of the current
 * view's main list; Enter opens the row's first link. */
AD.moveRow = function (step) {
  var section = document.getElementById(AD.state.view);
  if (!section) return;
  var rows = section.querySelectorAll('table.list tbody tr[data-i]');
  if (!rows.length) return;
  /* from the row focused, or the row of the link focused in it */
  var at = -1, cur = document.activeElement;
  cur = cur && cur.closest ? cur.closest('tr[data-i]') : null;
  for (var i = 0; i < rows.length; i++)
    if (rows[i] === cur) at = i;
  var to = at < 0 ? (step > 0 ? 0 : rows.length - 1) :
    Math.min(Math.max(0, at + step), rows.length - 1);
  rows[to].focus();
};

AD.typingIn = function (t) {
  var tag = t && t.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' ||
    (t && t.isContentEditable);
};

AD.keys = function (e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target, section = document.getElementById(AD.state.view);
  if (AD.typingIn(t) || !section) return;
  var onRow = t.tagName === 'TR' && t.hasAttribute('data-i');
  if (e.key === '/') {
    var q = section.querySelector('input.q');
    if (!q) return;
    e.preventDefault();
    q.focus();
    q.select();
  } else if (e.key === 'j' || (onRow && e.key === 'ArrowDown')) {
    e.preventDefault();
    AD.moveRow(1);
  } else if (e.key === 'k' || (onRow && e.key === 'ArrowUp')) {
    e.preventDefault();
    AD.moveRow(-1);
  } else if (onRow && e.key === 'Enter') {
    var a = t.querySelector('a[href]');
    if (a) {
      e.preventDefault();
      a.click();
    }
  }
};
document.addEventListener('keydown', AD.keys);

/* The line under a list that says which keys it answers to. */
AD.keyHelp = function () {
  return AD.el('p', {className: 'keys'}, 'Keys: ', AD.el('kbd', null, '/'),
    ' search, ', AD.el('kbd', null, 'Esc'), ' clear it, ',
    AD.el('kbd', null, 'j'), ' ', AD.el('kbd', null, 'k'),
    ' (or ↓ ↑) move between rows, ', AD.el('kbd', null, 'Enter'),
    ' opens the row.');
};

/* The skip link names #main, which is no view: rather than let the router
 * fall back to the overview, it moves focus into the current view. */
AD.skip = function (e) {
  var a = e.target.closest && e.target.closest('a.skip');
  if (!a) return;
  e.preventDefault();
  var main = document.getElementById('main');
  if (!main) return;
  main.tabIndex = -1;
  main.focus();
};
document.addEventListener('click', AD.skip);
