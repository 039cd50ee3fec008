"""Benchmark: privgen's consent banner against vanilla-cookieconsent and Osano's cookieconsent.

    python bench/banner_bench.py [--runs 15] [--no-record]

Serves one shop homepage (a sticky header and a hero image, as site owners build them) three
times over http on 127.0.0.1 (connections kept alive, no Nagle delay), each with one banner:
privgen's consent.js for the largest example organisation, loaded by the snippet its embed page
gives, vanilla-cookieconsent 3 and Osano's cookieconsent 3, both installed from npm into
bench/banner/ (npm ci). Each configured with the same two buttons. Runs are interleaved (every
round loads each banner once, in a rotating order) in a fresh Chromium context, and per banner it
prints: gzip -9 bytes of what the page loads for the banner (JS and CSS; for privgen also its
settings layer, which it loads when the page is idle after the banner is shown), the median time from
navigation to the accept button painted, the worst Cumulative Layout Shift (layout-shift entries
from load until after the choice), and the median time from a click on "Necessary only" to the
next paint. Then the median of privgen's time over vanilla-cookieconsent's within each round, with
its middle half: how far one run's ratio can move with the machine. The last line is
`ratio_vs_vanilla_cookieconsent=<privgen / vanilla, time to banner>`.

A fourth page, the floor, has the two buttons in its HTML and no banner at all: no banner can be
painted sooner than that page's own first paint, so `floor_vs_vanilla_cookieconsent` says how much
of the time to banner is the page's and how much any banner could still win.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from results import record  # noqa: E402

NPM = ROOT / "bench" / "banner"
ACCEPT, NECESSARY = "Accept all", "Necessary only"
BARE = "floor (no banner)"  # the page with the buttons in its HTML and no banner

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Caviar shop</title>
{head}
<style>
body {{ margin: 0; font: 16px/1.5 system-ui, sans-serif; }}
header {{ position: sticky; top: 0; background: #222; color: #fff; padding: 1rem; z-index: 10; }}
.hero {{ width: 100%; aspect-ratio: 16 / 9; background: linear-gradient(135deg, #456, #abc); }}
main {{ padding: 1rem; max-width: 60rem; margin: auto; }}
</style>
</head>
<body>
<header><a href="#main" style="color:#fff">Skip to content</a> · Caviar shop</header>
<div class="hero" role="img" aria-label="Our caviar"></div>
<main id="main"><h1>Fresh caviar, delivered</h1>{paragraphs}</main>
{tail}
</body>
</html>
"""

VANILLA = """<script src="vanilla/cookieconsent.umd.js"></script>
<script>
CookieConsent.run({
  hideFromBots: false,  // a browser under test counts as a bot, which it would hide from
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: { default: 'en', translations: { en: {
    consentModal: { title: 'Cookies on this website', description: 'We use analytics cookies (Google) only with your consent.',
                    acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Necessary only', showPreferencesBtn: 'Settings' },
    preferencesModal: { title: 'Cookie settings', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Necessary only',
                        savePreferencesBtn: 'Save choice', sections: [
      { title: 'Strictly necessary', linkedCategory: 'necessary' }, { title: 'Analytics', linkedCategory: 'analytics' }] } } } }
});
</script>"""

# The floor: the buttons already in the page, where a banner would put them; no script.
FLOOR = """<div style="position:fixed;left:0;right:0;bottom:0;background:#fff;padding:.5rem">
<button type="button">Accept all</button> <button type="button">Necessary only</button></div>"""

OSANO = """<script src="osano/cookieconsent.min.js"></script>
<script>
window.cookieconsent.initialise({ type: 'opt-in', content: { message: 'We use analytics cookies (Google) only with your consent.',
  allow: 'Accept all', deny: 'Necessary only', link: 'Privacy statement', href: '/privacy' } });
</script>"""

