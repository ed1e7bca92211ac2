/* overview.js: the collection at a glance. Headline figures, then five
 * charts drawn as inline SVG: how much of the collection is duplicated,
 * which sources copy which, the sizes of clusters and role groups, the
 * largest of them, and what the duplication costs in tokens.
 *
 * Every chart is built with createElementNS and setAttribute (numbers and
 * fixed class names only; data reaches it only as text nodes), carries a
 * visible legend, a <title>/<desc> behind role="img", and its figures in
 * a table behind a <details> for those who cannot see the picture. The
 * colours are classes, so the stylesheet picks them for the light or the
 * dark theme and for print. The aggregates are computed once per page
 * and kept on AD.data._overview. */

var OV = {};

OV.NS = 'http://www.w3.org/2000/svg';
OV.MATRIX_MAX = 20;   /* sources in the matrix: those that share most */
OV.TOP = 10;          /* largest clusters and role groups listed */
OV.HIST_MAX = 24;     /* sizes beyond it share the histogram's last bar */
OV.SHADES = 6;        /* steps of the matrix's colour scale, zero apart */
OV.NAME_MAX = 48;     /* characters of a source's name in the matrix */

/* An SVG element. Attributes go through setAttribute: the callers give
 * numbers and fixed names; an href must stay inside the page. Children
 * are as AD.el's (strings become text nodes). */
OV.svg = function (tag, attrs) {
  var e = document.createElementNS(OV.NS, tag);
  var k, v;
  for (k in attrs || {}) {
    if (!Object.prototype.hasOwnProperty.call(attrs, k)) continue;
    v = attrs[k];
    if (v === null || v === undefined || v === false) continue;
    if (k === 'href' && String(v).charAt(0) !== '#')
      throw new Error('href ' + v);
    if (k.indexOf('on') === 0 || k === 'style')
      throw new Error('attribute ' + k);
    e.setAttribute(k, typeof v === 'number' ? String(OV.round(v)) : v);
  }
  for (var i = 2; i < arguments.length; i++) AD.add(e, arguments[i]);
  return e;
};

OV.round = function (x) {
  return Math.round(x * 10) / 10;
};

OV.pct = function (part, whole) {
  if (!whole) return '0%';
  var p = 100 * part / whole;
  if (p > 0 && p < 1) return '<1%';
  return Math.round(p) + '%';
};

/* A source's name cut to n characters. A path keeps its last folders
 * (the PATHs scanned share their beginnings); a name still too long
 * loses its middle: "owner__repository" differ at both ends. */
OV.cut = function (s, n) {
  if (s.length <= n) return s;
  var parts = s.split('/'), out = parts.pop();
  if (out.length + 2 <= n) {
    while (parts.length && parts[parts.length - 1].length + out.length + 3 <= n)
      out = parts.pop() + '/' + out;
    return '…/' + out;
  }
  var pre = parts.length ? '…/' : '', room = n - pre.length;
  var head = Math.ceil((room - 1) / 2), tail = room - 1 - head;
  return pre + out.slice(0, head) + '…' + out.slice(out.length - tail);
};

/* ---- the aggregates, once ---- */

OV.stats = function () {
  var d = AD.data;
  if (d._overview) return d._overview;
  var s = {
    n: d.agents.path.length,
    clusters: d.clusters.length,
    roles: d.roles.length,
    families: d.families.length,
    collisions: d.collisions.kind.length,
    routing: d.routing.length,
    problems: d.problems.length
  };
  var inClusters = 0;
  d.clusters.forEach(function (c) { inClusters += c.m.length; });
  s.kept = s.clusters;
  s.dups = inClusters - s.clusters;
  s.unique = s.n - inClusters;
  s.rules = d.counts.rules;
  s.boiler = d.counts.boilerplate_rules;
  s.repeated = d.counts.shared_rules - s.boiler;
  s.single = s.rules - d.counts.shared_rules;
  s.matrix = OV.matrix(d);
  s.clusterSizes = OV.sizes(d.clusters);
  s.roleSizes = OV.sizes(d.roles);
  s.topClusters = OV.largest(d.clusters);
  s.topRoles = OV.largest(d.roles);
  d._overview = s;
  return s;
};

/* The source-by-source counts: cell (r, c) is the number of agents of
 * source r that have a variant (another member of their cluster) in
 * source c; on the diagonal, in their own source. A cluster's members
 * are few, so a pass over each cluster's sources is enough. */
