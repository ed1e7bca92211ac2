/* compare.js: two agents side by side, and the list of the pairs the page
 * can compare. Everything is computed here, on demand, from the two
 * agents' docs in the data (doc/html-report.md).
 *
 * Sections are paired first. Every section of A is scored against every
 * section of B: shared rule groups weigh most, then rules of identical
 * text, then the words their headings have in common. The pairs are
 * taken greedily, best first, each section in at most one pair; a pair
 * under a minimal score is not taken, so sections that merely share a
 * word stay apart. The page follows A's order; a section only B has sits
 * after the nearest section of B that is paired (before the first one
 * when none precedes it).
 *
 * Within a pair of sections the rules are matched by a longest common
 * subsequence, two rules matching when they are in the same shared group
 * or have the same text, so each side keeps its order. A rule left alone
 * may still be in the other agent, elsewhere: it is marked so, and only
 * rules the other agent has nowhere count as what it lacks. */

AD.cmp = {};

/* The score of a pair of sections: 4 for each shared rule group both
 * carry, 2 for each other rule of identical text, and up to 3 for their
 * headings (3 when they say the same). A pair needs MIN_SCORE: a rule in
 * common, or headings with most of their words in common. */
AD.cmp.W_GROUP = 4;
AD.cmp.W_TEXT = 2;
AD.cmp.W_HEAD = 3;
AD.cmp.MIN_SCORE = 2;
/* Above this many cells the rule alignment falls back to a linear walk. */
AD.cmp.LCS_CELLS = 4000000;

AD.cmp.STOP = (function () {
  var s = {};
  ('a an and are as at be by for from how in into is it of on or our the ' +
   'their this to use using when with you your what who why').split(' ')
    .forEach(function (w) { s[w] = 1; });
  return s;
})();

