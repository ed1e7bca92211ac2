/* drift.js: the drift page's views, after core.js in the same scope. The
 * contract is doc/html-report.md ("The drift page"). The overview is
 * written by the C side and kept as it is; the lists (agents with a
 * change, clusters that changed, members drifted away) and the compare of
 * an agent's two versions are built from the data on demand: one page of
 * rows, one compare. Everything is built with AD.el and text nodes. */

AD.pageTitle = 'agentdup drift report';

var PAGE_ROWS = 100;

/* ---- small helpers ---- */

function drift3(x) {
  return x < 0 ? '–' : x.toFixed(3);
}

function words(q) {
  return String(q || '').toLowerCase().split(/\s+/).filter(Boolean);
}

function num(v, dflt) {
  var n = parseFloat(v);
  return isFinite(n) ? n : dflt;
}

function heading(section, text) {
  section.appendChild(AD.el('h2', {id: section.id + '-h', tabIndex: -1},
    text));
}

/* An agent's path in the list, by its path (new, or old for a move). */
var byPath = null;

function agentByPath(p) {
  if (!byPath) {
    byPath = new Map();
    var A = AD.data.agents;
    for (var i = 0; i < A.path.length; i++) {
      byPath.set(A.path[i], i);
      if (A.old[i] !== null && !byPath.has(A.old[i])) byPath.set(A.old[i], i);
    }
  }
  var i = byPath.get(p);
  return i === undefined ? -1 : i;
}

/* A path linked to its compare when the page has one, else to the agents'
 * list searched for it when the agent changed, else plain text. */
function pathLink(p) {
  var i = agentByPath(p);
  if (i < 0) return AD.el('span', {className: 'path'}, p);
  if (AD.data.agents.v[i] >= 0)
    return AD.el('a', {className: 'path', href: AD.href('compare', {i: i})}, p);
  return AD.el('a', {className: 'path', href: AD.href('agents', {q: p})}, p);
}

/* ---- a list: search, filters, sort, pager, all in the URL ---- */

/* spec: {view, noun, all (item numbers), hay(i) (lower-case text searched),
 * keep(i, params), filters(params) (elements), columns: [{key, label,
 * cell(i), sort(i) (optional), num}], placeholder, empty (said when the
 * list has no item at all)} */
function list(section, params, spec) {
  if (!spec.all.length) {
    section.appendChild(AD.el('p', {className: 'count'}, spec.empty));
    return;
  }
  var ws = words(params.q);
  var rows = spec.all.filter(function (i) {
    if (spec.keep && !spec.keep(i, params)) return false;
    var h = spec.hay(i);
    for (var k = 0; k < ws.length; k++) if (h.indexOf(ws[k]) < 0) return false;
    return true;
  });
  sortRows(rows, spec.columns, params);
  var pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
  var page = Math.min(Math.max(1, parseInt(params.page, 10) || 1), pages);
  section.appendChild(controls(spec, params));
  section.appendChild(AD.el('p', {className: 'count', role: 'status'},
    AD.fmt(rows.length) + ' of ' + AD.plural(spec.all.length, spec.noun[0],
      spec.noun[1])));
  var shown = rows.slice((page - 1) * PAGE_ROWS, page * PAGE_ROWS);
  section.appendChild(table(spec, params, shown));
  if (pages > 1) section.appendChild(pager(spec.view, page, pages));
  return rows;
}

function sortRows(rows, columns, params) {
  var col = null;
  for (var c = 0; c < columns.length; c++)
    if (columns[c].key === params.sort && columns[c].sort) col = columns[c];
  if (!col) return;
  var dir = params.dir === 'desc' ? -1 : 1;
  var key = new Map();
  rows.forEach(function (i) { key.set(i, col.sort(i)); });
  rows.sort(function (a, b) {
    var x = key.get(a), y = key.get(b);
    if (x < y) return -dir;
    if (x > y) return dir;
    return a - b;
  });
}

function controls(spec, params) {
  var q = AD.el('input', {type: 'search', className: 'q', name: 'q',
    value: params.q || '', placeholder: spec.placeholder,
    ariaLabel: 'Search ' + spec.noun[1], autocomplete: 'off',
    on: {input: function (e) {
      AD.go(spec.view, AD.with({q: e.target.value, page: ''}), true);
    }}});
  var form = AD.el('form', {className: 'controls', role: 'search',
    on: {submit: function (e) { e.preventDefault(); }}}, q);
  (spec.filters ? spec.filters(params) : []).forEach(function (f) {
    form.appendChild(f);
  });
  return form;
}