# In the page from the start: the time the accept button is first painted, every layout shift,
# and the time from a click on "Necessary only" (a capturing listener) to the next paint.
PROBE = """
window.bench = { shifts: 0, painted: null, clickToPaint: null };
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) bench.shifts += e.value; })
  .observe({ type: 'layout-shift', buffered: true });
const buttons = () => [...document.querySelectorAll('button, a'),
  ...[...document.querySelectorAll('privacy-consent')].flatMap((h) => h.shadowRoot ? [...h.shadowRoot.querySelectorAll('button')] : [])];
const find = (text) => buttons().find((b) => b.textContent.trim() === text && b.getBoundingClientRect().height > 0);
(function look() {
  if (find('%(accept)s')) requestAnimationFrame(() => { bench.painted = performance.now(); });
  else requestAnimationFrame(look);
})();
document.addEventListener('click', () => {
  const start = performance.now();
  requestAnimationFrame(() => requestAnimationFrame(() => { bench.clickToPaint = performance.now() - start; }));
}, true);
""" % {"accept": ACCEPT}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    # Connections kept open, as every production server keeps them (HTTP/1.1 keep-alive, HTTP/2):
    # Python's default, HTTP/1.0, opens one per file, which no visitor's browser meets and which
    # charges each banner for its number of files rather than for what it does.
    protocol_version = "HTTP/1.1"
    # And without Nagle's algorithm, as production servers send (nginx's tcp_nodelay, Go's
    # default): with it, a file's body waits behind its headers for the browser's delayed
    # acknowledgement, which charges every file of every banner a wait no visitor meets.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        pass


def npm_install() -> None:
    if not (NPM / "node_modules" / "vanilla-cookieconsent").is_dir():
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=NPM, check=True)


def privgen_banner(work: Path, folder: Path) -> str:
    """Publish the largest example banner, built in English and Dutch, into folder as a site owner
    does: consent.js and the settings layer it loads from beside itself. Return the snippet its
    embed page tells a site owner to paste, loading it as consent.js."""
    build(ROOT / "content", work / "build")
    sizes = {path: len(gzip.compress(path.read_bytes(), 9)) for path in (work / "build").glob("*/consent.js")}
    largest = max(sizes, key=sizes.__getitem__)
    shutil.copy(largest, folder / "consent.js")
    for settings in largest.parent.glob("consent-settings.*.js"):
        shutil.copy(settings, folder / settings.name)
    embed = (largest.parent / "embed.html").read_text(encoding="utf-8")
    found = re.search(r'<code id="snippet">(.*?)</code>', embed, re.S)
    if found is None:
        raise SystemExit(f"{largest.parent / 'embed.html'} gives no snippet")
    return re.sub(r'src="[^"]*"', 'src="consent.js"', html.unescape(found.group(1)))


def site(folder: Path, snippet: str) -> dict[str, int]:
    """Write the three host pages and what they load; return each banner's gzip -9 bytes."""
    paragraphs = "".join(f"<p>Paragraph {n} about our caviar, its origin and how we ship it.</p>" for n in range(12))
    (folder / "vanilla").mkdir()
    (folder / "osano").mkdir()
    vanilla = NPM / "node_modules" / "vanilla-cookieconsent" / "dist"
    osano = NPM / "node_modules" / "cookieconsent" / "build"
    files = {"privgen": [folder / "consent.js"],
             "vanilla-cookieconsent": [folder / "vanilla" / "cookieconsent.umd.js", folder / "vanilla" / "cookieconsent.css"],
             "osano-cookieconsent": [folder / "osano" / "cookieconsent.min.js", folder / "osano" / "cookieconsent.min.css"]}
    shutil.copy(vanilla / "cookieconsent.umd.js", folder / "vanilla")
    shutil.copy(vanilla / "cookieconsent.css", folder / "vanilla")
    shutil.copy(osano / "cookieconsent.min.js", folder / "osano")
    shutil.copy(osano / "cookieconsent.min.css", folder / "osano")
    pages = {
        "privgen": (snippet, ""),
        "vanilla-cookieconsent": ('<link rel="stylesheet" href="vanilla/cookieconsent.css">', VANILLA),
        "osano-cookieconsent": ('<link rel="stylesheet" href="osano/cookieconsent.min.css">', OSANO),
        BARE: ("", FLOOR),
    }
    files[BARE] = []
    for name, (head, tail) in pages.items():
        (folder / f"{name.split()[0]}.html").write_text(PAGE.format(head=head, tail=tail, paragraphs=paragraphs), encoding="utf-8")
    return {name: sum(len(gzip.compress(path.read_bytes(), 9)) for path in paths) for name, paths in files.items()}


