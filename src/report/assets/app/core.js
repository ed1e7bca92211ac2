/* core.js: the page's data, its router and the small helpers every view
 * uses. The contract is doc/html-report.md. */
var AD = {views: {}, order: [], data: null, state: {view: '', params: {}}};

AD.el = function (tag, attrs) {
  var e = document.createElement(tag);
  var k, v;
  if (attrs) {
    for (k in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, k)) continue;
      v = attrs[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === 'href') {
        if (String(v).charAt(0) !== '#') throw new Error('href ' + v);
        e.setAttribute('href', v);
      } else if (k.indexOf('data-') === 0 || k.indexOf('aria-') === 0 ||
                 k === 'role' || k === 'for' || k === 'scope') {
        e.setAttribute(k, String(v));
      } else if (k === 'on') {
        for (var ev in v)
          if (Object.prototype.hasOwnProperty.call(v, ev))
            e.addEventListener(ev, v[ev]);
      } else if (k === 'style') {
        throw new Error('style attribute');
      } else {
        e[k] = v;
      }
    }
  }
  for (var i = 2; i < arguments.length; i++) AD.add(e, arguments[i]);
  return e;
};

/* Children: elements, strings (text nodes), numbers, arrays of them. */
AD.add = function (e, c) {
  if (c === null || c === undefined || c === false) return e;
  if (Array.isArray(c)) {
    for (var i = 0; i < c.length; i++) AD.add(e, c[i]);
  } else if (typeof c === 'object' && c.nodeType) {
    e.appendChild(c);
  } else {
    e.appendChild(document.createTextNode(String(c)));
  }
  return e;
};

AD.clear = function (e) {
  while (e.firstChild) e.removeChild(e.firstChild);
  return e;
};

AD.fmt = function (n) {
  var s = String(Math.round(n)), out = '';
  var neg = s.charAt(0) === '-';
  if (neg) s = s.slice(1);
  while (s.length > 3) {
    out = ',' + s.slice(-3) + out;
    s = s.slice(0, -3);
  }
  return (neg ? '-' : '') + s + out;
};

AD.score = function (x) {
  return x < 0 ? '–' : x.toFixed(2);
};

AD.plural = function (n, one, many) {
  return AD.fmt(n) + ' ' + (n === 1 ? one : many);
};

AD.text = function (t) {
  return t < 0 ? '' : AD.data.texts[t];
};

AD.path = function (i) {
  return AD.data.agents.path[i];
};

/* ---- the URL: #view?key=value&key=value ---- */

AD.parse = function (hash) {
  var h = hash.charAt(0) === '#' ? hash.slice(1) : hash;
  var q = h.indexOf('?');
  var view = q < 0 ? h : h.slice(0, q);
  var params = {};
  if (q >= 0) {
    h.slice(q + 1).split('&').forEach(function (kv) {
      if (!kv) return;
      var eq = kv.indexOf('=');
      var k = decodeURIComponent(eq < 0 ? kv : kv.slice(0, eq));
      var v = eq < 0 ? '' : kv.slice(eq + 1);
      try {
        params[k] = decodeURIComponent(v.replace(/\+/g, ' '));
      } catch (err) {
        params[k] = v;
      }
    });
  }
  return {view: view, params: params};
};

AD.href = function (view, params) {
  var parts = [];
  if (params) {
    Object.keys(params).sort().forEach(function (k) {
      var v = params[k];
      if (v === undefined || v === null || v === '') return;
      parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
    });
  }
  return '#' + view + (parts.length ? '?' + parts.join('&') : '');
};

AD.go = function (view, params, replace) {
  var h = AD.href(view, params);
  if (h === location.hash) return;
  if (replace) {
    history.replaceState(null, '', h);
    AD.route();
  } else {
    location.hash = h;
  }
};

/* Params of the current view with some changed: a copy. */
AD.with = function (changes) {
  var p = {}, k;
  for (k in AD.state.params)
    if (Object.prototype.hasOwnProperty.call(AD.state.params, k))
      p[k] = AD.state.params[k];
  for (k in changes)
    if (Object.prototype.hasOwnProperty.call(changes, k)) p[k] = changes[k];
  return p;
};

/* ---- views ---- */