/* A select filter: options [[value, label]], '' the default. */
function select(view, name, label, options, params) {
  var s = AD.el('select', {name: name, on: {change: function (e) {
    var p = {};
    p[name] = e.target.value;
    p.page = '';
    AD.go(view, AD.with(p));
  }}});
  options.forEach(function (o) {
    s.appendChild(AD.el('option', {value: o[0],
      selected: String(params[name] || '') === String(o[0])}, o[1]));
  });
  return AD.el('label', {className: 'filter'}, label + ' ', s);
}

function checkbox(view, name, label, params) {
  var c = AD.el('input', {type: 'checkbox', name: name,
    checked: params[name] === '1', on: {change: function (e) {
      var p = {};
      p[name] = e.target.checked ? '1' : '';
      p.page = '';
      AD.go(view, AD.with(p));
    }}});
  return AD.el('label', {className: 'filter'}, c, ' ' + label);
}

function table(spec, params, shown) {
  var head = AD.el('tr');
  spec.columns.forEach(function (c) {
    head.appendChild(headCell(spec.view, c, params));
  });
  var body = AD.el('tbody');
  shown.forEach(function (i) {
    var tr = AD.el('tr', {'data-i': i});
    spec.columns.forEach(function (c) {
      tr.appendChild(AD.el('td', {className: c.num ? 'num' : c.key},
        c.cell(i)));
    });
    body.appendChild(tr);
  });
  if (!shown.length)
    body.appendChild(AD.el('tr', {className: 'empty'},
      AD.el('td', {colSpan: spec.columns.length}, 'Nothing matches.')));
  return AD.el('div', {className: 'scroll'},
    AD.el('table', {className: 'list ' + spec.view},
      AD.el('thead', null, head), body));
}

/* A column's header: a button that sorts by it, asc then desc. */
function headCell(view, c, params) {
  var th = AD.el('th', {scope: 'col', className: c.num ? 'num' : null});
  if (!c.sort) return AD.add(th, c.label);
  var on = params.sort === c.key;
  var desc = on && params.dir === 'desc';
  if (on) th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
  th.appendChild(AD.el('button', {type: 'button', className: 'sort',
    'data-sort': c.key, on: {click: function () {
      AD.go(view, AD.with({sort: c.key, dir: on && !desc ? 'desc' : '',
        page: ''}));
    }}}, c.label, on ? (desc ? ' ▼' : ' ▲') : ''));
  return th;
}

function pager(view, page, pages) {
  var nav = AD.el('nav', {className: 'pager', ariaLabel: 'Pages'});
  function button(n, text, cls) {
    var b = AD.el('button', {type: 'button', className: cls || null,
      'data-page': n, disabled: n < 1 || n > pages || (!cls && n === page),
      on: {click: function () { AD.go(view, AD.with({page: n})); }}}, text);
    if (!cls && n === page) b.setAttribute('aria-current', 'page');
    nav.appendChild(b);
  }
  button(page - 1, '‹ previous', 'prev');
  var shown = {};
  [1, page - 2, page - 1, page, page + 1, page + 2, pages].forEach(function (n) {
    if (n >= 1 && n <= pages) shown[n] = true;
  });
  var last = 0;
  Object.keys(shown).map(Number).sort(function (a, b) { return a - b; })
    .forEach(function (n) {
      if (n > last + 1) nav.appendChild(AD.el('span', {className: 'gap'}, '…'));
      button(n, String(n));
      last = n;
    });
  button(page + 1, 'next ›', 'next');
  return nav;
}

/* ---- the overview: the C side's, kept ---- */

var overviewNodes = [];

AD.view('overview', {title: 'overview', render: function (section) {
  overviewNodes.forEach(function (n) { section.appendChild(n); });
}});

/* ---- agents with a change ---- */

function kindName(i) {
  return AD.data.change_kinds[AD.data.agents.kind[i]];
}

function changeLabel(i) {
  var A = AD.data.agents, k = kindName(i);
  if (k === 'moved') return A.exact[i] ? 'moved, exact' : 'moved, edited';
  return k;
}

var agentHay = null;

function agentsHay(i) {
  if (!agentHay) {
    var A = AD.data.agents;
    agentHay = A.path.map(function (p, j) {
      return (p + '\n' + (A.old[j] || '') + '\n' + (A.name[j] || ''))
        .toLowerCase();
    });
  }
  return agentHay[i];
}

function agentCell(i) {
  var A = AD.data.agents;
  var out = [];
  if (A.old[i] !== null)
    out.push(AD.el('span', {className: 'path old'}, A.old[i]), ' → ');
  out.push(AD.el('span', {className: 'path'}, A.path[i]));
  if (A.name[i] !== null)
    out.push(AD.el('span', {className: 'name'}, A.name[i]));
  return out;
}