AD.cmp.NONWORD =
  /[^a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+/;

/* The words of a heading that say something, crudely singular. */
AD.cmp.words = function (h) {
  var out = [], seen = {};
  /* Letters and digits of the common scripts; emoji and other symbols
   * ("🎯 Your Core Mission") are not words. */
  String(h).toLowerCase().split(AD.cmp.NONWORD).forEach(function (w) {
    if (w.length < 2 || AD.cmp.STOP[w]) return;
    if (w.length > 3 && w.charAt(w.length - 1) === 's' &&
        w.charAt(w.length - 2) !== 's')
      w = w.slice(0, -1);
    if (seen[w]) return;
    seen[w] = 1;
    out.push(w);
  });
  return out;
};

/* An agent's doc as objects, or null when the page does not carry it. */
AD.cmp.doc = function (i) {
  var d = AD.data.agents.detail[i];
  if (d === undefined || d < 0 || !AD.data.docs[d]) return null;
  var raw = AD.data.docs[d];
  var sec = (raw.sec || []).map(function (s, k) {
    var flat = s[3] || [], rules = [];
    for (var j = 0; j + 2 < flat.length; j += 3)
      rules.push({t: flat[j], g: flat[j + 1], l: flat[j + 2], s: k});
    var h = AD.text(s[0]);
    return {k: k, h: h, level: s[1], line: s[2], rules: rules,
            words: AD.cmp.words(h)};
  });
  return {i: i, fm: raw.fm || [], sec: sec};
};

AD.cmp.push = function (map, key, v) {
  var l = map.get(key);
  if (!l) map.set(key, l = []);
  if (l[l.length - 1] !== v) l.push(v);
};

/* Every rule of a doc by shared group and by text. */
AD.cmp.where = function (doc) {
  var g = new Map(), t = new Map();
  doc.sec.forEach(function (s) {
    s.rules.forEach(function (r) {
      if (r.g >= 0) AD.cmp.push(g, r.g, r);
      AD.cmp.push(t, r.t, r);
    });
  });
  return {g: g, t: t};
};

/* The rule of the other doc that carries r, or undefined: one left alone
 * there if any (the place r has moved to), else the first. */
AD.cmp.find = function (where, r, paired) {
  var l = (r.g >= 0 && where.g.get(r.g)) || where.t.get(r.t);
  if (!l) return undefined;
  for (var i = 0; i < l.length; i++)
    if (!paired.has(l[i])) return l[i];
  return l[0];
};

AD.cmp.same = function (x, y) {
  return (x.g >= 0 && x.g === y.g) || x.t === y.t;
};

AD.cmp.headScore = function (sa, sb) {
  if (sa.level === 0 && sb.level === 0 && !sa.h && !sb.h)
    return AD.cmp.W_HEAD;  /* the two intros */
  var wa = sa.words, wb = sb.words;
  if (!wa.length || !wb.length) return 0;
  var common = 0;
  for (var i = 0; i < wa.length; i++)
    if (wb.indexOf(wa[i]) >= 0) common++;
  if (!common) return 0;
  /* Mean of Jaccard and overlap: "Responsibilities" sits well with "Core
   * Responsibilities", "Security best practices" less with "Performance
   * best practices". */
  var jac = common / (wa.length + wb.length - common);
  var over = common / Math.min(wa.length, wb.length);
  return AD.cmp.W_HEAD * (jac + over) / 2;
};

/* Every pair of sections worth taking, with its score. */
AD.cmp.candidates = function (A, B) {
  var byG = new Map(), byT = new Map(), out = [];
  B.sec.forEach(function (s) {
    s.rules.forEach(function (r) {
      if (r.g >= 0) AD.cmp.push(byG, r.g, s.k);
      AD.cmp.push(byT, r.t, s.k);
    });
  });
  var nb = B.sec.length;
  A.sec.forEach(function (sa) {
    var g = new Float64Array(nb), t = new Float64Array(nb);
    sa.rules.forEach(function (r) {
      var gs = r.g >= 0 ? byG.get(r.g) || [] : [];
      var ts = byT.get(r.t) || [];
      for (var i = 0; i < gs.length; i++) g[gs[i]]++;
      for (i = 0; i < ts.length; i++)
        if (gs.indexOf(ts[i]) < 0) t[ts[i]]++;
    });
    B.sec.forEach(function (sb) {
      var h = AD.cmp.headScore(sa, sb);
      var score = AD.cmp.W_GROUP * g[sb.k] + AD.cmp.W_TEXT * t[sb.k] + h;
      if (score < AD.cmp.MIN_SCORE) return;
      var pos = Math.abs(sa.k / Math.max(1, A.sec.length) -
                         sb.k / Math.max(1, nb));
      out.push({a: sa.k, b: sb.k, score: score, pos: pos});
    });
  });
  return out;
};

/* The sections in reading order: [{a: section|null, b: section|null}]. */
AD.cmp.alignSections = function (A, B) {
  var cand = AD.cmp.candidates(A, B);
  cand.sort(function (x, y) {
    return y.score - x.score || x.pos - y.pos || x.a - y.a || x.b - y.b;
  });
  var ofA = A.sec.map(function () { return -1; });
  var ofB = B.sec.map(function () { return -1; });
  cand.forEach(function (c) {
    if (ofA[c.a] >= 0 || ofB[c.b] >= 0) return;
    ofA[c.a] = c.b;
    ofB[c.b] = c.a;
  });
  var before = {}, after = {}, tail = [];
  B.sec.forEach(function (sb) {
    if (ofB[sb.k] >= 0) return;
    var j;
    for (j = sb.k - 1; j >= 0; j--)
      if (ofB[j] >= 0) return (after[ofB[j]] = after[ofB[j]] || []).push(sb);
    for (j = sb.k + 1; j < B.sec.length; j++)
      if (ofB[j] >= 0) return (before[ofB[j]] = before[ofB[j]] || []).push(sb);
    tail.push(sb);
  });
  var rows = [];
  function lone(sb) { rows.push({a: null, b: sb}); }
  A.sec.forEach(function (sa) {
    (before[sa.k] || []).forEach(lone);
    rows.push({a: sa, b: ofA[sa.k] >= 0 ? B.sec[ofA[sa.k]] : null});
    (after[sa.k] || []).forEach(lone);
  });
  tail.forEach(lone);
  return rows;
};

/* The rules of two sections row by row: [{a: rule|null, b: rule|null}]. */
AD.cmp.alignRules = function (ra, rb) {
  var n = ra.length, m = rb.length, rows = [];
  if (!n || !m || (n + 1) * (m + 1) > AD.cmp.LCS_CELLS)
    return AD.cmp.walkRules(ra, rb);
  var w = m + 1, L = new Int32Array((n + 1) * w), i, j;
  for (i = n - 1; i >= 0; i--)
    for (j = m - 1; j >= 0; j--)
      L[i * w + j] = AD.cmp.same(ra[i], rb[j]) ? L[(i + 1) * w + j + 1] + 1 :
        Math.max(L[(i + 1) * w + j], L[i * w + j + 1]);
  var gapA = [], gapB = [];
  function flush() {
    gapA.forEach(function (r) { rows.push({a: r, b: null}); });
    gapB.forEach(function (r) { rows.push({a: null, b: r}); });
    gapA = [];
    gapB = [];
  }
  i = 0;
  j = 0;
  while (i < n && j < m) {
    if (AD.cmp.same(ra[i], rb[j]) && L[i * w + j] === L[(i + 1) * w + j + 1] + 1) {
      flush();
      rows.push({a: ra[i++], b: rb[j++]});
    } else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
      gapA.push(ra[i++]);
    } else {
      gapB.push(rb[j++]);
    }
  }
  while (i < n) gapA.push(ra[i++]);
  while (j < m) gapB.push(rb[j++]);
  flush();
  return rows;
};