def measure(browser, url: str) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.add_init_script(PROBE)
    page.goto(url)
    page.wait_for_function("bench.painted !== null", timeout=10_000)
    necessary = page.get_by_role("button", name=NECESSARY, exact=True)
    if not necessary.count():  # Osano's buttons are links with role="button"
        necessary = page.get_by_text(NECESSARY, exact=True)
    necessary.first.click()
    page.wait_for_function("bench.clickToPaint !== null", timeout=10_000)
    page.wait_for_timeout(300)  # a late shift after the choice counts too
    painted, shifts, click = page.evaluate("[bench.painted, bench.shifts, bench.clickToPaint]")
    context.close()
    return painted, shifts, click


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-record", action="store_true", help="print only; leave bench/RESULTS.md as it is")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    npm_install()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        folder = work / "site"
        folder.mkdir()
        snippet = privgen_banner(work, folder)
        sizes = site(folder, snippet)
        # privgen's second file, which its banner loads when the page is idle, not before it is shown
        later = {"privgen": sum(len(gzip.compress(path.read_bytes(), 9)) for path in folder.glob("consent-settings.*.js"))}
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        names = list(sizes)
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
        with sync_playwright() as playwright:
            executable = os.environ.get("PRIVGEN_CHROMIUM") or None
            browser = playwright.chromium.launch(executable_path=executable, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            for run in range(args.runs):
                for name in names[run % len(names):] + names[:run % len(names)]:  # interleaved, the order rotating
                    results[name].append(measure(browser, base + f"{name.split()[0]}.html"))
            browser.close()
        server.shutdown()
    lines = []
    medians = {}
    for name in names:
        painted = statistics.median(r[0] for r in results[name])
        medians[name] = painted
        loaded_later = f" (+{later[name]:,} loaded when the page is idle)" if name in later else ""
        lines.append(f"{name}: {sizes[name]:,} bytes gzip -9{loaded_later}, banner painted after {painted:.0f} ms (median of "
                     f"{args.runs}), CLS {max(r[1] for r in results[name]):.3f} (worst), click to next paint "
                     f"{statistics.median(r[2] for r in results[name]):.0f} ms (median)")
    # Each round loads every page once, so the two banners of one round met the same machine: the
    # spread of their per-round ratio shows how far a single run's ratio of medians can drift.
    rounds = [ours[0] / theirs[0] for ours, theirs in zip(results["privgen"], results["vanilla-cookieconsent"])]
    spread = statistics.quantiles(rounds, n=4) if len(rounds) >= 4 else None
    lines.append(f"privgen / vanilla-cookieconsent per round: median {statistics.median(rounds):.2f}"
                 + (f", middle half {spread[0]:.2f}-{spread[2]:.2f}" if spread else ""))
    # What each banner adds to the page itself: no banner is painted before the page's own first
    # paint (the floor), so this is the part of the time to banner a banner can still win or lose.
    floor = results[BARE]
    lines.append("after the page's own first paint, per round (median): " + ", ".join(
        f"{name} {statistics.median(ours[0] - bare[0] for ours, bare in zip(results[name], floor)):+.0f} ms"
        for name in names if name != BARE))
    loader = re.sub(r' integrity="[^"]*"', "", snippet)
    lines.append(f"375 × 667 px, Chromium, a host page with a sticky header and a hero image, on {os.cpu_count()} cores; "
                 f"privgen loaded by its embed page's snippet, {loader}")
    lines.append(f"floor_vs_vanilla_cookieconsent={medians[BARE] / medians['vanilla-cookieconsent']:.2f}")
    lines.append(f"ratio_vs_vanilla_cookieconsent={medians['privgen'] / medians['vanilla-cookieconsent']:.2f}")
    print("\n".join(lines))
    if not args.no_record:
        record(f"banner_bench.py --runs {args.runs}", lines)


if __name__ == "__main__":
    main()