function changesCell(i) {
  var A = AD.data.agents, parts = [];
  if (A.nr[i]) parts.push(AD.plural(A.nr[i], 'rule', 'rules'));
  if (A.ns[i]) parts.push(AD.plural(A.ns[i], 'section', 'sections'));
  if (A.nf[i]) parts.push(AD.plural(A.nf[i], 'frontmatter key',
    'frontmatter keys'));
  return [parts.join(', '), A.flag[i] ?
    AD.el('strong', {className: 'flag'}, ' tools/model') : null];
}

function compareCell(i) {
  var A = AD.data.agents;
  if (A.v[i] >= 0) return AD.compareLinkOf(i);
  return '';
}

AD.compareLinkOf = function (i) {
  return AD.el('a', {href: AD.href('compare', {i: i}),
    ariaLabel: 'compare the two versions of ' + AD.data.agents.path[i]},
  'compare');
};

function agentKeep(i, p) {
  var A = AD.data.agents;
  if (p.k && kindName(i) !== p.k) return false;
  var dmin = num(p.dmin, 0);
  if (dmin > 0 && A.drift[i] < dmin) return false;
  var rmin = num(p.rmin, 0);
  if (rmin > 0 && A.nr[i] < rmin) return false;
  if (p.flag === '1' && !A.flag[i]) return false;
  return true;
}

function agentFilters(p) {
  var A = AD.data.agents, counts = {};
  A.kind.forEach(function (k) { counts[k] = (counts[k] || 0) + 1; });
  var kinds = [['', 'every change']];
  AD.data.change_kinds.forEach(function (name, k) {
    if (counts[k]) kinds.push([name, name + ' (' + AD.fmt(counts[k]) + ')']);
  });
  return [
    select('agents', 'k', 'Change', kinds, p),
    select('agents', 'dmin', 'Drift at least', [['', 'any'], ['0.01', '0.01'],
      ['0.05', '0.05'], ['0.1', '0.1'], ['0.2', '0.2'], ['0.3', '0.3'],
      ['0.5', '0.5']], p),
    select('agents', 'rmin', 'Rule changes at least', [['', 'any'],
      ['1', '1'], ['5', '5'], ['10', '10'], ['20', '20'], ['50', '50']], p),
    checkbox('agents', 'flag', 'tools or model changed', p)
  ];
}

/* The agents' list as last shown (its params, and its rows in order), so
 * that a compare opened from it leads back to it and on to the next. */
var agentsShown = null;

AD.view('agents', {title: 'agents', render: function (section, params) {
  var A = AD.data.agents;
  heading(section, 'Agents with a change');
  var rows = list(section, params, {
    view: 'agents', noun: ['agent', 'agents'],
    empty: 'No agent changed.',
    placeholder: 'Search path or name',
    all: A.path.map(function (p, i) { return i; }),
    hay: agentsHay, keep: agentKeep, filters: agentFilters,
    columns: [
      {key: 'kind', label: 'change', cell: changeLabel,
        sort: function (i) { return A.kind[i] * 2 + (A.exact[i] ? 0 : 1); }},
      {key: 'path', label: 'agent', cell: agentCell,
        sort: function (i) { return A.path[i]; }},
      {key: 'drift', label: 'drift', num: true,
        cell: function (i) { return drift3(A.drift[i]); },
        sort: function (i) { return A.drift[i]; }},
      {key: 'rules', label: 'changes', cell: changesCell,
        sort: function (i) { return A.nr[i] * 1e6 + A.ns[i] * 1e3 + A.nf[i]; }},
      {key: 'cmp', label: 'compare', cell: compareCell}
    ]
  });
  agentsShown = {params: AD.with({}), rows: rows || []};
}});

/* ---- the compare of an agent's two versions ---- */

/* The versions come in chunks of AD.data.chunk agents, each its own
 * compressed piece of the page with its own texts, decoded the first time
 * a compare needs it (a page of thousands of changes opens without
 * inflating them all). */
var chunks = new Map(); /* first version -> promise of the chunk */
var loaded = new Map(); /* first version -> the chunk */
var chunkTexts = [];    /* the texts of the chunk being drawn */

function vtext(t) {
  return t < 0 ? '' : chunkTexts[t];
}

function chunkFirst(v) {
  return v - v % AD.data.chunk;
}

function loadChunk(first) {
  if (!chunks.has(first)) {
    var node = document.querySelector('script.ad-versions[data-first="' +
      first + '"]');
    chunks.set(first, !node ? Promise.reject(new Error('no such data')) :
      AD.decode(node.textContent.replace(/\s+/g, '')).then(function (json) {
        var c = JSON.parse(json);
        loaded.set(first, c);
        return c;
      }));
  }
  return chunks.get(first);
}