/* Sections too large for the table: match each rule of A with the next
 * matching one of B, if any, in one pass. */
AD.cmp.walkRules = function (ra, rb) {
  var rows = [], j = 0;
  ra.forEach(function (r) {
    for (var k = j; k < rb.length && k < j + 50; k++) {
      if (!AD.cmp.same(r, rb[k])) continue;
      while (j < k) rows.push({a: null, b: rb[j++]});
      rows.push({a: r, b: rb[j++]});
      return;
    }
    rows.push({a: r, b: null});
  });
  while (j < rb.length) rows.push({a: null, b: rb[j++]});
  return rows;
};

/* The whole comparison: aligned sections, their rows and the counts. */
AD.cmp.compute = function (A, B) {
  var inA = AD.cmp.where(A), inB = AD.cmp.where(B), paired = new Set();
  var pairs = AD.cmp.alignSections(A, B);
  var aligned = pairs.map(function (p) {
    var rows = AD.cmp.alignRules(p.a ? p.a.rules : [], p.b ? p.b.rules : []);
    rows.forEach(function (r) {
      if (r.a && r.b) {
        paired.add(r.a);
        paired.add(r.b);
      }
    });
    return rows;
  });
  var total = {match: 0, same: 0, lackB: 0, lackA: 0};
  var blocks = pairs.map(function (p, k) {
    var rows = aligned[k], c = AD.cmp.classify(rows, inA, inB, paired);
    ['match', 'same', 'lackA', 'lackB'].forEach(function (f) {
      total[f] += c[f];
    });
    return {a: p.a, b: p.b, rows: rows, count: c,
            diff: !p.a || !p.b || c.lackA + c.lackB > 0 ||
              rows.length > c.match};
  });
  return {A: A, B: B, blocks: blocks, total: total};
};

/* Count a block's rows, and point each lone rule at its place on the
 * other side, if it has one. */
AD.cmp.classify = function (rows, inA, inB, paired) {
  var c = {match: 0, same: 0, lackB: 0, lackA: 0};
  rows.forEach(function (r) {
    if (r.a && r.b) {
      c.match++;
      if (r.a.t === r.b.t) c.same++;
    } else if (r.a) {
      r.elsewhere = AD.cmp.find(inB, r.a, paired);
      if (!r.elsewhere) c.lackB++;
    } else {
      r.elsewhere = AD.cmp.find(inA, r.b, paired);
      if (!r.elsewhere) c.lackA++;
    }
  });
  return c;
};

/* ---- the view ---- */

AD.cmp.linkOf = function (a, b) {
  var L = AD.data.links, x = Math.min(a, b), y = Math.max(a, b);
  if (!L || !L.a) return -1;
  var lo = 0, hi = L.a.length;
  while (lo < hi) {
    var mid = (lo + hi) >> 1;
    if (L.a[mid] < x || (L.a[mid] === x && L.b[mid] < y)) lo = mid + 1;
    else hi = mid;
  }
  return lo < L.a.length && L.a[lo] === x && L.b[lo] === y ? lo : -1;
};

AD.cmp.kindNames = function (bits) {
  var names = [];
  (AD.data.link_kinds || []).forEach(function (k, i) {
    if (bits & (1 << i)) names.push(k);
  });
  return names;
};

AD.cmp.valid = function (i) {
  return /^\d+$/.test(String(i)) && +i < AD.data.agents.path.length;
};

/* One side's card: who the agent is and where it belongs. */
AD.cmp.side = function (i, letter) {
  var ag = AD.data.agents, facts = [];
  var name = ag.name[i];
  facts.push(AD.el('dt', null, 'name'),
             AD.el('dd', null, name === null ? '(none)' : name));
  facts.push(AD.el('dt', null, 'kind, source'),
             AD.el('dd', null, (AD.data.kinds[ag.kind[i]] || '?') + ', ' +
                   (AD.data.sources[ag.src[i]] || '?')));
  facts.push(AD.el('dt', null, 'size'),
             AD.el('dd', null, AD.plural(ag.nsec[i], 'section', 'sections') +
                   ', ' + AD.plural(ag.nrules[i], 'rule', 'rules') + ', ' +
                   AD.fmt(ag.always[i] + ag.body[i]) + ' tokens (' +
                   AD.fmt(ag.always[i]) + ' always loaded)'));
  var c = ag.cluster[i], r = ag.role[i];
  if (c >= 0) {
    var cl = AD.data.clusters[c], at = cl.m.indexOf(i);
    facts.push(AD.el('dt', null, 'cluster'), AD.el('dd', null,
      AD.clusterLink(c), at === 0 ? ' (canonical)' :
        ' (member, ' + AD.score(cl.s[at]) + ' to canonical)'));
  }
  if (r >= 0) {
    facts.push(AD.el('dt', null, 'role group'), AD.el('dd', null,
      AD.roleLink(r), AD.data.roles[r].m[0] === i ? ' (kept)' : ''));
  }
  return AD.el('div', {className: 'side ' + letter.toLowerCase()},
    AD.el('p', {className: 'who'},
      AD.el('span', {className: 'badge'}, letter), ' ', AD.agentLink(i)),
    AD.el('dl', null, facts));
};

