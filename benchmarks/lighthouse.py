"""Lighthouse scores of the built site, mobile, served like a static host: every page,
median of --runs runs.

    .venv/bin/python benchmarks/lighthouse.py                 # builds the site first; 3 runs
    .venv/bin/python benchmarks/lighthouse.py --no-build      # uses site/ as it is
    .venv/bin/python benchmarks/lighthouse.py --pages gradient_descent/ notebooks/gradient/
    .venv/bin/python benchmarks/lighthouse.py --variant nomath  # the same pages, each formula as text

Needs Node 20+ (for the pinned npm package `lighthouse`, installed into benchmarks/ on the
first run) and Chromium (`CHROME_PATH`, default /usr/bin/chromium). The site is served on
127.0.0.1 with gzip, as GitHub Pages serves it, and built for that address. This is a
measurement, not a test: it prints the four scores and what cost the most time.
"""

import argparse
import functools
import gzip
import http.server
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
from pathlib import Path

from sitegen import project
from sitegen.site_pdf import CHROMIUM, QUIET

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

PAGES = [lang.prefix + path for lang in project.LANGUAGES
         for path in [project.KOREAN.url(s) for s in project.pages()] + [f"notebooks/{t}/" for t in project.topics()]]
PAGES += [lang.prefix + "404.html" for lang in project.LANGUAGES]  # the not-found page too
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".ipynb", ".map")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


class GzipStaticHost(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in COMPRESSIBLE and path.is_file():
            body = self.content(path)
            gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
            if gzipped:
                body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return _Body(body)
        return super().send_head()

    def content(self, path: Path) -> bytes:
        """What the host serves for a file (NoMathHost changes the pages)."""
        return path.read_bytes()


class _Body:
    def __init__(self, data):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def without_math(html: str) -> str:
    """The page with each formula replaced by its TeX as plain text (the --variant nomath)."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(html, "html.parser")
    for formula in soup.select(".arithmatex"):
        image = formula.find("img")
        label = image.get("alt", "") if image else ""
        formula.clear()
        formula.append(label)
    return str(soup)


def metric(run: dict, audit: str) -> float:
    return run["audits"][audit].get("numericValue") or 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="measure the built site as it is (see --site)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default site/)")
    parser.add_argument("--port", type=int, default=8000, help="with --no-build: the port it was built for")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="*", help="only these paths")
    parser.add_argument("--variant", choices=["page", "nomath"], default="page",
                        help="nomath: each formula replaced by its TeX, to show what the math costs")
    parser.add_argument("--save", type=Path, help="also write each run's Lighthouse report (JSON) here")
    args = parser.parse_args()
    port = args.port if args.no_build else free_port()
    base = f"http://127.0.0.1:{port}/"
    site = args.site
    if not args.no_build:
        env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT,
                       env=env, check=True)
    if not (HERE / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)

    handler = functools.partial(NoMathHost if args.variant == "nomath" else GzipStaticHost, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    chrome = os.environ.get("CHROME_PATH", CHROMIUM)
    flags = " ".join(["--headless=new", *QUIET])
    print(f"Lighthouse mobile, median of {args.runs} runs, variant {args.variant}\n")
    print("| page | perf | a11y | best pr. | SEO | TBT | LCP | CLS | main thread | DOM nodes | transferred | index |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    lowest, notes = 100, []
    try:
        for path in args.pages or PAGES:
            runs = []
            for _ in range(args.runs):
                result = subprocess.run(
                    [str(HERE / "node_modules" / ".bin" / "lighthouse"), base + path, "--quiet", "--output=json",
                     "--output-path=stdout", f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
                    capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300,
                )
                if result.returncode:
                    notes.append(f"/{path}: lighthouse failed: {result.stderr[-300:]}")
                    continue
                runs.append(json.loads(result.stdout))
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    name = (path.strip("/").replace("/", "_") or "index") + f".{len(runs)}.json"
                    (args.save / name).write_text(result.stdout, encoding="utf-8")
            if not runs:
                continue
            scores = [statistics.median(round(100 * (r["categories"][c]["score"] or 0)) for r in runs) for c in CATEGORIES]
            lowest = min(lowest, scores[0])

            def median(audit, runs=runs):
                return statistics.median(metric(r, audit) for r in runs)

            index = statistics.median(r["environment"]["benchmarkIndex"] for r in runs)
            print(f"| /{path} | " + " | ".join(f"{s:g}" for s in scores)
                  + f" | {median('total-blocking-time'):,.0f} ms | {median('largest-contentful-paint') / 1000:.1f} s"
                  f" | {median('cumulative-layout-shift'):.3f} | {median('mainthread-work-breakdown') / 1000:.1f} s"
                  f" | {median('dom-size'):,.0f} | {median('total-byte-weight') / 1024:,.0f} KiB | {index:,.0f} |",
                  flush=True)
            middle = sorted(runs, key=lambda r: r["categories"]["performance"]["score"])[len(runs) // 2]
            for c in CATEGORIES:  # what held a score below 100 back
                failed = [a["id"] for a in (middle["audits"][r["id"]] for r in middle["categories"][c]["auditRefs"])
                          if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
                if failed and middle["categories"][c]["score"] < 1:
                    notes.append(f"/{path} {c}: {', '.join(failed[:6])}")
        print(f"\nlowest performance (median of {args.runs}): {lowest:g}")
        for note in notes:
            print(note)
    finally:
        httpd.shutdown()


class NoMathHost(GzipStaticHost):
    """Serves each HTML page without its math (--variant nomath)."""

    def content(self, path: Path) -> bytes:
        if path.suffix != ".html":
            return super().content(path)
        return without_math(path.read_text(encoding="utf-8")).encode()


if __name__ == "__main__":
    main()
