"""Drive an agentdup report page in headless Chromium through chromedriver.

The browser tests (tests/html) and the page benchmarks (bench/html_*)
share this: start Chromium, open a page from file://, wait until its
script says it is ready, move between views through the URL, read the
rows a list view shows, and record what the page must never do (a
script or an image from the data, a Content-Security-Policy violation,
a JavaScript error). What the page shows is read from the DOM named in
doc/html-report.md; what it should show is worked out elsewhere.
"""
import os
import re
import subprocess
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMEDRIVER = os.environ.get('AD_CHROMEDRIVER', '/usr/bin/chromedriver')

# Runs in every document before the page's own script (through the
# DevTools protocol, so the page's CSP does not stop it). It records
# elements that could run or fetch something, handler attributes, links
# and form actions to javascript: or off the page (a form without an
# action, as the drift page's controls, goes nowhere), CSP violations and
# dialogs; the tests read the record.
GUARD = r"""
(function () {
  var g = window.__adGuard = {nodes: [], violations: [], dialogs: 0,
                              errors: [], ready: null};
  function bad(e) {
    var t = e.tagName;
    if (t === 'IMG' || t === 'IFRAME' || t === 'OBJECT' || t === 'EMBED' ||
        t === 'BASE' || t === 'FRAME' || t === 'AUDIO' ||
        t === 'VIDEO' || t === 'META' && /refresh/i.test(e.httpEquiv))
      return t;
    // a favicon as a data: image is the one link the shell may have
    if (t === 'LINK' && !(/icon/i.test(e.rel) && /^data:image\//.test(e.href)))
      return t;
    // a data block (application/octet-stream) is never run; a script
    // runs only with the page's nonce
    if (t === 'SCRIPT' && e.type !== 'application/octet-stream' && !e.nonce)
      return t;
    for (var i = 0; i < e.attributes.length; i++) {
      var n = e.attributes[i].name, v = e.attributes[i].value;
      if (/^on/i.test(n)) return t + '[' + n + ']';
      if (t !== 'LINK' && /^(href|src|action|formaction|xlink:href)$/i.test(n) &&
          /^\s*(javascript|data|https?|file):/i.test(v))
        return t + '[' + n + '=' + v.slice(0, 40) + ']';
    }
    return '';
  }
  function look(node) {
    if (node.nodeType !== 1) return;
    var why = bad(node);
    if (why) g.nodes.push(why);
    var all = node.getElementsByTagName('*');
    for (var i = 0; i < all.length; i++) {
      why = bad(all[i]);
      if (why) g.nodes.push(why);
    }
  }
  new MutationObserver(function (list) {
    list.forEach(function (m) {
      if (m.type === 'attributes') look(m.target);
      else for (var i = 0; i < m.addedNodes.length; i++) look(m.addedNodes[i]);
    });
  }).observe(document, {childList: true, subtree: true, attributes: true});
  document.addEventListener('securitypolicyviolation', function (e) {
    g.violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' +
                      (e.sample || ''));
  });
  // script errors, and when the body first says data-ready="1" (ms from
  // the start of the navigation)
  window.addEventListener('error', function (e) {
    g.errors.push(String(e.message) + ' ' + (e.lineno || ''));
  });
  window.addEventListener('unhandledrejection', function (e) {
    g.errors.push('rejection: ' + String(e.reason && e.reason.message ||
                                         e.reason));
  });
  new MutationObserver(function () {
    if (g.ready === null && document.body &&
        document.body.getAttribute('data-ready') === '1')
      g.ready = performance.now();
  }).observe(document, {subtree: true, attributes: true,
                        attributeFilter: ['data-ready']});
  window.alert = window.confirm = window.prompt = function () {
    g.dialogs++;
  };
})();
"""


