/* views.js: the list views (clusters, roles, templates, inventory,
 * agents, collisions, problems) and the detail views of one agent, one
 * cluster and one role group. A list is an AD.table whose spec is built
 * the first time the view is shown and kept; a detail view is built
 * whole, as it shows one item. */

/* ---- lookups made once, on first use ---- */

AD.sourceOf = function (i) {
  return AD.data.sources[AD.data.agents.src[i]];
};

AD.kindOf = function (i) {
  return AD.data.kinds[AD.data.agents.kind[i]] || '';
};

/* The links of each agent: indices into "links", made once. */
AD.linksOf = function (i) {
  if (!AD.linkIndex) {
    var L = AD.data.links, n = AD.data.agents.path.length;
    var idx = new Array(n), k;
    for (k = 0; k < n; k++) idx[k] = [];
    for (k = 0; k < L.a.length; k++) {
      idx[L.a[k]].push(k);
      idx[L.b[k]].push(k);
    }
    AD.linkIndex = idx;
  }
  return AD.linkIndex[i];
};

/* The link between two agents, or -1. */
AD.linkBetween = function (a, b) {
  var L = AD.data.links, ks = AD.linksOf(a);
  for (var j = 0; j < ks.length; j++)
    if (L.a[ks[j]] === b || L.b[ks[j]] === b) return ks[j];
  return -1;
};

/* The shared rule groups each agent carries, made once. */
AD.groupsOf = function (i) {
  if (!AD.groupIndex) {
    var G = AD.data.groups.agents, n = AD.data.agents.path.length;
    var idx = new Array(n), g, k, list;
    for (k = 0; k < n; k++) idx[k] = [];
    /* a group lists an agent once per rule of it there: count it once */
    for (g = 0; g < G.length; g++)
      for (k = 0; k < G[g].length; k++) {
        list = idx[G[g][k]];
        if (list[list.length - 1] !== g) list.push(g);
      }
    AD.groupIndex = idx;
  }
  return AD.groupIndex[i];
};

/* The names of a link's kinds ("body, name"). */
AD.linkKinds = function (bits) {
  var out = [];
  AD.data.link_kinds.forEach(function (name, b) {
    if (bits & (1 << b)) out.push(name);
  });
  return out.join(', ');
};

/* The distinct sources of some agents, most members first, with how
 * many come from each: the first three, then how many more (all of them
 * in the title). */
AD.sourcesOf = function (agents) {
  var count = {}, order = [];
  agents.forEach(function (a) {
    var s = AD.data.agents.src[a];
    if (!count[s]) {
      count[s] = 0;
      order.push(s);
    }
    count[s]++;
  });
  order.sort(function (x, y) { return count[y] - count[x] || x - y; });
  var names = order.map(function (s) {
    return AD.data.sources[s] + (count[s] > 1 ? ' (' + count[s] + ')' : '');
  });
  if (names.length <= 3) return names.join(', ');
  return AD.el('span', {title: names.join(', ')}, names.slice(0, 3)
    .join(', ') + ' ', AD.el('small', null, '+' + (names.length - 3) +
    ' more'));
};

/* A path with a break chance after each slash (<wbr>), so a narrow column
 * breaks it between folders rather than inside a name. */
AD.breakable = function (p) {
  var parts = String(p).split('/'), out = [];
  parts.forEach(function (s, k) {
    out.push(k < parts.length - 1 ? s + '/' : s);
    if (k < parts.length - 1) out.push(AD.el('wbr'));
  });
  return out;
};

AD.pathLink = function (i) {
  return AD.agentLink(i, AD.breakable(AD.path(i)));
};

/* An item index from a param, or -1 when it names nothing. */
AD.index = function (v, n) {
  var i = /^\d+$/.test(String(v)) ? parseInt(v, 10) : -1;
  return i < n ? i : -1;
};

/* "4 other members load 1,234 tokens in every conversation, and their
 * bodies 5,678 when invoked; keeping one saves them" (as the text
 * report says it). */
AD.costWords = function (c) {
  var one = c[0] === 1;
  return AD.fmt(c[0]) + ' other member' + (one ? '' : 's') + ' load' +
    (one ? 's ' : ' ') + AD.fmt(c[1]) + ' tokens in every conversation, ' +
    'and ' + (one ? 'its body ' : 'their bodies ') + AD.fmt(c[2]) +
    ' when invoked; keeping one saves them';
};

/* A few agent links and, on demand, all of them: the page never builds
 * thousands of links for a row nobody opened. */
AD.agentList = function (agents, few) {
  few = few || 3;
  var out = AD.el('span', {className: 'agents'});
  agents.slice(0, few).forEach(function (a, k) {
    AD.add(out, [k ? ', ' : '', AD.pathLink(a)]);
  });
  if (agents.length <= few) return out;
  var list = AD.el('ul', {className: 'more-agents'});
  var more = AD.el('details', {on: {toggle: function () {
    if (!more.open || list.firstChild) return;
    agents.slice(few).forEach(function (a) {
      list.appendChild(AD.el('li', null, AD.pathLink(a)));
    });
  }}}, AD.el('summary', null, AD.fmt(agents.length - few) + ' more'), list);
  return AD.add(out, more);
};