OV.matrix = function (d) {
  var ns = d.sources.length, src = d.agents.src;
  /* Sparse: a collection of skills, one folder each, has thousands of
   * sources and few cells that are not zero. */
  var cell = new Map();
  var out = new Uint32Array(ns);       /* agents with a variant elsewhere */
  var within = new Uint32Array(ns);    /* ... in their own source */
  var agents = new Uint32Array(ns);
  var i;
  for (i = 0; i < src.length; i++) agents[src[i]]++;
  d.clusters.forEach(function (c) {
    var per = {}, keys = [], k, a, b;
    c.m.forEach(function (m) {
      var r = src[m];
      if (!per[r]) { per[r] = 0; keys.push(r); }
      per[r]++;
    });
    for (a = 0; a < keys.length; a++) {
      k = keys[a];
      if (per[k] > 1) {
        OV.bump(cell, k * ns + k, per[k]);
        within[k] += per[k];
      }
      if (keys.length > 1) out[k] += per[k];
      for (b = 0; b < keys.length; b++)
        if (b !== a) OV.bump(cell, k * ns + keys[b], per[k]);
    }
  });
  var partner = new Int32Array(ns).fill(-1), most = new Uint32Array(ns);
  cell.forEach(function (v, key) {
    var r = Math.floor(key / ns), c = key - r * ns;
    if (r !== c && (v > most[r] || v === most[r] && c < partner[r])) {
      most[r] = v;
      partner[r] = c;
    }
  });
  /* The sources that share most: agents with a variant anywhere. */
  var order = [];
  for (i = 0; i < ns; i++)
    if (out[i] || within[i]) order.push(i);
  order.sort(function (x, y) {
    return (out[y] + within[y]) - (out[x] + within[x]) || x - y;
  });
  var sharing = order.length;
  order = order.slice(0, OV.MATRIX_MAX);
  var m = {ns: ns, cell: cell, out: out, within: within, agents: agents,
    partner: partner, most: most, shown: order, sharing: sharing, max: 0};
  order.forEach(function (r) {
    order.forEach(function (c) { m.max = Math.max(m.max, OV.at(m, r, c)); });
  });
  return m;
};

OV.bump = function (map, key, n) {
  map.set(key, (map.get(key) || 0) + n);
};

/* The count of the matrix's row r, column c. */
OV.at = function (m, r, c) {
  return m.cell.get(r * m.ns + c) || 0;
};

/* Sizes of groups: counts by number of members, the large ones together
 * in the last bar. */
OV.sizes = function (groups) {
  var count = {}, max = 0;
  groups.forEach(function (g) {
    var n = g.m.length;
    count[n] = (count[n] || 0) + 1;
    if (n > max) max = n;
  });
  var bins = [], n;
  for (n = 2; n <= Math.min(max, OV.HIST_MAX); n++)
    bins.push({lo: n, hi: n, count: count[n] || 0});
  if (max > OV.HIST_MAX) {
    var rest = 0;
    for (n = OV.HIST_MAX + 1; n <= max; n++) rest += count[n] || 0;
    bins.push({lo: OV.HIST_MAX + 1, hi: max, count: rest});
  }
  return bins;
};

/* The largest groups: most members, then most body tokens saved. */
OV.largest = function (groups) {
  var idx = groups.map(function (g, i) { return i; });
  idx.sort(function (a, b) {
    return groups[b].m.length - groups[a].m.length ||
      groups[b].cost[2] - groups[a].cost[2] || a - b;
  });
  return idx.slice(0, OV.TOP);
};

/* ---- pieces every chart uses ---- */

/* The SVG of a chart: scales with its viewBox, named by its title and
 * described by its desc for a screen reader. */
OV.chart = function (id, w, h, title, desc) {
  return OV.svg('svg', {
    viewBox: '0 0 ' + w + ' ' + h, width: w, height: h,
    'class': 'ov-svg', role: 'img',
    'aria-labelledby': id + '-t ' + id + '-d', id: id,
    preserveAspectRatio: 'xMinYMin meet'
  }, OV.svg('title', {id: id + '-t'}, title),
  OV.svg('desc', {id: id + '-d'}, desc));
};