class Browser:
    """One headless Chromium, driven through chromedriver."""

    def __init__(self, width=1400, height=1000, guard=True, dark=False,
                 args=()):
        opts = webdriver.ChromeOptions()
        for a in ('--headless=new', '--no-sandbox', '--disable-gpu',
                  '--disable-dev-shm-usage', '--no-first-run',
                  '--disable-extensions', '--allow-file-access-from-files',
                  # Chromium drops a page's hash changes past 200 in 10 s
                  # (flooding protection); a walk over every cluster or
                  # compare makes more than that
                  '--disable-ipc-flooding-protection',
                  '--window-size=%d,%d' % (width, height)) + tuple(args):
            opts.add_argument(a)
        opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER),
                                       options=opts)
        self.driver.set_page_load_timeout(120)
        self.driver.set_script_timeout(60)
        if guard:
            self.cdp('Page.addScriptToEvaluateOnNewDocument',
                     {'source': GUARD})
        self.theme(dark)
        self.url = None

    def cdp(self, cmd, params):
        return self.driver.execute_cdp_cmd(cmd, params)

    def theme(self, dark):
        """Emulate the system's colour scheme (prefers-color-scheme)."""
        self.cdp('Emulation.setEmulatedMedia', {'features': [
            {'name': 'prefers-color-scheme',
             'value': 'dark' if dark else 'light'}]})

    def size(self, width, height):
        self.driver.set_window_size(width, height)

    def quit(self):
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    # ---- loading ----

    def load(self, path, hash_='', timeout=60):
        """Open PATH (a file) at HASH in a fresh document; wait until the
        page says it is ready (or failed). Returns the state's text."""
        self.url = 'file://' + os.path.abspath(path)
        self.driver.get('about:blank')
        self.driver.get(self.url + hash_)
        return self.wait_ready(timeout)

    def wait_ready(self, timeout=60):
        def state():
            return self.js("var b = document.body; if (!b) return '';"
                           "if (b.getAttribute('data-error')) return "
                           "'error: ' + b.getAttribute('data-error');"
                           "return b.getAttribute('data-ready') === '1' ?"
                           " 'ready' : '';")
        return wait(state, timeout) or 'not ready after %ds' % timeout

    def go(self, hash_, timeout=10):
        """Move to HASH as a link would, and wait until its view is drawn
        anew (at once when the URL is HASH already)."""
        view = hash_.lstrip('#').split('?')[0]
        if self.hash() == hash_:
            return self.wait_view(view, timeout)
        self.mark()
        self.js('location.hash = arguments[0];', hash_)
        return self.wait_fresh(view, timeout)

    def mark(self):
        """Mark what every view shows now: wait_fresh() then knows when a
        view has been drawn again (the router empties and refills it)."""
        self.js("Array.prototype.forEach.call(document.querySelectorAll("
                "'section.view'), function (s) { if (s.firstElementChild)"
                " s.firstElementChild.__adOld = 1; });")

    def wait_fresh(self, view, timeout=10):
        """Wait until VIEW shows and was drawn since the last mark()."""
        return wait(lambda: self.js(
            "var s = document.getElementById(arguments[0]);"
            "return !!s && !s.hidden && !!s.firstElementChild &&"
            " !s.firstElementChild.__adOld;", view), timeout)

    def act(self, view, fn, timeout=10):
        """Do FN (a click, a choice) and wait until VIEW is drawn anew."""
        self.mark()
        fn()
        return self.wait_fresh(view, timeout)

    def wait_view(self, view, timeout=10):
        return wait(lambda: self.js(
            "var s = document.getElementById(arguments[0]);"
            "return !!s && !s.hidden && s.childElementCount > 0;", view),
            timeout)

    def hash(self):
        return self.js('return location.hash;')

    def params(self):
        """The current URL's params, decoded."""
        h = self.hash()
        q = h.find('?')
        out = {}
        if q < 0:
            return out
        for kv in h[q + 1:].split('&'):
            if not kv:
                continue
            k, _, v = kv.partition('=')
            out[self.js('return decodeURIComponent(arguments[0]);', k)] = \
                self.js('return decodeURIComponent(arguments[0]);', v)
        return out

    # ---- reading a view ----

    def section(self, view):
        return self.driver.find_element(By.CSS_SELECTOR, 'section#' + view)

    def rows(self, view):
        """data-i of the rows the list view shows, in order."""
        return self.js(
            "var s = document.getElementById(arguments[0]);"
            "if (!s) return null;"
            "return Array.prototype.map.call(s.querySelectorAll("
            "'table.list tbody tr[data-i]'), function (r) {"
            " return parseInt(r.getAttribute('data-i'), 10); });", view)

    def count(self, view):
        """The numbers in the view's p.count ("12 of 3,037 agents")."""
        text = self.js(
            "var c = document.querySelector('section#' + arguments[0] +"
            " ' p.count'); return c ? c.textContent : null;", view)
        if text is None:
            return None
        return [int(n.replace(',', '')) for n in re.findall(r'\d[\d,]*', text)]

    def current_view(self):
        return self.js(
            "var s = document.querySelectorAll('section.view');"
            "for (var i = 0; i < s.length; i++) if (!s[i].hidden)"
            " return s[i].id; return null;")

    def guard(self):
        """What the guard saw: {nodes, violations, dialogs, errors,
        ready}."""
        return self.js('return window.__adGuard || null;')

    def errors(self):
        """Console messages at error level since the last call."""
        try:
            logs = self.driver.get_log('browser')
        except WebDriverException:
            return []
        return [e['message'] for e in logs if e.get('level') == 'SEVERE']


def scan_page(agentdup, fixtures, target, page):
    """The page to test: AD_TEST_PAGE when set (say one devpage.py made),
    else PAGE, written by `agentdup scan -f html TARGET` run in FIXTURES."""
    if os.environ.get('AD_TEST_PAGE'):
        return os.environ['AD_TEST_PAGE']
    subprocess.run([agentdup, 'scan', '-q', '-f', 'html', '-o', page, target],
                   cwd=fixtures, check=False)
    return page


def wait(fn, timeout, step=0.05):
    """Call FN until it returns something true, or TIMEOUT seconds pass;
    return its last value."""
    end = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > end:
            return v
        time.sleep(step)


class Checks:
    """ok/FAIL lines, one per check, and the exit status at the end."""

    def __init__(self, name):
        self.name = name
        self.failed = 0
        self.passed = 0

    def ok(self, what, cond, detail=''):
        if cond:
            self.passed += 1
            print('ok   ' + what, flush=True)
        else:
            self.failed += 1
            detail = str(detail)
            if len(detail) > 400:
                detail = detail[:400] + '…'
            print('FAIL ' + what + (': ' + detail if detail else ''),
                  flush=True)
        return bool(cond)

    def eq(self, what, got, want):
        return self.ok(what, got == want, 'got %r, want %r' % (got, want))

    def run(self, what, fn, *args):
        """Run one group of checks; an exception fails it, not the rest."""
        try:
            fn(*args)
        except Exception as e:  # a broken page must not stop the others
            self.ok(what, False, '%s: %s' % (type(e).__name__,
                                             str(e).split('\n')[0][:300]))

    def status(self):
        print('%s: %d passed, %d failed' % (self.name, self.passed,
                                            self.failed), flush=True)
        return 1 if self.failed else 0