/* What ties the two together: their link, their cluster or role group. */
AD.cmp.tie = function (a, b) {
  var out = [], ag = AD.data.agents, li = AD.cmp.linkOf(a, b);
  if (li >= 0) {
    var L = AD.data.links;
    var kinds = AD.cmp.kindNames(L.kind[li]);
    out.push('Linked: score ' + AD.score(L.score[li]) +
             (kinds.length ? ' (' + kinds.join(', ') + ')' : '') +
             (L.desc && L.desc[li] >= 0 ?
               ', descriptions ' + AD.score(L.desc[li]) : '') + '.');
  } else {
    out.push('Not linked.');
  }
  if (ag.cluster[a] >= 0 && ag.cluster[a] === ag.cluster[b])
    out.push(' Both in ', AD.clusterLink(ag.cluster[a]), '.');
  if (ag.role[a] >= 0 && ag.role[a] === ag.role[b])
    out.push(' Both in ', AD.roleLink(ag.role[a]), '.');
  if (ag.family[a] >= 0 && ag.family[a] === ag.family[b])
    out.push(' Both in template family ' + (ag.family[a] + 1) +
             ' (one skeleton, different jobs).');
  return AD.el('p', {className: 'tie'}, out);
};

AD.cmp.head = function (a, b) {
  return AD.el('div', {className: 'heads'},
    AD.cmp.side(a, 'A'),
    AD.el('p', {className: 'swap'},
      AD.link('compare', {a: b, b: a}, '⇄ swap sides', 'Put B on the left')),
    AD.cmp.side(b, 'B'));
};

AD.cmp.fmValue = function (v) {
  return typeof v === 'number' ? AD.text(v) : String(v === null ? '' : v);
};

/* The frontmatter of both, key by key: A's keys first, then B's own. */
AD.cmp.fmTable = function (A, B) {
  var va = new Map(), vb = new Map(), keys = [];
  A.fm.forEach(function (f) {
    var k = AD.cmp.fmValue(f[0]);
    if (!va.has(k)) keys.push(k);
    va.set(k, AD.cmp.fmValue(f[1]));
  });
  B.fm.forEach(function (f) {
    var k = AD.cmp.fmValue(f[0]);
    if (!va.has(k) && !vb.has(k)) keys.push(k);
    vb.set(k, AD.cmp.fmValue(f[1]));
  });
  var ndiff = 0;
  var rows = keys.map(function (k) {
    var x = va.get(k), y = vb.get(k), st, cls;
    if (x === undefined) { st = 'only B'; cls = 'k-only-b'; }
    else if (y === undefined) { st = 'only A'; cls = 'k-only-a'; }
    else if (x === y) { st = 'same'; cls = 'k-same'; }
    else { st = 'different'; cls = 'k-diff'; }
    if (cls !== 'k-same') ndiff++;
    var cells = [AD.el('th', {scope: 'row'}, k)];
    if (cls === 'k-same') {
      cells.push(AD.el('td', {colSpan: 2, className: 'v'}, x));
    } else {
      cells.push(AD.el('td', {className: 'v a'}, x === undefined ? '—' : x),
                 AD.el('td', {className: 'v b'}, y === undefined ? '—' : y));
    }
    cells.push(AD.el('td', {className: 'st'}, st));
    return AD.el('tr', {className: cls}, cells);
  });
  var table = AD.el('table', {className: 'fm-diff'},
    AD.el('caption', null, keys.length ?
      'Frontmatter: ' + AD.plural(ndiff, 'key differs', 'keys differ') +
      ' of ' + AD.fmt(keys.length) : 'Neither has frontmatter.'),
    AD.el('colgroup', null, AD.el('col', {className: 'key'}),
          AD.el('col', {className: 'val'}), AD.el('col', {className: 'val'}),
          AD.el('col', {className: 'stc'})),
    AD.el('thead', null, AD.el('tr', null,
      AD.el('th', {scope: 'col'}, 'key'), AD.el('th', {scope: 'col'}, 'A'),
      AD.el('th', {scope: 'col'}, 'B'), AD.el('th', {scope: 'col'}, ''))),
    AD.el('tbody', null, rows));
  return AD.el('div', {className: 'fm-wrap', id: 'cs-fm', 'data-diff': ndiff ? '1' : null,
                       tabIndex: -1}, table);
};