OV.figure = function (heading, lede) {
  var fig = AD.el('figure', {className: 'ov-chart'},
    AD.el('figcaption', null, AD.el('h3', null, heading)));
  if (lede) AD.add(fig, AD.el('p', {className: 'ov-lede'}, lede));
  return fig;
};

/* A legend: swatches of the chart's classes with their words. */
OV.legend = function (items) {
  return AD.el('ul', {className: 'ov-legend'}, items.map(function (it) {
    return AD.el('li', null,
      AD.el('span', {className: 'ov-sw ' + it.cls, 'aria-hidden': 'true'}),
      it.text);
  }));
};

/* The chart's figures as a table behind a <details>. */
/* The first column names the rows; the others hold figures, right-aligned,
 * but for the columns listed in words. */
OV.table = function (summary, head, rows, words) {
  var body = AD.el('tbody');
  var num = function (i) {
    return i && (!words || words.indexOf(i) < 0) ? 'num' : null;
  };
  var fill = function () {
    (typeof rows === 'function' ? rows() : rows).forEach(function (r) {
      body.appendChild(AD.el('tr', null, r.map(function (c, i) {
        return i ? AD.el('td', {className: num(i)},
          typeof c === 'number' ? AD.fmt(c) : c) :
          AD.el('th', {scope: 'row'}, c);
      })));
    });
  };
  /* Rows given as a function are built when the table is first opened:
   * a source list can run to thousands. */
  if (typeof rows !== 'function') fill();
  var d = AD.el('details', {className: 'ov-data', on: {toggle: function () {
    if (d.open && !body.firstChild) fill();
  }}}, AD.el('summary', null, summary),
  AD.el('table', {className: 'ov-table'},
    AD.el('thead', null, AD.el('tr', null, head.map(function (h, i) {
      return AD.el('th', {scope: 'col', className: num(i)}, h);
    }))), body));
  return d;
};

/* A horizontal bar cut into parts: each part a link when it has one,
 * its figure written inside when there is room. */
OV.stacked = function (svg, y, x0, width, height, parts, total) {
  var x = x0;
  parts.forEach(function (p) {
    if (!p.value) return;
    var w = total ? width * p.value / total : 0;
    var g = OV.svg('rect', {x: x, y: y, width: Math.max(w, 1),
      height: height, 'class': 'ov-seg ' + p.cls});
    var label = p.label + ': ' + AD.fmt(p.value) + ' (' +
      OV.pct(p.value, total) + ')';
    var node = p.href ? OV.svg('a', {href: p.href, 'class': 'ov-link'}, g) :
      OV.svg('g', null, g);
    AD.add(node, OV.svg('title', null, label));
    var text = AD.fmt(p.value);
    if (w > text.length * 7.5 + 10)
      AD.add(node, OV.svg('text', {x: x + w / 2, y: y + height / 2,
        'class': 'ov-in ' + p.cls, 'text-anchor': 'middle',
        'dominant-baseline': 'central'}, text));
    svg.appendChild(node);
    x += w;
  });
};

/* ---- the headline figures ---- */

OV.figureCard = function (view, params, number, label, sub) {
  return AD.el('li', null, AD.el('a', {className: 'ov-fig',
    href: AD.href(view, params)},
    AD.el('span', {className: 'ov-num'}, number),
    AD.el('span', {className: 'ov-label'}, label),
    sub ? AD.el('span', {className: 'ov-sub'}, sub) : null));
};

OV.headline = function (s) {
  var cost = AD.data.cost;
  var list = AD.el('ul', {className: 'ov-figures'});
  AD.add(list, [
    OV.figureCard('agents', null, AD.fmt(s.n), 'agents',
      AD.plural(AD.data.sources.length, 'source', 'sources')),
    OV.figureCard('clusters', null, OV.pct(s.dups, s.n),
      'of agents are duplicates',
      AD.fmt(s.dups) + ' a merge would remove'),
    OV.figureCard('inventory', null, OV.pct(s.repeated + s.boiler, s.rules),
      'of rules are repeated',
      AD.fmt(s.repeated + s.boiler) + ' of ' + AD.fmt(s.rules) +
      ' in shared groups'),
    OV.figureCard('inventory', {house: 1}, OV.pct(s.boiler, s.rules),
      'of rules are house style', AD.fmt(s.boiler) + ' boilerplate rules'),
    OV.figureCard('clusters', null, AD.fmt(cost.saved[1]),
      'tokens duplicates cost each conversation',
      OV.pct(cost.saved[1], cost.all[1]) + ' of ' + AD.fmt(cost.all[1]) +
      '; ' + AD.fmt(cost.saved_with_roles[1]) + ' with role groups'),
    OV.figureCard('clusters', null, AD.fmt(s.clusters), 'clusters',
      AD.fmt(s.clusters + s.dups) + ' agents'),
    OV.figureCard('roles', null, AD.fmt(s.roles), 'role groups',
      'one job, written apart'),
    OV.figureCard('templates', null, AD.fmt(s.families), 'template families',
      'one skeleton, different jobs'),
    OV.figureCard('collisions', null, AD.fmt(s.collisions + s.routing),
      'collisions', AD.fmt(s.collisions) + ' names and texts, ' +
      AD.fmt(s.routing) + ' routing'),
    OV.figureCard('problems', null, AD.fmt(s.problems), 'problems',
      s.problems ? 'files to look at' : 'none')
  ]);
  return list;
};