/* ---- filters several lists share ---- */

/* Items with an agent of one source; NAME and LABEL give a second such
 * filter (the clusters' "and source", which a cell of the overview's
 * source matrix sets with the first). */
AD.sourceFilter = function (agentsOf, name, label) {
  return {name: name || 'src', label: label || 'Source', any: 'any source',
    options: AD.data.sources.map(function (s, k) { return [k, s]; }),
    test: function (i, v) {
      var s = parseInt(v, 10), m = agentsOf(i);
      for (var k = 0; k < m.length; k++)
        if (AD.data.agents.src[m[k]] === s) return true;
      return false;
    }};
};

AD.kindFilter = function (agentsOf) {
  return {name: 'kind', label: 'Kind', any: 'any kind',
    options: AD.data.kinds.map(function (s, k) { return [k, s]; }),
    test: function (i, v) {
      var s = parseInt(v, 10), m = agentsOf(i);
      for (var k = 0; k < m.length; k++)
        if (AD.data.agents.kind[m[k]] === s) return true;
      return false;
    }};
};

/* Set by links only: the items one agent is in. */
AD.agentFilter = function (agentsOf) {
  return {name: 'a', chip: function (v) {
    var i = AD.index(v, AD.data.agents.path.length);
    return 'with ' + (i < 0 ? 'no such agent' : AD.path(i));
  }, test: function (i, v) {
    return agentsOf(i).indexOf(AD.index(v, AD.data.agents.path.length)) >= 0;
  }};
};

AD.sizeFilter = function (agentsOf, label) {
  return {range: true, min: 'min', max: 'max', label: label || 'Members',
    value: function (i) { return agentsOf(i).length; }};
};

/* ---- a list view ---- */

/* Register a list view: build(params) makes its spec the first time it is
 * shown; intro (optional) returns what goes between the heading and the
 * list; after (optional) what follows it. */
AD.listView = function (name, title, build, intro, after) {
  var spec = null;
  AD.view(name, {title: title, render: function (section, params) {
    if (!spec) {
      spec = build();
      spec.view = name;
    }
    section.appendChild(AD.el('h2', {id: name + '-h'}, title));
    if (intro) AD.add(section, intro());
    AD.table(section, spec, params);
    section.appendChild(AD.keyHelp());
    if (after) AD.add(section, after(params));
  }});
};

/* ---- clusters ---- */

/* A cluster's member cosines to the canonical (the canonical's own left
 * out): the lowest and the highest. */
AD.scoreRange = function (s) {
  var lo = 1, hi = 0;
  for (var k = 1; k < s.length; k++) {
    if (s[k] < lo) lo = s[k];
    if (s[k] > hi) hi = s[k];
  }
  return s.length > 1 ? [lo, hi] : [1, 1];
};

AD.clusterSpec = function () {
  var C = AD.data.clusters, A = AD.data.agents;
  function members(i) { return C[i].m; }
  function low(i) { return AD.scoreRange(C[i].s)[0]; }
  return {n: C.length, noun: ['cluster', 'clusters'],
    searchLabel: 'Search member paths and names',
    none: 'No near-duplicate agents.',
    search: function (i) {
      return C[i].m.map(function (a) {
        return A.path[a] + ' ' + (A.name[a] || '');
      }).join('\n');
    },
    filters: [AD.sourceFilter(members),
      AD.sourceFilter(members, 'src2', 'And source'), AD.kindFilter(members),
      AD.sizeFilter(members),
      {range: true, min: 'smin', max: 'smax', label: 'Lowest cosine',
        step: 0.01, value: low},
      AD.agentFilter(members)],
    columns: [
      {id: 'n', label: 'Cluster', cls: 'num', key: function (i) { return i; },
        cell: function (i) { return AD.clusterLink(i, String(i + 1)); }},
      {id: 'canon', label: 'Canonical (kept)', cls: 'path',
        key: function (i) { return A.path[C[i].m[0]]; },
        cell: function (i) { return AD.pathLink(C[i].m[0]); }},
      {id: 'members', label: 'Members', cls: 'num', desc: true,
        key: function (i) { return C[i].m.length; },
        cell: function (i) { return AD.fmt(C[i].m.length); }},
      {id: 'sources', label: 'Sources', cls: 'text',
        cell: function (i) { return AD.sourcesOf(C[i].m); }},
      {id: 'score', label: 'Cosine', cls: 'num', desc: true, key: low,
        title: 'members\' cosine to the canonical, lowest–highest',
        cell: function (i) {
          var r = AD.scoreRange(C[i].s);
          return r[0] === r[1] ? AD.score(r[0]) :
            AD.score(r[0]) + '–' + AD.score(r[1]);
        }},
      {id: 'always', label: 'Saves, always', cls: 'num', desc: true,
        title: 'tokens loaded in every conversation that keeping one saves',
        key: function (i) { return C[i].cost[1]; },
        cell: function (i) { return AD.fmt(C[i].cost[1]); }},
      {id: 'body', label: 'Saves, bodies', cls: 'num', desc: true,
        title: 'tokens of the other members\' bodies',
        key: function (i) { return C[i].cost[2]; },
        cell: function (i) { return AD.fmt(C[i].cost[2]); }}]};
};