AD.cmp.secTitle = function (s) {
  if (!s) return '';
  return s.level === 0 && !s.h ? '(intro)' : s.h || '(untitled)';
};

AD.cmp.secHead = function (s, letter, other) {
  if (!s)
    return AD.el('th', {scope: 'col', className: 'gap'},
      AD.el('span', {className: 'tag'}, 'no section'),
      ' ' + letter + ' has no section like ' + other);
  return AD.el('th', {scope: 'col'},
    AD.el('span', {className: 'lvl'},
      s.level > 0 ? new Array(s.level + 1).join('#') + ' ' : ''),
    AD.cmp.secTitle(s),
    AD.el('span', {className: 'ln'}, ' line ' + s.line));
};

/* A rule's cell: its line, its text and, when the other side differs,
 * a word that says how (the colour only repeats it). */
AD.cmp.ruleCell = function (r, side, note) {
  return AD.el('td', {className: side},
    AD.el('span', {className: 'ln'}, String(r.l)),
    note ? AD.el('span', {className: 'tag'}, note) : null,
    AD.el('span', {className: 'rt'}, AD.text(r.t)));
};

AD.cmp.gapCell = function (row, lacking, doc, here) {
  var e = row.elsewhere, cls = 'gap ' + lacking.toLowerCase();
  if (!e)
    return AD.el('td', {className: cls},
      AD.el('span', {className: 'tag'}, lacking + ' lacks'));
  var where = here && e.s === here.k ?
    ' in this section, out of order' :
    ' in “' + AD.cmp.secTitle(doc.sec[e.s]) + '”';
  return AD.el('td', {className: cls + ' moved'},
    AD.el('span', {className: 'tag'}, 'elsewhere'),
    ' ' + lacking + ' has it at line ' + e.l + where);
};

AD.cmp.ruleRow = function (row, blk, cmp) {
  if (row.a && row.b) {
    var same = row.a.t === row.b.t;
    return AD.el('tr', {className: 'row match' + (same ? ' same' : ' reworded')},
      AD.cmp.ruleCell(row.a, 'a'),
      AD.cmp.ruleCell(row.b, 'b', same ? null : 'reworded'));
  }
  var moved = row.elsewhere ? ' moved' : '';
  if (row.a)
    return AD.el('tr', {className: 'row only-a' + moved},
      AD.cmp.ruleCell(row.a, 'a', moved ? null : 'only A'),
      AD.cmp.gapCell(row, 'B', cmp.B, blk.b));
  return AD.el('tr', {className: 'row only-b' + moved},
    AD.cmp.gapCell(row, 'A', cmp.A, blk.a),
    AD.cmp.ruleCell(row.b, 'b', moved ? null : 'only B'));
};

AD.cmp.countLine = function (c, nrows) {
  var parts = [];
  if (c.match) parts.push(AD.plural(c.match, 'rule', 'rules') + ' matched');
  if (c.lackB) parts.push('A has ' + AD.plural(c.lackB, 'rule', 'rules') +
                          ' B lacks');
  if (c.lackA) parts.push('B has ' + AD.plural(c.lackA, 'rule', 'rules') +
                          ' A lacks');
  var moved = nrows - c.match - c.lackA - c.lackB;
  if (moved) parts.push(AD.plural(moved, 'rule', 'rules') + ' placed elsewhere');
  return parts.length ? parts.join(' · ') : 'no rules (text or code only)';
};

/* A run of more than FOLD identical rules shows its first and last two;
 * the rest wait behind a button and are built when asked for, so a
 * near-identical copy reads as its differences. */
AD.cmp.FOLD = 6;

AD.cmp.body = function (blk, cmp) {
  var out = [], run = [];
  function row(r) { return AD.cmp.ruleRow(r, blk, cmp); }
  function flush() {
    if (run.length > AD.cmp.FOLD) {
      out.push(row(run[0]), row(run[1]),
               AD.cmp.foldRow(run.slice(2, -2), row),
               row(run[run.length - 2]), row(run[run.length - 1]));
    } else {
      run.forEach(function (r) { out.push(row(r)); });
    }
    run = [];
  }
  blk.rows.forEach(function (r) {
    if (r.a && r.b && r.a.t === r.b.t) {
      run.push(r);
    } else {
      flush();
      out.push(row(r));
    }
  });
  flush();
  return out;
};

