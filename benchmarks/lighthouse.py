"""Lighthouse scores of the built site, mobile, served like a static host: every page,
median of --runs runs.

    .venv/bin/python benchmarks/lighthouse.py                 # builds the site first; 3 runs
    .venv/bin/python benchmarks/lighthouse.py --no-build      # uses site/ as it is
    .venv/bin/python benchmarks/lighthouse.py --pages gradient_descent/ notebooks/gradient/

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

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from sitegen import project  # noqa: E402

PAGES = [lang.prefix + path for lang in project.LANGUAGES
         for path in [project.KOREAN.url(s) for s in project.pages()] + [f"notebooks/{t}/" for t in project.topics()]]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".ipynb", ".map")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


class GzipStaticHost(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "") and path.is_file():
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return _Body(body)
        return super().send_head()


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="measure site/ as it is")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="*", help="only these paths")
    args = parser.parse_args()
    port = free_port() if not args.no_build else 8000
    base = f"http://127.0.0.1:{port}/"
    site = ROOT / "site"
    if not args.no_build:
        env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=ROOT, env=env, check=True)
    if not (HERE / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(GzipStaticHost, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"
    print(f"{'page':<34} " + " ".join(f"{c[:13]:>14}" for c in CATEGORIES) + "   LCP     TBT    CLS")
    lowest = 100
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
                    print(f"{'/' + path:<34} lighthouse failed: {result.stderr[-500:]}")
                    continue
                runs.append(json.loads(result.stdout))
            if not runs:
                continue
            scores = [statistics.median(round(100 * (r["categories"][c]["score"] or 0)) for r in runs) for c in CATEGORIES]
            lowest = min(lowest, scores[0])
            middle = sorted(runs, key=lambda r: r["categories"]["performance"]["score"])[len(runs) // 2]
            metrics = middle["audits"]
            print(f"{'/' + path:<34} " + " ".join(f"{s:>14g}" for s in scores)
                  + f"   {metrics['largest-contentful-paint']['displayValue']:>6} {metrics['total-blocking-time']['displayValue']:>7}"
                  f" {metrics['cumulative-layout-shift']['displayValue']:>6}", flush=True)
            for c in CATEGORIES:  # what held a score below 100 back
                failed = [a["id"] for a in (middle["audits"][r["id"]] for r in middle["categories"][c]["auditRefs"])
                          if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
                if failed and middle["categories"][c]["score"] < 1:
                    print(f"{'':<34} {c}: {', '.join(failed[:6])}")
        print(f"lowest performance (median of {args.runs}): {lowest:g}")
    finally:
        httpd.shutdown()


if __name__ == "__main__":
    main()