/* A version's rules numbered in document order: {t, line, mate, sec, n}.
 * A section the same in both versions carries only its count of rules:
 * they keep their numbers, with no text. */
function rulesOf(doc) {
  var out = [];
  doc.sec.forEach(function (s, k) {
    var r = s[3];
    if (typeof r === 'number') {
      for (var f = 0; f < r; f++) out.push(null);
      return;
    }
    for (var j = 0; j < r.length; j += 3)
      out.push({t: r[j], line: r[j + 1], mate: r[j + 2], sec: k, n: out.length});
  });
  return out;
}

/* Sections of the two versions paired by heading path, the k-th of a
 * path with the k-th: [[a or -1, b or -1], ...] in the newer order, each
 * older section with no pair placed before the next pair after it. */
function pairSections(A, B) {
  var seen = new Map(), mateB = [], mateA = A.map(function () { return -1; });
  var pos = new Map();
  A.forEach(function (s, i) {
    var l = pos.get(s[0]);
    if (!l) pos.set(s[0], l = []);
    l.push(i);
  });
  B.forEach(function (s, j) {
    var l = pos.get(s[0]), k = seen.get(s[0]) || 0;
    mateB[j] = l && k < l.length ? l[k] : -1;
    if (mateB[j] >= 0) mateA[mateB[j]] = j;
    seen.set(s[0], k + 1);
  });
  var out = [], next = 0;
  function olderUpTo(limit) {
    for (; next < limit; next++)
      if (mateA[next] < 0) out.push([next, -1]);
  }
  B.forEach(function (s, j) {
    if (mateB[j] >= 0 && mateB[j] >= next) olderUpTo(mateB[j]);
    out.push([mateB[j], j]);
  });
  olderUpTo(A.length);
  return out;
}

function ruleCell(side, r, marks) {
  var td = AD.el('td', {className: side});
  if (!r) return td;
  td.appendChild(AD.el('span', {className: 'ln', ariaLabel: 'line'},
    String(r.line)));
  if (marks) AD.add(td, marks);
  else td.appendChild(document.createTextNode(vtext(r.t)));
  return td;
}

/* The words of two texts marked: what only the older has, what only the
 * newer has (a longest common subsequence of words). */
function wordDiff(a, b) {
  var x = a.split(/(\s+)/), y = b.split(/(\s+)/);
  if (x.length * y.length > 250000) return [[a], [b]];
  var n = x.length, m = y.length, L = [];
  for (var i = 0; i <= n; i++) L.push(new Uint16Array(m + 1));
  for (i = n - 1; i >= 0; i--)
    for (var j = m - 1; j >= 0; j--)
      L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 :
        Math.max(L[i + 1][j], L[i][j + 1]);
  var ma = [], mb = [];
  i = 0; j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      ma.push(x[i++]); mb.push(y[j++]);
    } else if (j < m && (i >= n || L[i][j + 1] >= L[i + 1][j])) {
      mb.push(/^\s+$/.test(y[j]) ? y[j] : AD.el('ins', null, y[j]));
      j++;
    } else {
      ma.push(/^\s+$/.test(x[i]) ? x[i] : AD.el('del', null, x[i]));
      i++;
    }
  }
  return [ma, mb];
}

function ruleRow(cls, a, b, note) {
  var tr = AD.el('tr', {className: 'row ' + cls});
  if (cls === 'reworded') {
    var d = wordDiff(vtext(a.t), vtext(b.t));
    tr.appendChild(ruleCell('a', a, d[0]));
    tr.appendChild(ruleCell('b', b, [d[1], note]));
    return tr;
  }
  tr.appendChild(ruleCell('a', a));
  tr.appendChild(ruleCell('b', b, b && note ?
    [vtext(b.t), note] : null));
  if (a && note && !b) tr.firstChild.appendChild(note);
  return tr;
}

function noteEl(text) {
  return AD.el('span', {className: 'why'}, text);
}

function secName(doc, k) {
  var h = vtext(doc.sec[k][0]);
  return h === '' ? '(before the first heading)' : h;
}

/* The rows of one pair of sections: the newer's rules in order, each with
 * the older rule it was kept or reworded as when that is in the paired
 * section; the older's other rules after the row of the paired rule
 * before them. */