AD.cmp.foldRow = function (rows, row) {
  var tr = AD.el('tr', {className: 'fold'});
  var button = AD.el('button', {type: 'button', on: {click: function () {
    var tbody = tr.parentNode, block = tr.closest('.secpair');
    rows.forEach(function (r) { tbody.insertBefore(row(r), tr); });
    tbody.removeChild(tr);
    if (block) block.focus({preventScroll: true});
  }}}, 'Show ' + AD.plural(rows.length, 'identical rule', 'identical rules') +
    ' (A lines ' + rows[0].a.l + '–' + rows[rows.length - 1].a.l + ')');
  return AD.add(tr, AD.el('td', {colSpan: 2}, button));
};

AD.cmp.block = function (blk, k, cmp) {
  var body = AD.cmp.body(blk, cmp);
  var cls = 'secpair' + (blk.diff ? ' differs' : '') +
    (!blk.b ? ' sec-only-a' : '') + (!blk.a ? ' sec-only-b' : '');
  return AD.el('div', {className: cls, id: 'cs-' + k, tabIndex: -1,
                       'data-diff': blk.diff ? '1' : null},
    AD.el('p', {className: 'secsum'}, AD.cmp.countLine(blk.count, blk.rows.length)),
    AD.el('table', {className: 'rules'},
      AD.el('colgroup', null, AD.el('col', {className: 'half'}),
            AD.el('col', {className: 'half'})),
      AD.el('thead', null, AD.el('tr', null,
        AD.cmp.secHead(blk.a, 'A', 'this one in B'),
        AD.cmp.secHead(blk.b, 'B', 'this one in A'))),
      AD.el('tbody', null, body)));
};

AD.cmp.summary = function (cmp) {
  var t = cmp.total, nb = cmp.blocks.length, paired = 0, diff = 0;
  cmp.blocks.forEach(function (b) {
    if (b.a && b.b) paired++;
    if (b.diff) diff++;
  });
  return AD.el('div', {className: 'summary'},
    AD.el('p', null,
      AD.el('strong', {className: 'lack-b'}, 'A has ' +
            AD.plural(t.lackB, 'rule', 'rules') + ' B lacks'), '; ',
      AD.el('strong', {className: 'lack-a'}, 'B has ' +
            AD.plural(t.lackA, 'rule', 'rules') + ' A lacks'), '; ',
      AD.plural(t.match, 'rule', 'rules') + ' matched row by row (' +
      AD.fmt(t.same) + ' identical, ' + AD.fmt(t.match - t.same) +
      ' reworded).'),
    AD.el('p', null, AD.plural(paired, 'section', 'sections') +
          ' paired, ' + AD.fmt(nb - paired) + ' on one side only; ' +
          AD.plural(diff, 'section differs', 'sections differ') + '.'),
    AD.el('p', {className: 'keys'},
      'Keys: n / p jump to the next / previous section that differs. ',
      AD.el('span', {className: 'tag only-a'}, 'only A'), ' ',
      AD.el('span', {className: 'tag only-b'}, 'only B'), ' ',
      AD.el('span', {className: 'tag moved'}, 'elsewhere'), ' ',
      AD.el('span', {className: 'tag reworded'}, 'reworded'),
      ': a rule one side lacks, one in another place on the other side, ' +
      'one the other side words differently.'));
};

/* When one side has no doc: what the page knows of the two. */
AD.cmp.noDoc = function (a, b) {
  var d = AD.data.agents.detail, missing = [];
  if (d[a] < 0) missing.push('A');
  if (d[b] < 0) missing.push('B');
  var shared = [];
  var G = AD.data.groups;
  if (G && G.agents) {
    for (var g = 0; g < G.agents.length; g++) {
      var m = G.agents[g];
      if (m.indexOf(a) >= 0 && m.indexOf(b) >= 0) shared.push(g);
    }
  }
  var items = shared.slice(0, 50).map(function (g) {
    return AD.el('li', null, AD.text(G.text[g]));
  });
  return AD.el('div', {className: 'nodoc'},
    AD.el('p', {className: 'note'}, 'The page carries the text of agents ' +
      'that have a link or are in a cluster; ' + missing.join(' and ') +
      (missing.length > 1 ? ' have' : ' has') + ' neither, so their ' +
      'sections cannot be set side by side here ' +
      '("agentdup compare FILE FILE" compares any two files).'),
    AD.el('h3', null, 'Shared rule groups both carry: ' + AD.fmt(shared.length)),
    items.length ? AD.el('ul', {className: 'shared'}, items) : null,
    shared.length > items.length ?
      AD.el('p', null, 'and ' + AD.fmt(shared.length - items.length) + ' more.') :
      null);
};