AD.listView('clusters', 'Clusters', AD.clusterSpec, function () {
  return AD.el('p', {className: 'note'}, 'Near-duplicate agents: keep the ' +
    'canonical, merge what the others add. The cosine filter applies to a ' +
    'cluster\'s lowest member.');
});

/* ---- role groups ---- */

AD.rolesHeld = function (m) {
  var seen = {}, n = 0;
  m.forEach(function (a) {
    var c = AD.data.agents.cluster[a];
    if (c >= 0 && !seen[c]) {
      seen[c] = 1;
      n++;
    }
  });
  return n;
};

AD.roleSpec = function () {
  var R = AD.data.roles, A = AD.data.agents;
  function members(i) { return R[i].m; }
  return {n: R.length, noun: ['role group', 'role groups'],
    searchLabel: 'Search member paths, names and why together',
    none: 'No role groups.',
    search: function (i) {
      return R[i].m.map(function (a) {
        return A.path[a] + ' ' + (A.name[a] || '');
      }).join('\n') + '\n' + R[i].reason;
    },
    filters: [AD.sourceFilter(members), AD.kindFilter(members),
      AD.sizeFilter(members), AD.agentFilter(members)],
    columns: [
      {id: 'n', label: 'Group', cls: 'num', key: function (i) { return i; },
        cell: function (i) { return AD.roleLink(i, String(i + 1)); }},
      {id: 'kept', label: 'Kept', cls: 'path',
        key: function (i) { return A.path[R[i].m[0]]; },
        cell: function (i) { return AD.pathLink(R[i].m[0]); }},
      {id: 'members', label: 'Members', cls: 'num', desc: true,
        key: function (i) { return R[i].m.length; },
        cell: function (i) { return AD.fmt(R[i].m.length); }},
      {id: 'clusters', label: 'Clusters held', cls: 'num', desc: true,
        title: 'variant clusters among its members',
        key: function (i) { return AD.rolesHeld(R[i].m); },
        cell: function (i) { return AD.fmt(AD.rolesHeld(R[i].m)); }},
      {id: 'sources', label: 'Sources', cls: 'text',
        cell: function (i) { return AD.sourcesOf(R[i].m); }},
      {id: 'always', label: 'Beyond, always', cls: 'num',
        desc: true, title: 'tokens in every conversation that keeping one ' +
          'saves beyond what its clusters save',
        key: function (i) { return R[i].beyond[1]; },
        cell: function (i) { return AD.fmt(R[i].beyond[1]); }},
      {id: 'body', label: 'Beyond, bodies', cls: 'num', desc: true,
        key: function (i) { return R[i].beyond[2]; },
        cell: function (i) { return AD.fmt(R[i].beyond[2]); }}]};
};

AD.listView('roles', 'Role groups', AD.roleSpec, function () {
  return AD.el('p', {className: 'note'}, 'One job, written apart: keep ' +
    'one, take what the others add.');
});

/* ---- template families ---- */

AD.templateSpec = function () {
  var F = AD.data.families, A = AD.data.agents;
  function members(i) { return F[i].m; }
  function skeleton(i) {
    return F[i].headings.map(AD.text).join(' · ');
  }
  return {n: F.length, noun: ['template family', 'template families'],
    searchLabel: 'Search headings and member paths',
    none: 'No template families.',
    search: function (i) {
      return skeleton(i) + '\n' + F[i].m.map(function (a) {
        return A.path[a] + ' ' + (A.name[a] || '');
      }).join('\n');
    },
    filters: [AD.sourceFilter(members), AD.kindFilter(members),
      AD.sizeFilter(members), AD.agentFilter(members)],
    columns: [
      {id: 'n', label: 'Family', cls: 'num', key: function (i) { return i; },
        cell: function (i) { return String(i + 1); }},
      {id: 'members', label: 'Members', cls: 'num', desc: true,
        key: function (i) { return F[i].m.length; },
        cell: function (i) { return AD.fmt(F[i].m.length); }},
      {id: 'skeleton', label: 'Skeleton headings', cls: 'text',
        title: 'headings at least the quorum of members share',
        key: skeleton, cell: function (i) {
          return [skeleton(i), AD.el('small', null, ' (in ' + F[i].quorum +
            ' or more)')];
        }},
      {id: 'groups', label: 'Rule groups', cls: 'num', desc: true,
        key: function (i) { return F[i].groups; },
        cell: function (i) { return AD.fmt(F[i].groups); }},
      {id: 'agents', label: 'Agents', cls: 'wide',
        cell: function (i) { return AD.agentList(F[i].m, 4); }}]};
};