/* ---- chart 1: the collection, split ---- */

OV.split = function (s) {
  var fig = OV.figure('How much is duplicated',
    AD.fmt(s.dups) + ' of ' + AD.fmt(s.n) + ' agents (' +
    OV.pct(s.dups, s.n) + ') are variants a merge would remove; ' +
    AD.fmt(s.repeated + s.boiler) + ' of ' + AD.fmt(s.rules) + ' rules (' +
    OV.pct(s.repeated + s.boiler, s.rules) + ') are repeated across agents, ' +
    AD.fmt(s.boiler) + ' of them house-style boilerplate.');
  var W = 800, L = 70, BW = W - L - 10, H = 26;
  var agents = [
    {cls: 'ov-c-unique', label: 'Agents in no cluster', value: s.unique,
      href: AD.href('agents', {cl: 0})},
    {cls: 'ov-c-kept', label: 'Canonicals kept', value: s.kept,
      href: AD.href('clusters')},
    {cls: 'ov-c-dup', label: 'Duplicates', value: s.dups,
      href: AD.href('clusters')}
  ];
  var rules = [
    {cls: 'ov-c-unique', label: 'Rules only one agent has', value: s.single},
    {cls: 'ov-c-repeat', label: 'Repeated, not house style', value: s.repeated,
      href: AD.href('inventory', {house: 0})},
    {cls: 'ov-c-boiler', label: 'House-style boilerplate', value: s.boiler,
      href: AD.href('inventory', {house: 1})}
  ];
  var svg = OV.chart('ov-split', W, 2 * H + 22, 'Agents and rules, split',
    'Agents: ' + OV.words(agents, s.n) + '. Rules: ' +
    OV.words(rules, s.rules) + '.');
  svg.appendChild(OV.svg('text', {x: 0, y: H / 2 + 2, 'class': 'ov-axis',
    'dominant-baseline': 'central'}, 'Agents'));
  OV.stacked(svg, 2, L, BW, H, agents, s.n);
  svg.appendChild(OV.svg('text', {x: 0, y: H * 1.5 + 18, 'class': 'ov-axis',
    'dominant-baseline': 'central'}, 'Rules'));
  OV.stacked(svg, H + 18, L, BW, H, rules, s.rules);
  AD.add(fig, [svg,
    OV.legend(agents.map(OV.legendItem(s.n))),
    OV.legend(rules.map(OV.legendItem(s.rules))),
    OV.table('The figures', ['', 'count', 'share'],
      agents.concat(rules).map(function (p, i) {
        var total = i < agents.length ? s.n : s.rules;
        return [OV.named(p), p.value, OV.pct(p.value, total)];
      }))]);
  return fig;
};

/* A part's label, a link where the chart has one: the tables behind the
 * charts offer every link the picture does. */
OV.named = function (p) {
  return p.href ? AD.el('a', {href: p.href}, p.label) : p.label;
};

OV.legendItem = function (total) {
  return function (p) {
    return {cls: p.cls, text: p.label + ' ' + AD.fmt(p.value) + ' (' +
      OV.pct(p.value, total) + ')'};
  };
};

OV.words = function (parts, total) {
  return parts.map(function (p) {
    return p.label.toLowerCase() + ' ' + AD.fmt(p.value) + ' (' +
      OV.pct(p.value, total) + ')';
  }).join(', ');
};

/* ---- chart 2: which sources copy which ---- */