AD.cmp.render = function (section, params) {
  section.appendChild(AD.el('h2', {id: 'compare-h'}, 'Compare'));
  var a = params.a, b = params.b;
  if (!AD.cmp.valid(a) || !AD.cmp.valid(b)) {
    var bad = [a, b].filter(function (x) {
      return x !== undefined && x !== '' && !AD.cmp.valid(x);
    });
    section.appendChild(AD.el('p', {className: 'note'},
      bad.length ? 'No agent ' + bad.join(' or ') + ' in this report. ' : '',
      'Pick two agents: every pair the page can compare is in ',
      AD.link('pairs', {}, 'pairs'), '.'));
    return;
  }
  a = +a;
  b = +b;
  var box = AD.el('div', {className: 'compare', 'data-a': a, 'data-b': b});
  section.appendChild(box);
  box.appendChild(AD.cmp.head(a, b));
  if (a !== b) box.appendChild(AD.cmp.tie(a, b));
  if (a === b) {
    box.appendChild(AD.el('p', {className: 'note'}, 'A and B are one agent.'));
    return;
  }
  if (!AD.cmp.canCompare(a, b)) {
    box.appendChild(AD.cmp.noDoc(a, b));
    return;
  }
  var cmp = AD.cmp.compute(AD.cmp.doc(a), AD.cmp.doc(b));
  box.appendChild(AD.cmp.summary(cmp));
  box.appendChild(AD.cmp.fmTable(cmp.A, cmp.B));
  box.appendChild(AD.el('h3', null, 'Sections'));
  var list = AD.el('div', {className: 'sections'});
  cmp.blocks.forEach(function (blk, k) { list.appendChild(AD.cmp.block(blk, k, cmp)); });
  box.appendChild(list);
};

AD.cmp.canCompare = function (a, b) {
  return AD.canCompare ? AD.canCompare(a, b) :
    AD.data.agents.detail[a] >= 0 && AD.data.agents.detail[b] >= 0;
};

/* n / p: the part that differs after or before the one focused, or, once
 * the reader has scrolled away from it, after or before the top of the
 * window (below the sticky nav). */
AD.cmp.jump = function (dir) {
  var box = document.querySelector('#compare .compare');
  if (!box) return;
  var stops = Array.prototype.slice.call(box.querySelectorAll('[data-diff]'));
  var at = stops.indexOf(document.activeElement), target = null;
  var nav = document.querySelector('body > nav');
  var line = nav ? Math.max(0, nav.getBoundingClientRect().bottom) : 0;
  if (at >= 0 && Math.abs(stops[at].getBoundingClientRect().top - line) <
      window.innerHeight) {
    target = stops[at + dir] || null;
  } else {
    for (var i = 0; i < stops.length; i++) {
      var top = stops[i].getBoundingClientRect().top;
      if (dir > 0 && top > line + 4) { target = stops[i]; break; }
      if (dir < 0 && top < line - 4) target = stops[i];
    }
  }
  if (!target) return;
  target.scrollIntoView({block: 'start'});
  target.focus({preventScroll: true});
};

AD.cmp.onKey = function (ev) {
  if (AD.state.view !== 'compare' || ev.ctrlKey || ev.metaKey || ev.altKey)
    return;
  var t = ev.target, tag = t && t.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' ||
      (t && t.isContentEditable))
    return;
  if (ev.key === 'n' || ev.key === 'p') {
    ev.preventDefault();
    AD.cmp.jump(ev.key === 'n' ? 1 : -1);
  }
};

document.addEventListener('keydown', AD.cmp.onKey);

/* A printed compare is whole: the folded runs of identical rules open. */
window.addEventListener('beforeprint', function () {
  if (AD.state.view !== 'compare') return;
  var folds = document.querySelectorAll('#compare tr.fold button');
  for (var i = 0; i < folds.length; i++) folds[i].click();
});

AD.view('compare', {title: 'Compare', tab: 'pairs', render: AD.cmp.render});

/* ---- the pairs list: every link, and every cluster member against its
 * canonical when the two are not linked themselves ---- */

/* The pairs as columns: a, b (A on the left: a cluster's canonical when
 * one of the two is), score, kind bits (0: not a link), cluster. */
AD.cmp.pairs = function () {
  var L = AD.data.links, ag = AD.data.agents, C = AD.data.clusters;
  var P = {a: [], b: [], score: [], kind: [], cluster: [], link: []};
  function add(a, b, score, kind, c, k) {
    P.a.push(a);
    P.b.push(b);
    P.score.push(score);
    P.kind.push(kind);
    P.cluster.push(c);
    P.link.push(k);
  }
  for (var k = 0; k < L.a.length; k++) {
    var a = L.a[k], b = L.b[k], c = ag.cluster[a];
    if (c < 0 || c !== ag.cluster[b]) c = -1;
    if (c >= 0 && C[c].m[0] === b) { b = a; a = L.b[k]; }
    add(a, b, L.score[k], L.kind[k], c, k);
  }
  C.forEach(function (cl, ci) {
    for (var j = 1; j < cl.m.length; j++)
      if (AD.cmp.linkOf(cl.m[0], cl.m[j]) < 0)
        add(cl.m[0], cl.m[j], cl.s[j], 0, ci, -1);
  });
  return P;
};