function sectionRows(cmp, sa, sb) {
  var rows = [], after = new Map(), rowOfA = new Map();
  var ra = sa >= 0 ? cmp.ra.filter(function (r) { return r && r.sec === sa; }) : [];
  var rb = sb >= 0 ? cmp.rb.filter(function (r) { return r && r.sec === sb; }) : [];
  rb.forEach(function (r) {
    var m = r.mate >= 0 ? cmp.ra[r.mate] : null;
    if (m && m.sec === sa) {
      var score = cmp.rew.get(r.n);
      rowOfA.set(m.n, rows.length);
      rows.push(score === undefined ? ruleRow('match', m, r) :
        ruleRow('reworded', m, r, noteEl(' reworded, ' + score.toFixed(2))));
    } else if (m) {
      rows.push(ruleRow('moved-b', null, r,
        noteEl(' from ' + secName(cmp.v.from, m.sec))));
    } else {
      rows.push(ruleRow('only-b', null, r));
    }
  });
  var anchor = -1;
  ra.forEach(function (r) {
    if (rowOfA.has(r.n)) {
      anchor = rowOfA.get(r.n);
      return;
    }
    var m = r.mate >= 0 ? cmp.rb[r.mate] : null;
    var row = m ? ruleRow('moved-a', r, null,
      noteEl(' to ' + secName(cmp.v.to, m.sec))) : ruleRow('only-a', r, null);
    if (!after.has(anchor)) after.set(anchor, []);
    after.get(anchor).push(row);
  });
  var out = (after.get(-1) || []).slice();
  rows.forEach(function (row, k) {
    out.push(row);
    (after.get(k) || []).forEach(function (x) { out.push(x); });
  });
  return out;
}

/* One pair of sections: a heading line saying what became of it, then its
 * rule rows; a section unchanged is folded. */
function sectionBlock(cmp, pair, changesOnly) {
  var sa = pair[0], sb = pair[1], v = cmp.v;
  var folded = sb >= 0 ? v.to.sec[sb][3] : -1;
  if (typeof folded === 'number' && folded >= 0)
    return changesOnly ? null : foldedBlock(v, sb, folded);
  var rows = sectionRows(cmp, sa, sb);
  var changedRows = rows.filter(function (r) {
    return !r.classList.contains('match');
  }).length;
  var state = sa < 0 ? 'only-b' : sb < 0 ? 'only-a' :
    cmp.chg.has(v.to.sec[sb][0]) || changedRows ? 'changed' : 'same';
  if (changesOnly && state === 'same') return null;
  var label = {'only-a': 'removed', 'only-b': 'added', changed: 'changed',
    same: 'unchanged'}[state];
  var head = AD.el('tr', {className: 'sec ' + state},
    AD.el('th', {className: 'a', scope: 'col'},
      sa >= 0 ? secName(v.from, sa) : '—'),
    AD.el('th', {className: 'b', scope: 'col'},
      sb >= 0 ? secName(v.to, sb) : '—'));
  var body = AD.el('tbody');
  rows.forEach(function (r) {
    if (!(changesOnly && r.classList.contains('match'))) body.appendChild(r);
  });
  var tbl = AD.el('table', {className: 'rules'},
    AD.el('colgroup', null, AD.el('col', {className: 'a'}),
      AD.el('col', {className: 'b'})),
    AD.el('thead', null, head), body);
  var n = rows.length;
  var summary = AD.el('summary', null,
    AD.el('span', {className: 'badge ' + state}, label), ' ',
    sb >= 0 ? secName(v.to, sb) : secName(v.from, sa),
    AD.el('span', {className: 'why'}, ' ' + AD.plural(n, 'rule', 'rules') +
      (changedRows ? ', ' + AD.fmt(changedRows) + ' changed' : '')));
  return AD.el('details', {className: 'sec ' + state, open: state !== 'same'},
    summary, n || state !== 'same' ? tbl : null);
}

/* A section the same in both versions: its heading and its count of
 * rules, which the page does not carry. */
function foldedBlock(v, sb, n) {
  return AD.el('details', {className: 'sec same'},
    AD.el('summary', null, AD.el('span', {className: 'badge same'},
      'unchanged'), ' ', secName(v.to, sb),
    AD.el('span', {className: 'why'}, ' ' + AD.plural(n, 'rule', 'rules'))),
    AD.el('p', {className: 'note'}, 'The same heading, text and rules in ' +
      'both versions (the page carries the sections that changed).'));
}

/* The frontmatter, key by key: values joined as the drift joins them;
 * null for a value the same in the other version (not carried twice). */
function fmMap(doc) {
  var m = new Map();
  for (var i = 0; i < doc.fm.length; i += 2)
    m.set(vtext(doc.fm[i]), doc.fm[i + 1] < 0 ? null :
      vtext(doc.fm[i + 1]));
  return m;
}