AD.listView('templates', 'Template families', AD.templateSpec, function () {
  return AD.el('p', {className: 'note'}, 'One skeleton, different jobs: ' +
    'not variants, do not merge.');
});

/* ---- the rule inventory: every shared rule group ---- */

AD.inventorySpec = function () {
  var G = AD.data.groups;
  function members(i) { return G.agents[i]; }
  function count(i) { return AD.groupCount(i); }
  return {n: G.text.length, noun: ['rule group', 'rule groups'],
    searchLabel: 'Search rules and their wordings',
    none: 'No rule is shared by two agents.',
    search: function (i) {
      var forms = G.forms[i] || [];
      return AD.text(G.text[i]) + '\n' + forms.map(AD.text).join('\n');
    },
    filters: [
      {name: 'house', label: 'House style', any: 'either',
        options: [['1', 'house style'], ['0', 'not house style']],
        test: function (i, v) { return String(G.boilerplate[i]) === v; }},
      {range: true, min: 'min', max: 'max', label: 'Agents', value: count},
      AD.sourceFilter(members),
      AD.agentFilter(members),
      {name: 'g', chip: function (v) {
        var g = AD.index(v, G.text.length);
        return g < 0 ? 'no such group' : 'group ' + (g + 1);
      }, test: function (i, v) { return String(i) === v; }}],
    columns: [
      {id: 'n', label: 'Group', cls: 'num', key: function (i) { return i; },
        cell: function (i) { return String(i + 1); }},
      {id: 'rule', label: 'Rule', cls: 'text',
        key: function (i) { return AD.text(G.text[i]); },
        cell: function (i) {
          return [AD.text(G.text[i]), G.boilerplate[i] ?
            AD.el('span', {className: 'tag house'}, 'house style') : null];
        }},
      {id: 'agents', label: 'Agents', cls: 'num', desc: true, key: count,
        cell: function (i) { return AD.fmt(count(i)); }},
      {id: 'wordings', label: 'Wordings', cls: 'num', desc: true,
        key: function (i) { return G.wordings[i]; },
        cell: function (i) { return AD.wordings(i); }},
      {id: 'by', label: 'Carried by', cls: 'wide',
        cell: function (i) { return AD.agentList(AD.distinct(G.agents[i])); }}]};
};

/* A group lists an agent once per rule it carries there. */
AD.distinct = function (list) {
  var out = [], seen = {};
  list.forEach(function (a) {
    if (!seen[a]) {
      seen[a] = 1;
      out.push(a);
    }
  });
  return out;
};

AD.groupCount = function (g) {
  AD.groupCounts = AD.groupCounts || {};
  if (AD.groupCounts[g] === undefined)
    AD.groupCounts[g] = AD.distinct(AD.data.groups.agents[g]).length;
  return AD.groupCounts[g];
};

/* The number of wordings and, on demand, the wordings the page keeps. */
AD.wordings = function (g) {
  var G = AD.data.groups, forms = G.forms[g] || [];
  if (forms.length < 2) return AD.fmt(G.wordings[g]);
  var list = AD.el('ol', {className: 'forms'});
  var d = AD.el('details', {on: {toggle: function () {
    if (!d.open || list.firstChild) return;
    forms.forEach(function (t) {
      list.appendChild(AD.el('li', null, AD.text(t)));
    });
  }}}, AD.el('summary', null, AD.fmt(G.wordings[g])), list);
  return d;
};

AD.listView('inventory', 'Rule inventory', AD.inventorySpec, function () {
  var c = AD.data.counts;
  return AD.el('p', {className: 'note'}, AD.plural(c.shared,
    'rule group is', 'rule groups are') + ' shared by two agents or more (' +
    AD.fmt(c.shared_rules) + ' of ' + AD.fmt(c.rules) + ' rules); ' +
    AD.fmt(c.boilerplate) + ' of them are house style, carried by most ' +
    'agents.');
});

/* ---- agents ---- */

