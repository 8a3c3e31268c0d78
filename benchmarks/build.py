"""How long the build takes, and how much the caches save.

    .venv/bin/python benchmarks/build.py            # 5 runs of each (median)
    .venv/bin/python benchmarks/build.py --runs 7

Works on a copy of the project in a temporary folder and measures, as the median of --runs:
  clean     a build with empty caches (figures, notebooks, math: all made afresh)
  warm      the same build again, nothing changed
  changed   a build after one snippet module changed (what was redone, and what was cached)
  serve     `mkdocs serve` rebuilding after one Markdown page was edited
  baseline  plain MkDocs, same theme, Markdown extensions and pages, with the figures and
            notebooks already rendered and none of the project's hooks
and prints each time and the ratios to the baseline. With --check-reproducible it also builds
twice from scratch with different cache folders and compares every file of the two sites.
"""

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

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("docs", "snippets", "hooks", "overrides", "mkdocs.yml")
CHANGED_MODULE = "gradient_descent"  # imported by no other module: only its own outputs depend on it
EDITED_PAGE = "gradient.md"


def copy_project(to: Path) -> Path:
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, to / part, ignore=shutil.ignore_patterns("__pycache__", "notebooks"))
        else:
            shutil.copy2(source, to / part)
    return to


def env_for(cache: Path) -> dict:
    stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {**os.environ, "SITE_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1",
            "SOURCE_DATE_EPOCH": stamp or "0", "PYTHONDONTWRITEBYTECODE": "1"}


def build(project: Path, site: Path, cache: Path, config: str = "mkdocs.yml") -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / config), "-d", str(site)],
                            cwd=project, env=env_for(cache), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    return elapsed, result.stdout + result.stderr


def counts(log: str) -> str:
    lines = re.findall(r"(figures: .*?|notebooks: .*?) \(", log)
    return "; ".join(lines)


def median(values):
    return statistics.median(values)


def baseline_project(project: Path, site: Path, to: Path) -> Path:
    """The same pages for plain MkDocs: figures and executed notebooks copied in as files,
    no project hooks, no code execution (markdown-exec), no build-time math."""
    shutil.copytree(project / "docs", to / "docs")
    shutil.copytree(project / "snippets", to / "snippets")  # the pages include its code
    shutil.copytree(project / "overrides", to / "overrides")  # theme.custom_dir (the PDF link, off here)
    shutil.copytree(site / "figures", to / "docs" / "figures")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\nhooks:\n  - baseline_ipynb.py\n", config)
    config = re.sub(r"  - markdown-exec:\n(?:      .*\n)+", "", config)
    config = re.sub(r"\nwatch:.*?\n(?=\S)", "\n", config, flags=re.S)
    config = config.replace("strict: true", "strict: false")
    (to / "mkdocs.yml").write_text(config, encoding="utf-8")
    # the one line mkdocs-static-i18n needs to treat notebooks as pages (not a project hook)
    (to / "baseline_ipynb.py").write_text(
        "import mkdocs.utils\nmkdocs.utils.markdown_extensions = (*mkdocs.utils.markdown_extensions, '.ipynb')\n")
    return to


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_rebuilds(project: Path, cache: Path, runs: int) -> list[float]:
    """Edit one page while `mkdocs serve` runs; time each rebuild until it is done."""
    port = free_port()
    log_path = project.parent / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env_for(cache), stdout=log, stderr=subprocess.STDOUT)
    try:
        def wait_for(pattern: str, count: int, timeout: float = 300) -> None:
            deadline = time.time() + timeout
            while time.time() < deadline:
                if len(re.findall(pattern, log_path.read_text(encoding="utf-8"))) >= count:
                    return
                time.sleep(0.05)
            sys.exit(f"mkdocs serve: no {pattern!r} after {timeout} s:\n{log_path.read_text()[-2000:]}")

        done = r"Serving on|Reloading browsers"
        wait_for(done, 1)
        page = project / "docs" / EDITED_PAGE
        original = page.read_text(encoding="utf-8")
        times = []
        for run in range(runs):
            time.sleep(1.5)  # let the watcher settle
            page.write_text(original + f"\n<!-- edit {run} -->\n", encoding="utf-8")
            started = time.perf_counter()
            wait_for(done, 2 + run)
            times.append(time.perf_counter() - started)
        page.write_text(original, encoding="utf-8")
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check-reproducible", action="store_true", help="also build twice and compare the sites")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project, cache, site = copy_project(tmp / "project"), tmp / "cache", tmp / "site"

        clean = []
        for _ in range(args.runs):
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(project / "docs" / "notebooks", ignore_errors=True)
            elapsed, log = build(project, site, cache)
            clean.append(elapsed)
        print(f"clean     {median(clean):6.2f} s   ({counts(log)})")

        warm = [build(project, site, cache)[0] for _ in range(args.runs)]
        _, log = build(project, site, cache)
        print(f"warm      {median(warm):6.2f} s   ({counts(log)})")

        module = project / "snippets" / f"{CHANGED_MODULE}.py"
        source = module.read_text(encoding="utf-8")
        changed, logs = [], []
        for run in range(args.runs):
            # module level, outside the examples: the module's figures and notebooks all carry it
            module.write_text(source.replace("\nLEARNING_RATES = ", f"\n# edit {run}\nLEARNING_RATES = "), encoding="utf-8")
            elapsed, log = build(project, site, cache)
            changed.append(elapsed)
            logs.append(counts(log))
        module.write_text(source, encoding="utf-8")
        build(project, site, cache)
        print(f"changed   {median(changed):6.2f} s   (snippets/{CHANGED_MODULE}.py edited: {logs[-1]})")

        serve = serve_rebuilds(project, cache, args.runs)
        print(f"serve     {median(serve):6.2f} s   (rebuild after editing docs/{EDITED_PAGE})")

        base = baseline_project(project, site, tmp / "baseline")
        baseline = [build(base, tmp / "baseline-site", tmp / "baseline-cache")[0] for _ in range(args.runs)]
        print(f"baseline  {median(baseline):6.2f} s   (plain MkDocs, same theme, extensions and pages, no hooks)")

        b = median(baseline)
        print(f"\nwarm/baseline  {median(warm) / b:5.2f}   (target <= 1.25)")
        print(f"clean/baseline {median(clean) / b:5.2f}   (target <= 4)")
        print(f"serve/baseline {median(serve) / b:5.2f}   (target <= 1.5)")

        if args.check_reproducible:
            one, two = tmp / "one", tmp / "two"
            shutil.rmtree(project / "docs" / "notebooks", ignore_errors=True)
            build(project, one, tmp / "cache-one")
            time.sleep(1.1)
            shutil.rmtree(project / "docs" / "notebooks", ignore_errors=True)
            build(project, two, tmp / "cache-two")
            differences = compare_sites(one, two)
            files = sum(len(names) for _, _, names in os.walk(one))
            print(f"\nreproducible: {files} files, {len(differences)} differ" + "".join(f"\n  {d}" for d in differences[:20]))
            if differences:
                sys.exit(1)


if __name__ == "__main__":
    main()
