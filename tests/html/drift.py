"""The drift page in headless Chromium: drawn, inert, searchable.

usage: drift.py AGENTDUP FIXTURES_DIR WORK_DIR

Two snapshots of the hostile fixture are recorded: the files as they are
(under a label that is markup), then one removed and one edited (its
hostile rules reworded), so their text lands in every list of the page.
The page must draw its parts, keep its title, run nothing from the data
and show its markup as text.
"""
import os
import shutil
import subprocess
import sys

import adpage

SCRIPT = "<script>document.title='PWNED'</script>"


def record(agentdup, fixtures, work):
    """Two snapshots and the drift page between them; the page's path."""
    v2 = os.path.join(work, 'v2')
    os.makedirs(v2, exist_ok=True)
    src = os.path.join(fixtures, 'hostile')
    shutil.copy(os.path.join(src, 'hostile-reviewer.md'), v2)
    with open(os.path.join(src, 'hostile-tester.md'), encoding='utf-8') as f:
        text = f.read()
    text = '\n'.join('- Also: ' + line[2:] if line.startswith('- ') else line
                     for line in text.split('\n'))
    text = text.replace('Writes tests', 'Writes more tests')
    with open(os.path.join(v2, 'hostile-tester.md'), 'w',
              encoding='utf-8') as f:
        f.write(text)
    db = os.path.join(work, 's.db')
    page = os.path.join(work, 'drift.html')
    for label, path in (('<b>one</b>', src), ('two', v2)):
        subprocess.run([agentdup, 'snapshot', '-q', '--db', db, '--label',
                        label, path], check=True)
    subprocess.run([agentdup, 'drift', '--db', db, '-f', 'html', '-o', page],
                   check=True)
    return page


def main():
    agentdup, fixtures, work = sys.argv[1:4]
    c = adpage.Checks('html drift')
    page = record(agentdup, fixtures, work)
    b = adpage.Browser()
    try:
        # a page drawn by its script says when it is ready; one written
        # whole by the C side has nothing to wait for
        with open(page, encoding='utf-8') as f:
            scripted = 'data-ready' in f.read()
        state = b.load(page, timeout=30 if scripted else 2)
        c.ok('the drift page loads', state == 'ready' or not scripted, state)
        for part in ('summary', 'timeline', 'clusters', 'agents'):
            c.ok('drift part #%s is present' % part,
                 b.js('return !!document.getElementById(arguments[0]);',
                      part))
        c.ok('the timeline is drawn',
             b.js("return !!document.querySelector('svg.chart');"))
        c.eq('the title is the page\'s', b.driver.title,
             'agentdup drift report')
        g = b.guard() or {}
        c.eq('nothing from the data ran or loaded',
             (b.js("return document.body.hasAttribute('data-pwned');"),
              b.js("return document.getElementsByTagName('img').length;"),
              g.get('nodes'), g.get('violations'), g.get('dialogs')),
             (False, 0, [], [], 0))
        text = b.js('return document.body.textContent;')
        c.ok('a label\'s markup shows as text', '<b>one</b>' in text)
        c.ok('a rule\'s markup shows as text', SCRIPT in text)
        c.eq('no JavaScript error', b.errors(), [])
    finally:
        b.quit()
    return c.status()


if __name__ == '__main__':
    sys.exit(main())