AD.agentSpec = function () {
  var A = AD.data.agents;
  function self(i) { return [i]; }
  return {n: A.path.length, noun: ['agent', 'agents'],
    searchLabel: 'Search paths, names and descriptions',
    search: function (i) {
      return A.path[i] + '\n' + (A.name[i] || '') + '\n' + (A.desc[i] || '');
    },
    filters: [AD.sourceFilter(self), AD.kindFilter(self),
      {name: 'cl', label: 'Cluster', any: 'either',
        options: [['1', 'in a cluster'], ['0', 'in none']],
        test: function (i, v) { return (A.cluster[i] >= 0) === (v === '1'); }},
      {name: 'rg', label: 'Role group', any: 'either',
        options: [['1', 'in a role group'], ['0', 'in none']],
        test: function (i, v) { return (A.role[i] >= 0) === (v === '1'); }}],
    columns: [
      {id: 'path', label: 'Path', cls: 'path', key: AD.path,
        cell: function (i) { return AD.pathLink(i); }},
      {id: 'name', label: 'Name', cls: 'name',
        key: function (i) { return A.name[i] || ''; },
        cell: function (i) { return A.name[i] || ''; }},
      {id: 'kind', label: 'Kind', key: AD.kindOf, cell: AD.kindOf},
      {id: 'src', label: 'Source', cls: 'name', key: AD.sourceOf,
        cell: AD.sourceOf},
      {id: 'rules', label: 'Rules', cls: 'num', desc: true,
        key: function (i) { return A.nrules[i]; },
        cell: function (i) { return AD.fmt(A.nrules[i]); }},
      {id: 'always', label: 'Tokens, always', cls: 'num', desc: true,
        title: 'loaded in every conversation (name and description)',
        key: function (i) { return A.always[i]; },
        cell: function (i) { return AD.fmt(A.always[i]); }},
      {id: 'body', label: 'Body', cls: 'num', desc: true,
        title: 'tokens of the body, loaded when invoked',
        key: function (i) { return A.body[i]; },
        cell: function (i) { return AD.fmt(A.body[i]); }},
      {id: 'cluster', label: 'Cluster', cls: 'num',
        key: function (i) { return A.cluster[i]; },
        cell: function (i) {
          var c = A.cluster[i];
          return c < 0 ? '' : AD.clusterLink(c, String(c + 1) +
            (AD.data.clusters[c].m[0] === i ? ' (kept)' : ''));
        }},
      {id: 'role', label: 'Role group', cls: 'num',
        key: function (i) { return A.role[i]; },
        cell: function (i) {
          var r = A.role[i];
          return r < 0 ? '' : AD.roleLink(r, String(r + 1) +
            (AD.data.roles[r].m[0] === i ? ' (kept)' : ''));
        }}]};
};

AD.listView('agents', 'Agents', AD.agentSpec);

/* ---- collisions, then routing groups ---- */

AD.collisionSpec = function () {
  var K = AD.data.collisions;
  function pair(i) { return [K.a[i], K.b[i]]; }
  return {n: K.kind.length, noun: ['collision', 'collisions'],
    searchLabel: 'Search paths and details',
    none: 'No collisions.',
    search: function (i) {
      return AD.path(K.a[i]) + '\n' + AD.path(K.b[i]) + '\n' + K.detail[i];
    },
    filters: [
      {name: 'ck', label: 'Kind', any: 'any kind',
        options: AD.data.collision_kinds.map(function (s, k) { return [k, s]; }),
        test: function (i, v) { return String(K.kind[i]) === v; }},
      AD.sourceFilter(pair),
      {range: true, min: 'smin', max: 'smax', label: 'Score', step: 0.01,
        value: function (i) { return K.score[i]; }},
      AD.agentFilter(pair)],
    columns: [
      {id: 'kind', label: 'Kind', key: function (i) { return K.kind[i]; },
        cell: function (i) { return AD.data.collision_kinds[K.kind[i]]; }},
      {id: 'a', label: 'Agent', cls: 'path',
        key: function (i) { return AD.path(K.a[i]); },
        cell: function (i) { return AD.pathLink(K.a[i]); }},
      {id: 'b', label: 'Collides with', cls: 'path',
        key: function (i) { return AD.path(K.b[i]); },
        cell: function (i) { return AD.pathLink(K.b[i]); }},
      {id: 'score', label: 'Score', cls: 'num', desc: true,
        key: function (i) { return K.score[i]; },
        cell: function (i) { return AD.score(K.score[i]); }},
      {id: 'cmp', label: 'Compare', cell: function (i) {
        return AD.canCompare(K.a[i], K.b[i]) ?
          AD.compareLink(K.a[i], K.b[i]) : '';
      }},
      {id: 'detail', label: 'Detail', cls: 'text',
        key: function (i) { return K.detail[i]; },
        cell: function (i) { return K.detail[i]; }}]};
};

AD.routingSpec = function () {
  var R = AD.data.routing;
  function members(i) { return R[i].m; }
  return {n: R.length, prefix: 'r', view: 'collisions',
    noun: ['routing group', 'routing groups'],
    searchLabel: 'Search member paths and terms',
    none: 'No routing collisions.',
    search: function (i) {
      return R[i].m.map(AD.path).join('\n') + '\n' + R[i].terms.join(' ');
    },
    filters: [AD.sizeFilter(members)],
    columns: [
      {id: 'centre', label: 'Centre', cls: 'path',
        key: function (i) { return AD.path(R[i].m[0]); },
        cell: function (i) { return AD.pathLink(R[i].m[0]); }},
      {id: 'members', label: 'Members', cls: 'num', desc: true,
        key: function (i) { return R[i].m.length; },
        cell: function (i) { return AD.fmt(R[i].m.length); }},
      {id: 'terms', label: 'Shared terms', cls: 'text',
        cell: function (i) { return R[i].terms.join(', '); }},
      {id: 'score', label: 'Cosine', cls: 'num', desc: true,
        title: 'the members\' description cosine to the centre, lowest first',
        key: function (i) { return AD.scoreRange(R[i].s)[0]; },
        cell: function (i) {
          var r = AD.scoreRange(R[i].s);
          return AD.score(r[0]) + (r[0] === r[1] ? '' : '–' + AD.score(r[1]));
        }},
      {id: 'others', label: 'Others', cls: 'wide',
        cell: function (i) { return AD.agentList(R[i].m.slice(1)); }}]};
};