function fmDiff(v) {
  var a = fmMap(v.from), b = fmMap(v.to), keys = [];
  a.forEach(function (x, k) { keys.push(k); });
  b.forEach(function (x, k) { if (!a.has(k)) keys.push(k); });
  keys.sort();
  var diff = AD.el('tbody'), same = [];
  keys.forEach(function (k) {
    if (a.get(k) === null || b.get(k) === null || a.get(k) === b.get(k)) {
      same.push(k);
      return;
    }
    var flagged = /^(tools|model)$/i.test(k);
    var tr = AD.el('tr', {className: flagged ? 'flag' : null},
      AD.el('th', {scope: 'row'}, k, flagged ?
        AD.el('strong', {className: 'flag'}, ' flagged') : null),
      AD.el('td', {className: 'a'}, a.has(k) ? a.get(k) : AD.el('i', null, 'absent')),
      AD.el('td', {className: 'b'}, b.has(k) ? b.get(k) : AD.el('i', null, 'absent')));
    diff.appendChild(tr);
  });
  var out = [AD.el('h3', null, 'Frontmatter')];
  if (diff.firstChild)
    out.push(AD.el('div', {className: 'scroll'}, AD.el('table', {className: 'fm-diff'},
      AD.el('thead', null, AD.el('tr', null, AD.el('th', {scope: 'col'}, 'key'),
        AD.el('th', {scope: 'col', className: 'a'}, 'from'),
        AD.el('th', {scope: 'col', className: 'b'}, 'to'))), diff)));
  else
    out.push(AD.el('p', {className: 'note'}, 'No frontmatter value changed.'));
  if (same.length)
    out.push(AD.el('p', {className: 'note'}, 'The same in both: ' +
      same.join(', ') + '.'));
  return out;
}

function sideHead(cls, label, path, name) {
  return AD.el('div', {className: 'side ' + cls},
    AD.el('span', {className: 'label'}, cls === 'a' ? 'from ' : 'to ',
      AD.el('b', null, label)),
    AD.el('span', {className: 'path'}, path),
    name ? AD.el('span', {className: 'name'}, name) : null);
}

/* The agents with a compare before and after i in the list last shown
 * (every agent in the data's order when none was): -1 for none. */
function neighbours(i) {
  var A = AD.data.agents;
  var rows = agentsShown ? agentsShown.rows : A.path.map(function (p, j) {
    return j;
  });
  var withText = rows.filter(function (j) { return A.v[j] >= 0; });
  var k = withText.indexOf(i);
  if (k < 0) return [-1, -1];
  return [k > 0 ? withText[k - 1] : -1,
    k + 1 < withText.length ? withText[k + 1] : -1];
}

function compareNav(i, params) {
  var n = neighbours(i), c = params.c ? {c: params.c} : {};
  function to(j, text, cls) {
    if (j < 0) return AD.el('span', {className: cls + ' none'}, text);
    c.i = j;
    return AD.el('a', {className: cls, href: AD.href('compare', c),
      title: AD.data.agents.path[j]}, text);
  }
  return AD.el('p', {className: 'back'},
    AD.link('agents', agentsShown ? agentsShown.params : {},
      '← agents with a change'), ' ',
    to(n[0], '‹ previous compare', 'prev'), ' ',
    to(n[1], 'next compare ›', 'next'));
}