/* The shade of a count: steps on a log scale up to the largest cell, so
 * that a few big cells do not wash out the many small ones. */
OV.shade = function (v, max) {
  if (!v) return 0;
  if (max <= 1) return OV.SHADES;
  var k = Math.ceil(OV.SHADES * Math.log(v) / Math.log(max));
  return Math.min(OV.SHADES, Math.max(1, k));
};

/* The range of counts each shade stands for, for the legend. */
OV.shadeRanges = function (max) {
  var ranges = [], lo = 1, v, k;
  for (k = 1; k <= OV.SHADES; k++) {
    var hi = 0;
    for (v = lo; v <= max && OV.shade(v, max) === k; v++) hi = v;
    if (!hi) continue;
    ranges.push({k: k, text: lo === hi ? AD.fmt(lo) :
      AD.fmt(lo) + '–' + AD.fmt(hi)});
    lo = hi + 1;
  }
  return ranges;
};

/* A row's name opens the clusters holding an agent of its source; a cell
 * those holding agents of both sources. */
OV.pairHref = function (r, c) {
  return AD.href('clusters', {src: r, src2: c === undefined || c === r ?
    null : c});
};

OV.sourceMatrix = function (s) {
  var m = s.matrix, names = AD.data.sources, shown = m.shown;
  var fig = OV.figure('Which sources copy which',
    'A cell counts the agents of the row\u2019s source that have a variant ' +
    '(another member of their cluster) in the column\u2019s source; on ' +
    'the diagonal, in their own source. A row\u2019s name opens the ' +
    'clusters that hold an agent of its source, a cell those that hold ' +
    'agents of both.');
  if (!shown.length) {
    AD.add(fig, AD.el('p', {className: 'ov-none'},
      'No agent is in a cluster.'));
    return fig;
  }
  if (m.ns < 2) {
    AD.add(fig, AD.el('p', {className: 'ov-none'}, 'Every agent comes from ' +
      (names[0] === '.' ? 'the folder scanned' : 'one source, ' + names[0]) +
      ': no source to compare it with.'));
    return fig;
  }
  /* Room for the longest name shown, up to 48 characters at 13 px. */
  var longest = 0;
  shown.forEach(function (r) {
    longest = Math.max(longest, Math.min(names[r].length, OV.NAME_MAX));
  });
  var n = shown.length, C = 38, TH = 30, CH = 12;
  var LW = 24 + 7.6 * (longest + 3);
  var W = LW + n * C + 4, H = TH + n * C + 4;
  var svg = OV.chart('ov-matrix', W, H, 'Agents with a variant, source by ' +
    'source', OV.matrixWords(m));
  shown.forEach(function (r, i) {
    var full = (i + 1) + ' ' + names[r];
    svg.appendChild(OV.svg('a', {href: OV.pairHref(r)},
      OV.svg('text', {x: LW - 8, y: TH + i * C + C / 2,
        'class': 'ov-axis', 'text-anchor': 'end',
        'dominant-baseline': 'central'}, OV.svg('title', null, full),
        (i + 1) + ' ' + OV.cut(names[r], OV.NAME_MAX))));
    /* The column's number names the row of the same number: no link, so
     * that Tab goes from a row's name to its cells. */
    svg.appendChild(OV.svg('text', {x: LW + i * C + C / 2, y: TH - CH,
      'class': 'ov-axis', 'text-anchor': 'middle'},
      OV.svg('title', null, full), String(i + 1)));
  });
  shown.forEach(function (r, i) {
    shown.forEach(function (c, j) {
      svg.appendChild(OV.cell(m, r, c, LW + j * C, TH + i * C, C));
    });
  });
  svg.setAttribute('class', 'ov-svg ov-wide');
  /* On a narrow screen the matrix keeps its size and scrolls sideways
   * rather than shrinking its names below reading size. */
  var box = AD.el('div', {className: 'ov-scroll', tabIndex: 0,
    role: 'region', 'aria-label': 'source matrix'}, svg);
  AD.add(fig, [box, OV.matrixLegend(m), OV.matrixNote(m),
    OV.matrixTable(m)]);
  return fig;
};