AD.cmp.pairSpec = function () {
  var P = AD.cmp.pairs(), ag = AD.data.agents;
  function both(i) { return [P.a[i], P.b[i]]; }
  function canon(i) {
    return P.cluster[i] >= 0 && AD.data.clusters[P.cluster[i]].m[0] === P.a[i];
  }
  var kinds = AD.data.link_kinds.map(function (name, bit) {
    return [name, 'link: ' + name];
  });
  kinds.push(['member', 'cluster member and canonical']);
  kinds.push(['unlinked', 'not linked (in one cluster)']);
  return {n: P.a.length, noun: ['pair', 'pairs'], cls: 'pairs',
    searchLabel: 'Search paths and names of either side',
    none: 'No linked pairs and no clusters.',
    search: function (i) {
      return both(i).map(function (a) {
        return ag.path[a] + ' ' + (ag.name[a] || '');
      }).join('\n');
    },
    filters: [AD.sourceFilter(both),
      {name: 'kind', label: 'Kind of pair', any: 'any kind', options: kinds,
        test: function (i, v) {
          if (v === 'member') return canon(i);
          if (v === 'unlinked') return P.link[i] < 0;
          var bit = AD.data.link_kinds.indexOf(v);
          return bit >= 0 && (P.kind[i] & (1 << bit)) !== 0;
        }},
      {name: 'cross', label: 'Sources', any: 'same or different',
        options: [['1', 'different sources'], ['0', 'one source']],
        test: function (i, v) {
          return (ag.src[P.a[i]] !== ag.src[P.b[i]]) === (v === '1');
        }},
      {range: true, min: 'smin', max: 'smax', label: 'Score', step: 0.01,
        value: function (i) { return P.score[i]; }},
      AD.agentFilter(both)],
    sort: 'score', dir: -1,
    /* Compare comes first: Enter on a row opens its first link. */
    columns: [
      {id: 'cmp', label: 'Compare', cell: function (i) {
        return AD.cmp.canCompare(P.a[i], P.b[i]) ?
          AD.compareLink(P.a[i], P.b[i]) : '';
      }},
      {id: 'a', label: 'A', cls: 'path', key: function (i) { return ag.path[P.a[i]]; },
        cell: function (i) { return AD.agentLink(P.a[i]); }},
      {id: 'b', label: 'B', cls: 'path', key: function (i) { return ag.path[P.b[i]]; },
        cell: function (i) { return AD.agentLink(P.b[i]); }},
      {id: 'score', label: 'Score', cls: 'num', desc: true,
        title: 'the link\'s score; for a member not linked to its ' +
          'canonical, its cosine to it',
        key: function (i) { return P.score[i]; },
        cell: function (i) { return AD.score(P.score[i]); }},
      {id: 'kind', label: 'Kind', cls: 'name',
        key: function (i) { return P.kind[i]; },
        cell: function (i) {
          var names = AD.cmp.kindNames(P.kind[i]).join(', ');
          return [names || 'not linked',
            canon(i) ? AD.el('span', {className: 'tag',
              title: 'A is the cluster\'s canonical, B a member'}, 'A canonical') : ''];
        }},
      {id: 'cluster', label: 'Cluster', cls: 'num',
        key: function (i) { return P.cluster[i]; },
        cell: function (i) {
          return P.cluster[i] >= 0 ?
            AD.clusterLink(P.cluster[i], String(P.cluster[i] + 1)) : '–';
        }},
      /* The paths begin with their sources: say only whether they differ. */
      {id: 'src', label: 'Sources', cls: 'name',
        title: 'whether the two come from one source (repository or folder)',
        key: function (i) { return ag.src[P.a[i]] === ag.src[P.b[i]] ? 0 : 1; },
        cell: function (i) {
          return ag.src[P.a[i]] === ag.src[P.b[i]] ? 'one' : 'two';
        }}]};
};

AD.listView('pairs', 'Pairs', AD.cmp.pairSpec, function () {
  return AD.el('p', {className: 'note'}, 'Every linked pair of agents, ' +
    'and every cluster member against its canonical when the two are not ' +
    'linked themselves. Each opens a compare: sections side by side, rules ' +
    'row by row, what each side lacks.');
});