function compareView(section, params) {
  var A = AD.data.agents, i = parseInt(params.i, 10);
  section.appendChild(compareNav(i, params));
  if (!(i >= 0 && i < A.path.length)) {
    heading(section, 'Compare');
    section.appendChild(AD.el('p', {className: 'note'}, 'No such agent.'));
    return;
  }
  heading(section, 'Compare: ' + A.path[i]);
  if (A.v[i] < 0) {
    var k = kindName(i);
    section.appendChild(AD.el('p', {className: 'note'},
      k === 'moved' ? 'Moved with the same content: nothing to compare.' :
      k === 'added' ? 'Only the newer snapshot holds this agent.' :
      k === 'removed' ? 'Only the older snapshot holds this agent.' :
      'The page does not carry this agent\'s texts.'));
    return;
  }
  var first = chunkFirst(A.v[i]), chunk = loaded.get(first);
  if (!chunk) {
    section.appendChild(AD.el('p', {className: 'note loading'},
      'Reading the two versions…'));
    loadChunk(first).then(function () {
      if (AD.state.view !== 'compare' || AD.state.params.i !== params.i)
        return;
      /* the heading is drawn anew: the focus it had goes to the new one */
      var f = document.activeElement;
      var lost = !f || f === document.body || f.id === 'compare-h';
      AD.route();
      if (lost) document.getElementById('compare-h').focus({preventScroll: true});
    }, function (err) {
      section.appendChild(AD.el('p', {className: 'error', role: 'alert'},
        'The versions could not be read: ' + String(err && err.message || err)));
    });
    return;
  }
  chunkTexts = chunk.texts;
  var v = chunk.versions[A.v[i] - first];
  var cmp = {v: v, ra: rulesOf(v.from), rb: rulesOf(v.to), rew: new Map(),
    chg: new Set(v.chg)};
  for (var r = 0; r < v.rew.length; r += 2) cmp.rew.set(v.rew[r], v.rew[r + 1]);
  var fmA = fmMap(v.from);
  var oldName = !fmA.has('name') ? null : fmA.get('name') === null ?
    A.name[i] : fmA.get('name');
  var box = AD.el('div', {className: 'compare'});
  box.appendChild(AD.el('div', {className: 'sides'},
    sideHead('a', AD.data.from, A.old[i] !== null ? A.old[i] : A.path[i],
      oldName),
    sideHead('b', AD.data.to, A.path[i], A.name[i])));
  box.appendChild(AD.el('p', null, changeLabel(i) + ', drift ' +
    drift3(A.drift[i]) + ': ' + AD.plural(A.nr[i], 'rule change',
      'rule changes') + ', ' + AD.plural(A.ns[i], 'section change',
      'section changes') + ', ' + AD.plural(A.nf[i], 'frontmatter change',
      'frontmatter changes') + '.'));
  AD.add(box, fmDiff(v));
  var changesOnly = params.c === '1';
  box.appendChild(AD.el('h3', null, 'Sections and rules'));
  box.appendChild(AD.el('form', {className: 'controls',
    on: {submit: function (e) { e.preventDefault(); }}},
    checkbox('compare', 'c', 'changes only (hide the rules kept and the ' +
      'sections unchanged)', params),
    AD.el('span', {className: 'legend'},
      AD.el('span', {className: 'key only-a'}, 'removed'),
      AD.el('span', {className: 'key only-b'}, 'added'),
      AD.el('span', {className: 'key reworded'}, 'reworded'),
      AD.el('span', {className: 'key moved-a'}, 'moved'))));
  var any = false;
  pairSections(v.from.sec, v.to.sec).forEach(function (pair) {
    var b = sectionBlock(cmp, pair, changesOnly);
    if (b) { box.appendChild(b); any = true; }
  });
  if (!any)
    box.appendChild(AD.el('p', {className: 'note'}, 'No section changed.'));
  section.appendChild(box);
}

AD.view('compare', {title: 'compare', tab: 'agents', render: compareView});

/* ---- clusters that changed ---- */

function clustersOrNote(section, title) {
  var c = AD.data.clusters;
  heading(section, title);
  if (!c) {
    section.appendChild(AD.el('p', {className: 'note'},
      'Clusters were not compared (drift --no-clusters).'));
    return null;
  }
  if (!c.clustered) {
    section.appendChild(AD.el('p', {className: 'note'},
      'Clusters not compared: ' + (c.note || 'no texts.')));
    return null;
  }
  return c;
}

function crefs(list) {
  var out = [];
  for (var k = 0; k < list.length; k += 2)
    out.push(AD.el('div', null, pathLink(list[k]),
      AD.el('span', {className: 'why'}, ' (' + list[k + 1] + ')')));
  return out;
}

var MEMBERS_SHOWN = 10;

function members(what, p) {
  if (!p.length) return null;
  var head = p.slice(0, MEMBERS_SHOWN), rest = p.slice(MEMBERS_SHOWN);
  var div = AD.el('div', {className: 'members'},
    AD.el('span', {className: 'why'}, what + ': '));
  head.forEach(function (x, k) {
    if (k) div.appendChild(document.createTextNode(', '));
    div.appendChild(pathLink(x));
  });
  if (rest.length) {
    var more = AD.el('details', {className: 'more'},
      AD.el('summary', null, 'and ' + AD.fmt(rest.length) + ' more'));
    /* built when opened: a merge may move hundreds */
    more.addEventListener('toggle', function () {
      if (!more.open || more.childNodes.length > 1) return;
      rest.forEach(function (x, k) {
        if (k) more.appendChild(document.createTextNode(', '));
        more.appendChild(pathLink(x));
      });
    });
    div.appendChild(more);
  }
  return div;
}

var clusterHay = null;