OV.cell = function (m, r, c, x, y, size) {
  var names = AD.data.sources, v = OV.at(m, r, c);
  var k = OV.shade(v, m.max);
  var rect = OV.svg('rect', {x: x + 1, y: y + 1, width: size - 2,
    height: size - 2,
    'class': 'ov-cell ov-h' + k + (r === c ? ' ov-diag' : '')});
  var what = r === c ?
    AD.plural(v, 'agent', 'agents') + ' of ' + names[r] +
      ' with a variant in the same source' :
    AD.plural(v, 'agent', 'agents') + ' of ' + names[r] +
      ' with a variant in ' + names[c];
  if (!v) return OV.svg('g', null, rect, OV.svg('title', null, what));
  var a = OV.svg('a', {href: OV.pairHref(r, c), 'class': 'ov-link'}, rect,
    OV.svg('title', null, what));
  var digits = String(v).length;
  a.appendChild(OV.svg('text', {x: x + size / 2, y: y + size / 2,
    'class': 'ov-count ov-t' + k + (digits > 3 ? ' ov-small' : ''),
    'text-anchor': 'middle', 'dominant-baseline': 'central'}, String(v)));
  return a;
};

OV.matrixWords = function (m) {
  var names = AD.data.sources, best = [], i, j;
  for (i = 0; i < m.shown.length; i++)
    for (j = 0; j < m.shown.length; j++) {
      var r = m.shown[i], c = m.shown[j], v = OV.at(m, r, c);
      if (v && r !== c) best.push({r: r, c: c, v: v});
    }
  best.sort(function (a, b) { return b.v - a.v; });
  var top = best.slice(0, 3).map(function (b) {
    return AD.fmt(b.v) + ' agents of ' + names[b.r] + ' have a variant in ' +
      names[b.c];
  });
  return m.shown.length + ' sources by ' + m.shown.length +
    (top.length ? '; the largest counts: ' + top.join('; ') : '') +
    '. The table below the chart gives every source\u2019s figures.';
};

OV.matrixLegend = function (m) {
  return AD.el('div', {className: 'ov-scale'},
    AD.el('span', {className: 'ov-scale-h'}, 'Agents in a cell:'),
    OV.legend(OV.shadeRanges(m.max).map(function (r) {
      return {cls: 'ov-h' + r.k, text: r.text};
    })));
};

OV.matrixNote = function (m) {
  var left = m.sharing - m.shown.length;
  var quiet = m.ns - m.sharing;
  var p = AD.el('p', {className: 'ov-note'});
  if (left > 0)
    AD.add(p, [AD.plural(left, 'other source shares', 'other sources share'),
      ' fewer agents and ', left === 1 ? 'is' : 'are',
      ' left out: the table of every source\u2019s figures below links ' +
      'each to its clusters, and ', AD.link('clusters', null, 'the clusters'),
      ' filter by source. ']);
  if (quiet > 0)
    AD.add(p, AD.plural(quiet, 'source has', 'sources have') +
      ' no agent in a cluster.');
  return p.firstChild ? p : null;
};

OV.matrixTable = function (m) {
  var names = AD.data.sources;
  var order = [], i;
  for (i = 0; i < m.ns; i++) order.push(i);
  order.sort(function (a, b) {
    return (m.out[b] + m.within[b]) - (m.out[a] + m.within[a]) ||
      m.agents[b] - m.agents[a] || a - b;
  });
  var rank = {};
  m.shown.forEach(function (r, k) { rank[r] = k + 1; });
  return OV.table('Every source\u2019s figures',
    ['source', 'in the chart', 'agents', 'with a variant elsewhere',
      'with a variant in the same source', 'shares most with'],
    function () {
      return order.map(function (r) {
        var p = m.partner[r];
        return [AD.link('clusters', {src: r}, names[r]),
          rank[r] ? String(rank[r]) : '–', m.agents[r], m.out[r],
          m.within[r],
          p < 0 ? '–' : names[p] + ' (' + AD.fmt(m.most[r]) + ')'];
      });
    }, [5]);
};

/* ---- chart 3: sizes of clusters and role groups ---- */