(function () {
  var routing = null;
  AD.listView('collisions', 'Collisions', AD.collisionSpec, function () {
    return AD.el('p', {className: 'note'}, 'Names, bodies and descriptions ' +
      'that clash: a model routing by description cannot tell them apart.');
  }, function (params) {
    if (!routing) routing = AD.routingSpec();
    var box = AD.el('div', {className: 'routing'},
      AD.el('h3', null, 'Routing groups'),
      AD.el('p', {className: 'note'}, 'Agents whose descriptions are ' +
        'close to one centre\'s: a request meant for one may go to another.'));
    AD.table(box, routing, params);
    return box;
  });
})();

/* ---- problems ---- */

AD.problemSpec = function () {
  var P = AD.data.problems;
  return {n: P.length, noun: ['problem', 'problems'],
    searchLabel: 'Search paths and messages', none: 'No problems.',
    search: function (i) { return P[i][0] + '\n' + P[i][2]; },
    filters: [],
    columns: [
      {id: 'path', label: 'File', cls: 'path',
        key: function (i) { return P[i][0]; },
        cell: function (i) { return P[i][0]; }},
      {id: 'line', label: 'Line', cls: 'num',
        key: function (i) { return P[i][1]; },
        cell: function (i) { return P[i][1] ? String(P[i][1]) : ''; }},
      {id: 'msg', label: 'Problem', cls: 'text',
        key: function (i) { return P[i][2]; },
        cell: function (i) { return P[i][2]; }}]};
};

AD.listView('problems', 'Problems', AD.problemSpec, function () {
  return AD.el('p', {className: 'note'}, 'Files that could not be read ' +
    'whole, or were skipped.');
});

/* ---- detail views ---- */

/* A definition list from [term, value] pairs, empty values left out. */
AD.facts = function (pairs) {
  var dl = AD.el('dl', {className: 'facts'});
  pairs.forEach(function (p) {
    if (p[1] === null || p[1] === undefined || p[1] === '') return;
    AD.add(dl, [AD.el('dt', null, p[0]), AD.el('dd', null, p[1])]);
  });
  return dl;
};

AD.missing = function (section, what, back) {
  AD.add(section, [AD.el('h2', {id: section.id + '-h'}, 'No such ' + what),
    AD.el('p', null, AD.link(back, {}, 'Back to the list'))]);
};

/* A small table: heads, then rows of cells. */
AD.grid = function (cls, heads, rows) {
  var head = AD.el('tr');
  heads.forEach(function (h) {
    AD.add(head, AD.el('th', {scope: 'col', className: h[1] || null}, h[0]));
  });
  var body = AD.el('tbody');
  rows.forEach(function (r) {
    var tr = AD.el('tr');
    r.forEach(function (c, k) {
      AD.add(tr, AD.el('td', {className: heads[k][1] || null}, c));
    });
    body.appendChild(tr);
  });
  return AD.el('div', {className: 'scroll'}, AD.el('table',
    {className: 'grid ' + cls}, AD.el('thead', null, head), body));
};

/* ---- one agent ---- */

AD.agentMember = function (i) {
  var A = AD.data.agents, D = AD.data, out = [];
  var c = A.cluster[i], r = A.role[i], f = A.family[i];
  if (c >= 0) {
    var k = D.clusters[c].m.indexOf(i);
    out.push(['Cluster', [AD.clusterLink(c), k === 0 ? ': the canonical' :
      ': cosine ' + AD.score(D.clusters[c].s[k]) + ' to ',
      k === 0 ? '' : AD.pathLink(D.clusters[c].m[0])]]);
  }
  if (r >= 0)
    out.push(['Role group', [AD.roleLink(r), D.roles[r].m[0] === i ?
      ': the one kept' : [': kept is ', AD.pathLink(D.roles[r].m[0])]]]);
  if (f >= 0)
    out.push(['Template family', [AD.link('templates', {a: i},
      'family ' + (f + 1)), ': ' + D.families[f].headings.map(AD.text)
      .join(' · ')]]);
  return out;
};

AD.agentFacts = function (i) {
  var A = AD.data.agents;
  return AD.facts([['Name', A.name[i] || '(none)'], ['Kind', AD.kindOf(i)],
    ['Source', AD.sourceOf(i)], ['Description', A.desc[i]],
    ['Tokens', AD.fmt(A.always[i]) + ' in every conversation, ' +
      AD.fmt(A.body[i]) + ' of body when invoked'],
    ['Text', AD.plural(A.nsec[i], 'section', 'sections') + ', ' +
      AD.plural(A.nrules[i], 'rule', 'rules')]].concat(AD.agentMember(i)));
};

