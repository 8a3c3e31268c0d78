"""How long the build takes, how much the caches save, and how it grows with the site.

    .venv/bin/python benchmarks/build.py                  # 3 runs of each (median)
    .venv/bin/python benchmarks/build.py --runs 5 --check-reproducible
    .venv/bin/python benchmarks/build.py --scale 1 2 4 8  # the same pages copied N times

Works on copies of the project in a temporary folder and measures, as the median of --runs:
  clean     a build with empty caches (figures, notebooks, math, pages: all made afresh)
  warm      the same build again, nothing changed
  changed   a build after one snippet module changed (what was redone, and what was cached)
  serve     `mkdocs serve` rebuilding after one Markdown page was edited
  baseline  plain MkDocs, same theme, Markdown extensions and pages, with the figures and
            notebooks already made and none of the project's hooks
With --check-reproducible it also builds twice from scratch with different cache folders and
compares every file of the two sites. With --scale it makes, for each N, a project whose topic
pages (and their modules, figures and notebooks) are there N times, and measures clean, warm
and serve-rebuild times: a whole book is eight chapters of this.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitegen import project

ROOT = Path(__file__).resolve().parent.parent

PARTS = ("docs", "snippets", "sitegen", "hooks", "overrides", "mkdocs.yml")
CHANGED_MODULE = "gradient_descent"  # imported by no other module: only its own outputs depend on it
EDITED_PAGE = "gradient.md"


def copy_project(to: Path) -> Path:
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, to / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, to / part)
    return to


def env_for(project_dir: Path, cache: Path, url: str | None = None) -> dict:
    stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    env = {**os.environ, "SITE_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": stamp or "0",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(project_dir)}
    env.pop("SITE_PDF", None)
    return {**env, "SITE_URL": url} if url else env


def build(project_dir: Path, site: Path, cache: Path, config: str = "mkdocs.yml") -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project_dir / config), "-d", str(site)],
                            cwd=project_dir, env=env_for(project_dir, cache), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    return elapsed, result.stdout + result.stderr


def counts(log: str) -> str:
    return "; ".join(re.findall(r"(figures: .*?|notebooks: .*?) \(", log))


def median(values):
    return statistics.median(values)


def baseline_project(project_dir: Path, site: Path, to: Path) -> Path:
    """The same pages for plain MkDocs: figures and executed notebooks copied in as files,
    no project hooks, no code execution (markdown-exec), no build-time math."""
    shutil.copytree(project_dir / "docs", to / "docs")
    shutil.copytree(project_dir / "snippets", to / "snippets")  # the pages include its code
    shutil.copytree(project_dir / "overrides", to / "overrides")
    shutil.copytree(site / "figures", to / "docs" / "figures")
    (to / "docs" / "notebooks").mkdir()
    for lang in project.LANGUAGES:
        for notebook in (site / lang.prefix / "notebooks").glob(f"*/*{lang.suffix}.ipynb"):
            if project.language_of(notebook.name) == lang:
                shutil.copy2(notebook, to / "docs" / "notebooks" / notebook.name)
    config = (project_dir / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nhooks:.*?\n(?:  - .*\n)+", "\nhooks:\n  - baseline_ipynb.py\n", config)
    config = re.sub(r"  - markdown-exec:\n(?:      .*\n)+", "", config)
    config = re.sub(r"\nwatch:.*?\n(?=\S)", "\n", config, flags=re.S)
    config = config.replace("strict: true", "strict: false").replace("cache: false", "cache: true")
    (to / "mkdocs.yml").write_text(config, encoding="utf-8")
    # the one line mkdocs-static-i18n needs to treat notebooks as pages (not a project hook)
    (to / "baseline_ipynb.py").write_text(
        "import mkdocs.utils\nmkdocs.utils.markdown_extensions = (*mkdocs.utils.markdown_extensions, '.ipynb')\n")
    return to


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_rebuilds(project_dir: Path, cache: Path, runs: int, page: str = EDITED_PAGE, dirty: bool = False) -> list[float]:
    """Edit one page while `mkdocs serve` (or `make serve-dirty`) runs; time each rebuild until it is done."""
    port = free_port()
    log_path = project_dir.parent / f"serve-{project_dir.name}.log"
    with open(log_path, "w") as log:
        options = ["--dirty", "--no-strict"] if dirty else []
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *options, "-a", f"127.0.0.1:{port}"],
                                  cwd=project_dir, env=env_for(project_dir, cache), stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def wait_for(pattern: str, count: int, timeout: float = 900) -> None:
            deadline = time.time() + timeout
            while time.time() < deadline:
                if len(re.findall(pattern, log_path.read_text(encoding="utf-8"))) >= count:
                    return
                if server.poll() is not None:
                    sys.exit(f"mkdocs serve exited:\n{log_path.read_text()[-2000:]}")
                time.sleep(0.05)
            sys.exit(f"mkdocs serve: no {pattern!r} after {timeout} s:\n{log_path.read_text()[-2000:]}")

        done = r"Serving on|Reloading browsers"
        wait_for(done, 1)
        edited = project_dir / "docs" / page
        original = edited.read_text(encoding="utf-8")
        times = []
        for run in range(runs):
            time.sleep(1.5)  # let the watcher settle
            edited.write_text(original + f"\n<!-- edit {run} -->\n", encoding="utf-8")
            started = time.perf_counter()
            wait_for(done, 2 + run)
            times.append(time.perf_counter() - started)
        edited.write_text(original, encoding="utf-8")
        return times
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)


def compare_sites(a: Path, b: Path) -> list[str]:
    differences = []
    for folder, _, names in os.walk(a):
        for name in names:
            first = Path(folder) / name
            second = b / first.relative_to(a)
            if not second.exists() or not filecmp.cmp(first, second, shallow=False):
                differences.append(str(first.relative_to(a)))
    for folder, _, names in os.walk(b):
        for name in names:
            if not (a / (Path(folder) / name).relative_to(b)).exists():
                differences.append(f"only in the second: {(Path(folder) / name).relative_to(b)}")
    return sorted(differences)


# --- A site N times as large ------------------------------------------------------------------

def scaled_project(n: int, to: Path) -> tuple[Path, int]:
    """The project with every topic page (both languages), its module, figures, facts and
    notebook there n times: copy k of topic t is the page and module t_k<k>."""
    copy_project(to)
    config = (to / "mkdocs.yml").read_text(encoding="utf-8")
    topics = project.topics(to)
    pages, notebooks = [], []
    for k in range(2, n + 1):
        for topic in topics:
            copy = f"{topic}_k{k}"
            source = (to / "snippets" / f"{topic}.py").read_text(encoding="utf-8")
            (to / "snippets" / f"{copy}.py").write_text(source, encoding="utf-8")
            for lang in project.LANGUAGES:
                text = (to / "docs" / lang.page_file(topic)).read_text(encoding="utf-8")
                for old, new in ((f"snippets/{topic}.py", f"snippets/{copy}.py"), (f"figures/{topic}.", f"figures/{copy}."),
                                 (f"{{{{ {topic}.", f"{{{{ {copy}."), (f"from snippets.{topic} import", f"from snippets.{copy} import"),
                                 (f'session="{topic}"', f'session="{copy}"')):
                    text = text.replace(old, new)
                (to / "docs" / lang.page_file(copy)).write_text(text, encoding="utf-8")
            pages.append(f"  - {copy}.md")
            notebooks.append(f"      - notebooks/{copy}.ipynb")
    config = config.replace("  - glossary.md\n", "\n".join(pages + ["  - glossary.md"]) + "\n", 1)
    last_notebook = f"      - notebooks/{topics[-1]}.ipynb\n"
    config = config.replace(last_notebook, last_notebook + "".join(f"{line}\n" for line in notebooks), 1)
    (to / "mkdocs.yml").write_text(config, encoding="utf-8")
    return to, len(project.pages(to))


def scale(ns: list[int], runs: int, tmp: Path) -> None:
    print(f"\nscale: the topic pages copied N times ({runs} runs each, median)")
    print(f"{'N':>3} {'pages':>6} {'clean s':>9} {'warm s':>8} {'serve s':>8} {'dirty s':>8}   serve/page ms")
    rows = []
    for n in ns:
        project_dir, pages = scaled_project(n, tmp / f"scale-{n}" / "project")
        cache = tmp / f"scale-{n}" / "cache"
        clean, warm = [], []
        for _ in range(max(1, runs // 2)):
            shutil.rmtree(cache, ignore_errors=True)
            clean.append(build(project_dir, tmp / f"scale-{n}" / "site", cache)[0])
        for _ in range(runs):
            warm.append(build(project_dir, tmp / f"scale-{n}" / "site", cache)[0])
        serve = serve_rebuilds(project_dir, cache, runs)
        dirty = serve_rebuilds(project_dir, cache, runs, dirty=True)
        rows.append((n, pages, median(clean), median(warm), median(serve), median(dirty)))
        print(f"{n:>3} {pages:>6} {median(clean):>9.1f} {median(warm):>8.1f} {median(serve):>8.1f} {median(dirty):>8.1f}"
              f"   {1000 * median(serve) / (2 * pages):>8.0f}", flush=True)
    if len(rows) > 1:
        (n0, p0, _, w0, s0, d0), (n1, p1, _, w1, s1, d1) = rows[0], rows[-1]
        print(f"growth from N={n0} to N={n1} ({p1 / p0:.1f}x the pages): warm {w1 / w0:.2f}x, serve {s1 / s0:.2f}x, "
              f"serve --dirty {d1 / d0:.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check-reproducible", action="store_true", help="also build twice and compare the sites")
    parser.add_argument("--scale", type=int, nargs="+", help="only the scale run, for these N (e.g. 1 2 4 8)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.scale:
            scale(args.scale, args.runs, tmp)
            return
        project_dir, cache, site = copy_project(tmp / "project"), tmp / "cache", tmp / "site"

        clean = []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            elapsed, log = build(project_dir, site, cache)
            clean.append(elapsed)
        print(f"clean     {median(clean):6.2f} s   ({counts(log)})")

        warm = [build(project_dir, site, cache)[0] for _ in range(args.runs)]
        _, log = build(project_dir, site, cache)
        print(f"warm      {median(warm):6.2f} s   ({counts(log)})")

        module = project_dir / "snippets" / f"{CHANGED_MODULE}.py"
        source = module.read_text(encoding="utf-8")
        changed, logs = [], []
        for run in range(args.runs):
            # module level, outside the examples: the module's figures and notebooks all carry it
            module.write_text(source.replace("\nLEARNING_RATES = ", f"\n# edit {run}\nLEARNING_RATES = "), encoding="utf-8")
            elapsed, log = build(project_dir, site, cache)
            changed.append(elapsed)
            logs.append(counts(log))
        module.write_text(source, encoding="utf-8")
        build(project_dir, site, cache)
        print(f"changed   {median(changed):6.2f} s   (snippets/{CHANGED_MODULE}.py edited: {logs[-1]})")

        serve = serve_rebuilds(project_dir, cache, args.runs)
        print(f"serve     {median(serve):6.2f} s   (rebuild after editing docs/{EDITED_PAGE})")

        base = baseline_project(project_dir, site, tmp / "baseline")
        baseline = [build(base, tmp / "baseline-site", tmp / "baseline-cache")[0] for _ in range(args.runs)]
        print(f"baseline  {median(baseline):6.2f} s   (plain MkDocs, same theme, extensions and pages, no hooks)")

        b = median(baseline)
        print(f"\nwarm/baseline  {median(warm) / b:5.2f}")
        print(f"clean/baseline {median(clean) / b:5.2f}")
        print(f"serve/baseline {median(serve) / b:5.2f}")

        if args.check_reproducible:
            one, two = tmp / "one", tmp / "two"
            build(project_dir, one, tmp / "cache-one")
            time.sleep(1.1)
            build(project_dir, two, tmp / "cache-two")
            differences = compare_sites(one, two)
            files = sum(len(names) for _, _, names in os.walk(one))
            print(f"\nreproducible: {files} files, {len(differences)} differ" + "".join(f"\n  {d}" for d in differences[:20]))
            if differences:
                sys.exit(1)


if __name__ == "__main__":
    main()