OV.histogram = function (id, bins, view, what) {
  /* Bars at least 28 wide, so that three digits fit above each. */
  var L = 36, B = 34, T = 18, H = 200;
  var W = Math.max(400, L + 4 + 28 * bins.length);
  var max = 0;
  bins.forEach(function (b) { max = Math.max(max, b.count); });
  var total = bins.reduce(function (t, b) { return t + b.count; }, 0);
  var svg = OV.chart(id, W, H, 'Sizes of ' + what,
    AD.plural(total, what.replace(/s$/, ''), what) + ' by members: ' +
    bins.filter(function (b) { return b.count; }).map(function (b) {
      return AD.fmt(b.count) + ' of ' + OV.binText(b);
    }).join(', ') + '.');
  var bw = (W - L - 4) / Math.max(bins.length, 1);
  var ph = H - B - T;
  svg.appendChild(OV.svg('line', {x1: L, y1: T + ph, x2: W - 2, y2: T + ph,
    'class': 'ov-rule'}));
  bins.forEach(function (b, i) {
    var h = max ? ph * b.count / max : 0;
    var x = L + i * bw;
    var bar = OV.svg('rect', {x: x + bw * 0.12, y: T + ph - h,
      width: bw * 0.76, height: Math.max(h, b.count ? 1 : 0),
      'class': 'ov-seg ov-c-dup'});
    var node = b.count ? OV.svg('a', {href: AD.href(view,
      {min: b.lo, max: b.hi}), 'class': 'ov-link'}, bar) : OV.svg('g', null);
    AD.add(node, OV.svg('title', null, AD.fmt(b.count) + ' of ' +
      OV.binText(b)));
    if (b.count)
      AD.add(node, OV.svg('text', {x: x + bw / 2, y: T + ph - h - 4,
        'class': 'ov-val', 'text-anchor': 'middle'}, AD.fmt(b.count)));
    AD.add(node, OV.svg('text', {x: x + bw / 2, y: T + ph + 14,
      'class': 'ov-tick', 'text-anchor': 'middle'},
      b.lo === b.hi ? String(b.lo) : b.lo + '+'));
    svg.appendChild(node);
  });
  svg.appendChild(OV.svg('text', {x: L + (W - L) / 2, y: H - 3,
    'class': 'ov-axis', 'text-anchor': 'middle'}, 'members'));
  return svg;
};

OV.binText = function (b) {
  return b.lo === b.hi ? b.lo + ' members' : b.lo + '–' + b.hi + ' members';
};

OV.sizeCharts = function (s) {
  var fig = OV.figure('Sizes of clusters and role groups',
    'How many groups have each number of members. A bar opens those ' +
    'groups.');
  var row = AD.el('div', {className: 'ov-pair'});
  [[s.clusterSizes, 'clusters', 'ov-hc', 'clusters'],
    [s.roleSizes, 'roles', 'ov-hr', 'role groups']].forEach(function (h) {
    var box = AD.el('div', null, AD.el('h4', null,
      h[3].charAt(0).toUpperCase() + h[3].slice(1)));
    if (!h[0].length)
      AD.add(box, AD.el('p', {className: 'ov-none'}, 'None.'));
    else
      AD.add(box, [OV.histogram(h[2], h[0], h[1], h[3]),
        OV.table('The figures', ['members', h[3]], h[0].filter(function (b) {
          return b.count;
        }).map(function (b) {
          return [AD.link(h[1], {min: b.lo, max: b.hi},
            b.lo === b.hi ? String(b.lo) : b.lo + '–' + b.hi), b.count];
        }))]);
    row.appendChild(box);
  });
  AD.add(fig, [row, OV.legend([{cls: 'ov-c-dup',
    text: 'number of groups; the axis gives their members'}])]);
  return fig;
};

/* ---- chart 4: the largest clusters and role groups ---- */

OV.topList = function (title, idx, groups, link, keptWord) {
  var box = AD.el('div', {className: 'ov-top'}, AD.el('h4', null, title));
  if (!idx.length) return AD.add(box, AD.el('p', {className: 'ov-none'},
    'None.'));
  return AD.add(box, AD.el('ol', null, idx.map(function (g) {
    var grp = groups[g];
    return AD.el('li', null, link(g), ': ',
      AD.plural(grp.m.length, 'member', 'members'), OV.across(grp.m), ', ',
      keptWord, ' ',
      AD.agentLink(grp.m[0]),
      AD.el('span', {className: 'ov-sub'}, ' ' + AD.fmt(grp.cost[1]) +
        ' tokens saved in every conversation, ' + AD.fmt(grp.cost[2]) +
        ' of bodies'));
  })));
};

/* " in 3 sources" when the members come from more than one. */
OV.across = function (members) {
  var seen = {}, n = 0, src = AD.data.agents.src;
  members.forEach(function (a) {
    if (!seen[src[a]]) { seen[src[a]] = 1; n++; }
  });
  return n > 1 ? ' in ' + n + ' sources' : '';
};