AD.agentLinks = function (i) {
  var L = AD.data.links, ks = AD.linksOf(i).slice();
  if (!ks.length) return null;
  ks.sort(function (x, y) { return L.score[y] - L.score[x] || x - y; });
  return [AD.el('h3', null, 'Links (' + AD.fmt(ks.length) + ')'),
    AD.grid('links', [['Agent', 'path'], ['By'], ['Cosine', 'num'],
      ['Descriptions', 'num'], ['']], ks.map(function (k) {
      var o = L.a[k] === i ? L.b[k] : L.a[k];
      return [AD.pathLink(o), AD.linkKinds(L.kind[k]), AD.score(L.score[k]),
        AD.score(L.desc[k]), AD.canCompare(i, o) ? AD.compareLink(i, o) : ''];
    }))];
};

AD.agentGroups = function (i) {
  var G = AD.data.groups, gs = AD.groupsOf(i);
  if (!gs.length) return null;
  return [AD.el('h3', null, 'Shared rule groups (' + AD.fmt(gs.length) + ')'),
    AD.el('p', null, AD.link('inventory', {a: i},
      'These groups in the inventory')),
    AD.grid('groups', [['Rule', 'text'], ['Agents', 'num'], ['']],
      gs.map(function (g) {
        return [AD.text(G.text[g]), AD.link('inventory', {g: g},
          AD.fmt(AD.groupCount(g))), G.boilerplate[g] ?
          AD.el('span', {className: 'tag house'}, 'house style') : ''];
      }))];
};

/* A rule of the agent's text: shared ones say with how many agents and
 * open their group in the inventory. */
AD.ruleItem = function (t, g, line) {
  var li = AD.el('li', {className: g >= 0 ? 'shared' : null}, AD.text(t),
    ' ', AD.el('span', {className: 'line'}, String(line)));
  if (g >= 0)
    AD.add(li, [' ', AD.link('inventory', {g: g}, 'shared by ' +
      AD.fmt(AD.groupCount(g)) + ' agents', 'open this rule group')]);
  return li;
};

AD.agentText = function (i) {
  var d = AD.data.agents.detail[i];
  if (d < 0)
    return AD.el('p', {className: 'note'}, 'The page does not carry this ' +
      'agent\'s text (it has no link and is in no cluster); its shared ' +
      'rules are listed above.');
  var doc = AD.data.docs[d], out = [];
  if (doc.fm.length)
    out.push(AD.el('h3', null, 'Frontmatter'), AD.grid('fm',
      [['Key'], ['Value', 'text']], doc.fm.map(function (kv) {
        return [kv[0], AD.text(kv[1])];
      })));
  out.push(AD.el('h3', null, 'Sections and rules'));
  doc.sec.forEach(function (s) {
    var head = s[1] ? AD.text(s[0]) : '(before the first heading)';
    var ol = AD.el('ol', {className: 'rules'});
    for (var k = 0; k + 2 < s[3].length; k += 3)
      ol.appendChild(AD.ruleItem(s[3][k], s[3][k + 1], s[3][k + 2]));
    out.push(AD.el('div', {className: 'sec lv' + Math.min(s[1], 6)},
      AD.el('h4', null, head, ' ', AD.el('span', {className: 'line'},
        String(s[2]))), s[3].length ? ol : null));
  });
  return out;
};

AD.view('agent', {title: 'Agent', tab: 'agents', render: function (section,
    params) {
  var i = AD.index(params.i, AD.data.agents.path.length);
  if (i < 0) return AD.missing(section, 'agent', 'agents');
  AD.add(section, [AD.el('p', {className: 'crumbs'},
    AD.link('agents', {}, 'Agents'), ' › agent ' + (i + 1)),
    AD.el('h2', {id: 'agent-h', className: 'path'}, AD.path(i)),
    AD.agentFacts(i), AD.agentLinks(i), AD.agentGroups(i),
    AD.agentText(i)]);
}});

/* ---- one cluster, one role group ---- */

/* What member k adds, as the plan lists it: rules ("add", stride 2 for a
 * cluster, 3 for a role group with each rule's support) and sections. */
AD.adds = function (g, k, stride) {
  var rules = g.add[k] || [], secs = g.addsec[k] || [];
  return {rules: rules.length / stride, secs: secs.length / 2,
    cut: (g.cut && g.cut[k]) || 0};
};

/* "3 rules, 1 section" (the parts that are not none), or "nothing". */
AD.addsWords = function (n, lacks) {
  var parts = [];
  if (n.rules + n.cut) parts.push(AD.plural(n.rules + n.cut, 'rule', 'rules'));
  if (n.secs) parts.push(AD.plural(n.secs, 'section', 'sections'));
  return (parts.length ? parts.join(', ') : 'nothing') + lacks;
};