AD.view('clusters', {title: 'clusters', render: function (section, params) {
  var c = clustersOrNote(section, 'Clusters that changed');
  if (!c) return;
  var C = c.changes;
  if (!clusterHay)
    clusterHay = C.kind.map(function (k, i) {
      return [].concat(C.before[i].filter(function (x, j) { return j % 2 === 0; }),
        C.after[i].filter(function (x, j) { return j % 2 === 0; }),
        C.joined[i], C.left[i]).join('\n').toLowerCase();
    });
  var counts = {};
  C.kind.forEach(function (k) { counts[k] = (counts[k] || 0) + 1; });
  var kinds = [['', 'every change']];
  AD.data.cluster_kinds.forEach(function (name, k) {
    if (counts[k]) kinds.push([name, name + ' (' + AD.fmt(counts[k]) + ')']);
  });
  function moved(i) { return C.joined[i].length + C.left[i].length; }
  section.appendChild(AD.el('p', {className: 'note'},
    AD.fmt(c.from) + ' → ' + AD.fmt(c.to) + ' clusters. A cluster is named ' +
    'by its canonical, with its size.'));
  list(section, params, {
    view: 'clusters', noun: ['cluster change', 'cluster changes'],
    empty: 'No cluster changed.',
    placeholder: 'Search a canonical or member path',
    all: C.kind.map(function (k, i) { return i; }),
    hay: function (i) { return clusterHay[i]; },
    keep: function (i, p) {
      if (p.ck && AD.data.cluster_kinds[C.kind[i]] !== p.ck) return false;
      return moved(i) >= num(p.min, 0);
    },
    filters: function (p) {
      return [select('clusters', 'ck', 'Change', kinds, p),
        select('clusters', 'min', 'Members joined or left, at least',
          [['', 'any'], ['1', '1'], ['2', '2'], ['5', '5'], ['10', '10'],
            ['25', '25']], p)];
    },
    columns: [
      {key: 'kind', label: 'change', sort: function (i) { return C.kind[i]; },
        cell: function (i) { return AD.data.cluster_kinds[C.kind[i]]; }},
      {key: 'before', label: 'before', cell: function (i) {
        return crefs(C.before[i]); }},
      {key: 'after', label: 'after', cell: function (i) {
        return crefs(C.after[i]); }},
      {key: 'moved', label: 'members', sort: moved, cell: function (i) {
        return [members('joined', C.joined[i]), members('left', C.left[i])];
      }}
    ]
  });
}});

/* ---- members that drifted away from their canonical ---- */

AD.view('away', {title: 'drifted away', tab: 'away', render: function (section, params) {
  var c = clustersOrNote(section, 'Drifted away from their canonical');
  if (!c) return;
  var W = c.away;
  section.appendChild(AD.el('p', {className: 'note'}, 'Members whose ' +
    'similarity to their cluster\'s canonical fell by 0.05 or more.'));
  list(section, params, {
    view: 'away', noun: ['member', 'members'],
    empty: 'No member drifted away from its canonical.',
    placeholder: 'Search a member or canonical path',
    all: W.path.map(function (p, i) { return i; }),
    hay: function (i) { return (W.path[i] + '\n' + W.canonical[i]).toLowerCase(); },
    columns: [
      {key: 'path', label: 'agent', cell: function (i) { return pathLink(W.path[i]); },
        sort: function (i) { return W.path[i]; }},
      {key: 'canonical', label: 'canonical', cell: function (i) {
        return pathLink(W.canonical[i]); },
        sort: function (i) { return W.canonical[i]; }},
      {key: 'before', label: 'similarity before', num: true,
        cell: function (i) { return W.before[i].toFixed(3); },
        sort: function (i) { return W.before[i]; }},
      {key: 'after', label: 'after', num: true,
        cell: function (i) { return W.after[i].toFixed(3); },
        sort: function (i) { return W.after[i]; }},
      {key: 'fall', label: 'fall', num: true,
        cell: function (i) { return (W.before[i] - W.after[i]).toFixed(3); },
        sort: function (i) { return W.before[i] - W.after[i]; }}
    ]
  });
}});

/* ---- start ---- */

/* Keys, outside a form field: "/" moves to the search box of the view
 * shown, as in many sites; in a compare, "p" and "n" open the previous
 * and the next one. */
document.addEventListener('keydown', function (e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' ||
            t.tagName === 'TEXTAREA')) return;
  var shown = 'section.view:not([hidden]) ';
  var target = e.key === '/' ? document.querySelector(shown + 'input.q') :
    e.key === 'n' ? document.querySelector(shown + 'p.back a.next') :
    e.key === 'p' ? document.querySelector(shown + 'p.back a.prev') : null;
  if (!target) return;
  e.preventDefault();
  if (target.tagName === 'A') target.click();
  else target.focus();
});

/* A view drawn after a link in another one was followed leaves the focus
 * on nothing shown: it moves to the new view's heading, so the keyboard
 * goes on from there and a screen reader says where it is. */
window.addEventListener('hashchange', function () {
  setTimeout(function () { /* after the router drew the view */
    var f = document.activeElement;
    if (f && f !== document.body && f.offsetParent !== null) return;
    var h = document.querySelector('section.view:not([hidden]) h2');
    if (h) h.focus({preventScroll: true});
  }, 0);
});

(function () {
  var o = document.getElementById('overview');
  if (o) overviewNodes = Array.prototype.slice.call(o.childNodes);
})();
AD.start();
