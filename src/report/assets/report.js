(function () {
'use strict';
var views = Array.prototype.slice.call(document.querySelectorAll('section.view'));
var tabs = document.querySelectorAll('nav a');
function viewOf(el) {
  while (el && !(el.classList && el.classList.contains('view')))
    el = el.parentNode;
  return el;
}
function show() {
  var id = location.hash.slice(1);
  var target = id ? document.getElementById(id) : null;
  var view = viewOf(target) || document.getElementById('overview');
  views.forEach(function (v) { v.hidden = v !== view; });
  for (var i = 0; i < tabs.length; i++)
    tabs[i].classList.toggle('current',
      tabs[i].getAttribute('href') === '#' + view.id);
  if (target && target !== view) target.scrollIntoView();
  else requestAnimationFrame(function () { window.scrollTo(0, 0); });
}
window.addEventListener('load', function () {
  var t = document.getElementById(location.hash.slice(1));
  if (!t || t.classList.contains('view')) window.scrollTo(0, 0);
});
document.documentElement.classList.add('js');
window.addEventListener('hashchange', show);
show();
function inventory(table) {
var body = table.tBodies[0];
var rows = Array.prototype.slice.call(body.rows);
var heads = table.tHead.rows[0].cells;
var filter = document.getElementById('inventory-filter');
var shown = document.getElementById('inventory-count');
var col = -1, dir = 1;
function key(row, c, num) {
  var t = row.cells[c].textContent;
  return num ? parseFloat(t) || 0 : t.toLowerCase();
}
function sortBy(c) {
  var num = heads[c].getAttribute('data-type') === 'num';
  dir = c === col ? -dir : (num && c > 0 ? -1 : 1);
  col = c;
  var keyed = rows.map(function (r, i) {
    return {r: r, k: key(r, c, num), i: i};
  });
  keyed.sort(function (x, y) {
    return x.k < y.k ? -dir : x.k > y.k ? dir : x.i - y.i;
  });
  var frag = document.createDocumentFragment();
  keyed.forEach(function (e) { frag.appendChild(e.r); });
  body.appendChild(frag);
  for (var i = 0; i < heads.length; i++)
    heads[i].setAttribute('aria-sort', i !== c ? 'none' :
      dir > 0 ? 'ascending' : 'descending');
}
Array.prototype.forEach.call(heads, function (th, c) {
  th.tabIndex = 0;
  th.addEventListener('click', function () { sortBy(c); });
  th.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      sortBy(c);
    }
  });
});
function apply() {
  var q = filter.value.toLowerCase(), n = 0;
  rows.forEach(function (r) {
    var ok = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
    r.hidden = !ok;
    n += ok ? 1 : 0;
  });
  shown.textContent = n + ' of ' + rows.length + ' rows';
}
if (filter) {
  filter.addEventListener('input', apply);
  apply();
}
}
var table = document.getElementById('inventory-table');
if (table) inventory(table);
/* for tests: the script ran under the policy */
document.body.setAttribute('data-ready', '1');
})();