AD.addsList = function (g, k, stride, verb) {
  var rules = g.add[k] || [], secs = g.addsec[k] || [];
  var n = AD.adds(g, k, stride), m = g.m[k];
  if (!n.rules && !n.secs && !n.cut) return null;
  var ol = AD.el('ol', {className: 'rules'});
  for (var j = 0; j + stride - 1 < rules.length; j += stride) {
    var support = stride > 2 ? rules[j + 2] : 0;
    ol.appendChild(AD.el('li', {className: support > 1 ? 'backed' : null},
      AD.text(rules[j]), ' ', AD.el('span', {className: 'line'},
        String(rules[j + 1])), support > 1 ? AD.el('span',
        {className: 'support'}, ' ' + support + ' members carry it') : null));
  }
  var ul = AD.el('ul', {className: 'sections'});
  for (j = 0; j + 1 < secs.length; j += 2)
    ul.appendChild(AD.el('li', null, AD.text(secs[j]) || '(intro)', ' ',
      AD.el('span', {className: 'line'}, String(secs[j + 1]))));
  return AD.el('details', {className: 'merge', open: true},
    AD.el('summary', null, verb + ' ', AD.el('span', {className: 'path'},
      AD.path(m)), ': ' + AD.addsWords(n, '')),
    n.rules ? ol : null,
    n.cut ? AD.el('p', {className: 'note'}, 'and ' + AD.plural(n.cut,
      'more rule', 'more rules') + ' the page leaves out') : null,
    n.secs ? [AD.el('p', null, 'Sections without a counterpart:'), ul] : null);
};

/* The head of a cluster or role group: what to keep and why. */
AD.groupHead = function (section, what, label, g, i, list) {
  AD.add(section, [AD.el('p', {className: 'crumbs'},
    AD.link(list, {}, label), ' › ' + what + ' ' + (i + 1)),
    AD.el('h2', {id: section.id + '-h'}, what.charAt(0).toUpperCase() +
      what.slice(1) + ' ' + (i + 1) + ' ', AD.el('small', null,
        AD.plural(g.m.length, 'agent', 'agents'))),
    AD.facts([['Keep', [AD.pathLink(g.m[0]), g.why ? ': ' + g.why : '']],
      ['Together', g.reason], ['Cost', AD.costWords(g.cost) + '.']])]);
};

AD.view('cluster', {title: 'Cluster', tab: 'clusters', render: function (
    section, params) {
  var C = AD.data.clusters, i = AD.index(params.i, C.length);
  if (i < 0) return AD.missing(section, 'cluster', 'clusters');
  var g = C[i], canon = g.m[0];
  AD.groupHead(section, 'cluster', 'Clusters', g, i, 'clusters');
  AD.add(section, AD.grid('members', [['Agent', 'path'], ['Source', 'name'],
    ['Cosine', 'num'], ['Linked to the canonical by'], ['To merge'], ['']],
    g.m.map(function (a, k) {
      var l = k ? AD.linkBetween(canon, a) : -1;
      return [AD.pathLink(a), AD.sourceOf(a), AD.score(g.s[k]),
        k === 0 ? AD.el('b', null, 'canonical') : l >= 0 ?
          AD.linkKinds(AD.data.links.kind[l]) : 'through other members',
        k ? AD.addsWords(AD.adds(g, k, 2), '') : '',
        k && AD.canCompare(canon, a) ?
          AD.compareLink(canon, a, 'compare with the canonical') : ''];
    })));
  for (var k = 1; k < g.m.length; k++)
    AD.add(section, AD.addsList(g, k, 2, 'To merge from'));
}});

AD.view('role', {title: 'Role group', tab: 'roles', render: function (
    section, params) {
  var R = AD.data.roles, i = AD.index(params.i, R.length);
  if (i < 0) return AD.missing(section, 'role group', 'roles');
  var g = R[i], kept = g.m[0], A = AD.data.agents;
  AD.groupHead(section, 'role group', 'Role groups', g, i, 'roles');
  if (g.beyond[0] !== g.cost[0])
    AD.add(section, AD.el('p', null, 'Beyond what its clusters save: ' +
      AD.plural(g.beyond[0], 'agent', 'agents') + ', ' + AD.fmt(g.beyond[1]) +
      ' tokens from every conversation and ' + AD.fmt(g.beyond[2]) +
      ' of bodies.'));
  AD.add(section, AD.grid('members', [['Agent', 'path'], ['Source', 'name'],
    ['Role score', 'num'], ['Cluster', 'num'], ['Adds'], ['']],
    g.m.map(function (a, k) {
      var of = g.of ? g.of[k] : -1;
      return [AD.pathLink(a), AD.sourceOf(a), g.s ? AD.score(g.s[k]) : '',
        A.cluster[a] >= 0 ? AD.clusterLink(A.cluster[a]) : '',
        k === 0 ? AD.el('b', null, 'kept') : of >= 0 ?
          ['a variant of ', AD.pathLink(g.m[of])] :
          AD.addsWords(AD.adds(g, k, 3), ' the kept one lacks'),
        k && AD.canCompare(kept, a) ?
          AD.compareLink(kept, a, 'compare with the kept one') : ''];
    })));
  AD.add(section, AD.el('p', {className: 'note'}, 'Rules other members ' +
    'carry too are marked: the best backed come first.'));
  for (var k = 1; k < g.m.length; k++)
    AD.add(section, AD.addsList(g, k, 3, 'To take from'));
}});