OV.largestLists = function (s) {
  var fig = OV.figure('The largest clusters and role groups', null);
  AD.add(fig, AD.el('div', {className: 'ov-pair'},
    OV.topList('Clusters', s.topClusters, AD.data.clusters, function (c) {
      return AD.clusterLink(c);
    }, 'keeps'),
    OV.topList('Role groups', s.topRoles, AD.data.roles, function (r) {
      return AD.roleLink(r);
    }, 'keeps')));
  return fig;
};

/* ---- chart 5: what the duplication costs ---- */

OV.costChart = function () {
  var c = AD.data.cost;
  var rows = [
    {label: 'Every conversation', sub: 'always loaded', k: 1},
    {label: 'When invoked', sub: 'bodies', k: 2}
  ];
  var fig = OV.figure('What the duplication costs, in tokens',
    'The collection\u2019s always-loaded descriptions cost ' +
    AD.fmt(c.all[1]) + ' tokens in every conversation. Keeping one agent ' +
    'per cluster saves ' + AD.fmt(c.saved[1]) + ' of them (' +
    OV.pct(c.saved[1], c.all[1]) + ') and ' + AD.fmt(c.saved[2]) +
    ' tokens of bodies; one per role group as well saves ' +
    AD.fmt(c.saved_with_roles[1]) + ' (' +
    OV.pct(c.saved_with_roles[1], c.all[1]) + ') and ' +
    AD.fmt(c.saved_with_roles[2]) + ' of bodies.');
  var W = 800, L = 150, BW = W - L - 10, H = 26, G = 22;
  var parts = function (k) {
    var roles = c.saved_with_roles[k] - c.saved[k];
    return [
      {cls: 'ov-c-dup', label: 'Saved by one per cluster', value: c.saved[k],
        href: AD.href('clusters')},
      {cls: 'ov-c-role', label: 'Saved as well by one per role group',
        value: Math.max(roles, 0), href: AD.href('roles')},
      {cls: 'ov-c-unique', label: 'Kept',
        value: c.all[k] - Math.max(c.saved_with_roles[k], c.saved[k])}
    ];
  };
  var svg = OV.chart('ov-cost', W, rows.length * (H + G), 'Tokens saved',
    rows.map(function (r) {
      return r.label + ' (' + r.sub + '), ' + AD.fmt(c.all[r.k]) +
        ' tokens: ' + OV.words(parts(r.k), c.all[r.k]);
    }).join('. ') + '.');
  rows.forEach(function (r, i) {
    var y = i * (H + G) + 2;
    svg.appendChild(OV.svg('text', {x: 0, y: y + 9, 'class': 'ov-axis'},
      r.label));
    svg.appendChild(OV.svg('text', {x: 0, y: y + 23, 'class': 'ov-axis ov-dim'},
      r.sub));
    OV.stacked(svg, y, L, BW, H, parts(r.k), c.all[r.k]);
  });
  var tableRows = [];
  rows.forEach(function (r) {
    tableRows.push([r.label + ': all', c.all[r.k], '100%']);
    parts(r.k).forEach(function (p) {
      tableRows.push([[r.label + ': ', OV.named(p)], p.value,
        OV.pct(p.value, c.all[r.k])]);
    });
  });
  AD.add(fig, [svg, OV.legend(parts(1).map(function (p) {
    return {cls: p.cls, text: p.label};
  })), AD.el('p', {className: 'ov-note'}, 'Estimated tokens (see the ' +
    'README\u2019s \u201cToken costs\u201d). The agents removed: ' +
    AD.fmt(c.saved[0]) + ' by one per cluster, ' +
    AD.fmt(c.saved_with_roles[0]) + ' with role groups, none counted twice.'),
  OV.table('The figures', ['', 'tokens', 'share'], tableRows)]);
  return fig;
};

/* ---- the view ---- */

OV.render = function (section) {
  var s = OV.stats();
  AD.add(section, [
    AD.el('h2', {id: 'overview-h'}, 'Overview'),
    OV.headline(s),
    AD.el('div', {className: 'ov-grid'},
      OV.split(s), OV.costChart(), OV.sourceMatrix(s), OV.sizeCharts(s),
      OV.largestLists(s))
  ]);
};

AD.view('overview', {title: 'Overview', render: OV.render});