AD.view = function (name, spec) {
  if (!AD.views[name]) AD.order.push(name);
  AD.views[name] = spec;
};

AD.route = function () {
  var s = AD.parse(location.hash);
  /* A hash that names no view (an old #agent-12 anchor, a typo) opens
   * the overview rather than an empty page. */
  if (!AD.views[s.view]) s = {view: 'overview', params: {}};
  var same = s.view === AD.state.view;
  AD.state = s;
  var sections = document.querySelectorAll('section.view');
  for (var i = 0; i < sections.length; i++)
    sections[i].hidden = sections[i].id !== s.view;
  var tabs = document.querySelectorAll('nav a[data-view]');
  for (i = 0; i < tabs.length; i++) {
    if (tabs[i].getAttribute('data-view') === AD.tabOf(s.view))
      tabs[i].setAttribute('aria-current', 'page');
    else
      tabs[i].removeAttribute('aria-current');
  }
  var section = document.getElementById(s.view);
  if (!section) return;
  var spec = AD.views[s.view];
  var focus = document.activeElement;
  var keep = focus && section.contains(focus) && focus.name ?
    {name: focus.name, start: focus.selectionStart, end: focus.selectionEnd} :
    null;
  AD.clear(section);
  spec.render(section, s.params);
  if (keep) {
    var again = section.querySelector('[name="' + keep.name + '"]');
    if (again) {
      again.focus();
      if (typeof keep.start === 'number' && again.setSelectionRange)
        try { again.setSelectionRange(keep.start, keep.end); } catch (e) {}
    }
  }
  if (!same) window.scrollTo(0, 0);
  document.title = (spec.title || s.view) + ' – ' +
    (AD.pageTitle || 'agentdup scan report');
};

/* The nav tab a view belongs to: detail views light their list's tab. */
AD.tabOf = function (view) {
  var spec = AD.views[view];
  return spec && spec.tab ? spec.tab : view;
};

/* ---- links ---- */

AD.link = function (view, params, text, title) {
  return AD.el('a', {href: AD.href(view, params), title: title || null}, text);
};

AD.agentLink = function (i, text) {
  return AD.link('agent', {i: i}, text === undefined ? AD.path(i) : text);
};

AD.clusterLink = function (c, text) {
  return AD.link('cluster', {i: c}, text === undefined ?
    'cluster ' + (c + 1) : text);
};

AD.roleLink = function (r, text) {
  return AD.link('role', {i: r}, text === undefined ?
    'role group ' + (r + 1) : text);
};

AD.compareLink = function (a, b, text) {
  return AD.link('compare', {a: a, b: b}, text || 'compare');
};

/* Can the page compare these two agents (both carry their text)? */
AD.canCompare = function (a, b) {
  var d = AD.data.agents.detail;
  return a !== b && d[a] >= 0 && d[b] >= 0;
};

/* ---- loading ---- */

AD.fail = function (msg) {
  document.body.setAttribute('data-error', msg);
  var main = document.getElementById('main');
  if (main)
    main.insertBefore(AD.el('p', {className: 'error', role: 'alert'},
      'The report data could not be read: ' + msg), main.firstChild);
};

AD.decode = function (b64) {
  var bin = atob(b64), bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  var reader = new Blob([bytes]).stream()
    .pipeThrough(new DecompressionStream('deflate')).getReader();
  /* Chunks decoded as they come: reading the stream whole through a
   * Response took several times as long in Chromium. */
  var utf8 = new TextDecoder('utf-8'), parts = [];
  function next(r) {
    if (r.done) {
      parts.push(utf8.decode());
      return parts.join('');
    }
    parts.push(utf8.decode(r.value, {stream: true}));
    return reader.read().then(next);
  }
  return reader.read().then(next);
};

AD.load = function (cb) {
  var node = document.getElementById('ad-data');
  if (!node) return AD.fail('no data in the page');
  AD.decode(node.textContent.replace(/\s+/g, '')).then(function (json) {
    AD.data = JSON.parse(json);
    cb();
  }).catch(function (err) {
    AD.fail(String(err && err.message || err));
  });
};

AD.start = function () {
  document.documentElement.classList.add('js');
  AD.load(function () {
    window.addEventListener('hashchange', AD.route);
    AD.route();
    document.body.setAttribute('data-ready', '1');
  });
};
