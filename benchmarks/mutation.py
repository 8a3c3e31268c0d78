"""Mutation score: does every change to the taught code change the page or fail a test?

    .venv/bin/python benchmarks/mutation.py                 # every mutant of every module
    .venv/bin/python benchmarks/mutation.py --modules gradient --limit 20
    .venv/bin/python benchmarks/mutation.py --sample 80     # a random sample of all mutants (seeded)

On a copy of the project it changes one thing at a time in `snippets/` — a number, an
arithmetic or comparison operator, a unary minus — outside docstrings and outside the
examples under ``if __name__ == "__main__":``, and asks:

  results  does any page that uses the module show other results? (the outputs of its code
           blocks, the values its prose quotes, its figures, in both languages)
  code     or only other code (the mutant is in a section the page shows)?
  build  or does the build fail (a code block raises, a claim in the prose is now false)?
  tests  or, if the page is the same, does the fast tier (`make check`'s tests) fail?

A mutant that does none of these survives, and is listed. For every mutant that changes a
computed result, the prose around it is checked too: a number written by hand in the prose
that equals a result that changed is listed as a possible stale quote (it should be a fact).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("docs", "snippets", "sitegen", "hooks", "overrides", "mkdocs.yml", "tests", "pytest.ini", "pyproject.toml")
SWAPS = {ast.Add: "-", ast.Sub: "+", ast.Mult: "/", ast.Div: "*", ast.Pow: "*", ast.FloorDiv: "/",
         ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">", ast.Eq: "!=", ast.NotEq: "=="}
SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.FloorDiv: "//",
          ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
NUMBER = re.compile(r"10\^\{(?P<power>-?\d+)\}|(?<![\w.])(?P<number>-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"
                    r"(?:\s*\\times\s*10\^\{(?P<exponent>-?\d+)\})?")


# --- What a page shows (run in a fresh process on a copy of the project) ----------------------------

def fingerprint(root: Path, pages: list[str]) -> dict:
    """page -> {part: hash} of everything the page shows; and the numbers it computed."""
    from sitegen import facts, figures, project, sources  # noqa: PLC0415 (the copy's own: PYTHONPATH)
    from sitegen.code_blocks import exec_blocks  # noqa: PLC0415

    sources.use_project_snippets(root)
    out, numbers = {}, {}
    import contextlib  # noqa: PLC0415
    import io  # noqa: PLC0415

    for stem in pages:
        for lang in project.LANGUAGES:
            src = lang.page_file(stem)
            text = (root / "docs" / src).read_text(encoding="utf-8")
            parts = {}
            try:
                prose = facts.substitute(text, src, root)
            except Exception as error:  # noqa: BLE001
                out[src] = {"build fails": f"{type(error).__name__}: {error}"}
                continue
            parts["prose"] = prose
            namespace: dict = {"__name__": "page"}
            printed = []
            try:
                for _, code, _ in exec_blocks(text, root):
                    buffer = io.StringIO()
                    with contextlib.redirect_stdout(buffer):
                        exec(compile(code, f"<{src}>", "exec"), namespace)  # noqa: S102
                    printed.append(buffer.getvalue())
            except Exception as error:  # noqa: BLE001
                out[src] = {"build fails": f"{type(error).__name__}: {error}"}
                continue
            parts["outputs"] = "\n".join(printed)
            parts["code"] = "\n".join(sources.expand(line, root) if project.SNIPPET_LINE.match(line) else line
                                      for line in text.split("\n") if "--8<--" in line)
            for match in project.FIGURE_REF.finditer(text):
                name = project.FIGURE_NAME.fullmatch(match["path"])
                slider = figures.parse_slider(match["attrs"], src, match["path"])
                values = [(slider.param, slider.number(v)) for v in slider.values] if slider else [None]
                for value in values:
                    try:
                        content = figures.render(sources.Snapshot(name["module"], root), name["func"], name["ext"],
                                                 "light", (value,) if value else ())
                    except Exception as error:  # noqa: BLE001
                        content = f"{type(error).__name__}: {error}".encode()
                    parts[f"figure {match['path']} {value}"] = hashlib.sha256(content).hexdigest()
            out[src] = {k: hashlib.sha256(v.encode()).hexdigest() if isinstance(v, str) else v for k, v in parts.items()}
            numbers[src] = sorted({float(n) for n in re.findall(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+e[-+]?\d+",
                                                                   parts["outputs"] + json.dumps(prose))})
    return {"pages": out, "numbers": numbers}


def fingerprint_in_subprocess(root: Path, pages: list[str], timeout: float = 300) -> dict:
    result = subprocess.run([sys.executable, __file__, "--fingerprint", str(root), *pages], capture_output=True,
                            text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(root), "MPLBACKEND": "Agg"})
    if result.returncode:
        return {"pages": {p: {"build fails": result.stderr.strip().splitlines()[-1:]} for p in pages}, "numbers": {}}
    return json.loads(result.stdout)


# --- Mutants ---------------------------------------------------------------------------------------------

def in_main_block(tree: ast.Module) -> set[int]:
    lines = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            lines |= set(range(node.lineno, node.end_lineno + 1))
    return lines


def docstring_lines(tree: ast.Module) -> set[int]:
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                lines |= set(range(first.lineno, first.end_lineno + 1))
    return lines


def mutants(source: str) -> list[tuple[str, int, str, str]]:
    """(description, line, old source, new source) for each one-token change."""
    tree = ast.parse(source)
    skip = in_main_block(tree) | docstring_lines(tree)
    lines = source.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(line, col):
        return offsets[line - 1] + col

    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(node.value, bool):
            start, end = at(node.lineno, node.col_offset), at(node.end_lineno, node.end_col_offset)
            old = source[start:end]
            new = "2" if node.value in (0, 1) and type(node.value) is int else repr(node.value * 2 if node.value else 1)
            found.append((f"{old} -> {new}", node.lineno, start, end, new))
        elif isinstance(node, (ast.BinOp, ast.Compare)) and type(node.op if isinstance(node, ast.BinOp) else node.ops[0]) in SWAPS:
            op = node.op if isinstance(node, ast.BinOp) else node.ops[0]
            left = node.left
            right = node.right if isinstance(node, ast.BinOp) else node.comparators[0]
            gap_start, gap_end = at(left.end_lineno, left.end_col_offset), at(right.lineno, right.col_offset)
            gap = source[gap_start:gap_end]
            symbol = SYMBOL[type(op)]
            where = gap.find(symbol)
            if where < 0 or (symbol == "*" and gap[where:where + 2] == "**"):
                continue
            start = gap_start + where
            found.append((f"{symbol} -> {SWAPS[type(op)]}", node.lineno, start, start + len(symbol), SWAPS[type(op)]))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            start = at(node.lineno, node.col_offset)
            found.append(("unary - removed", node.lineno, start, start + 1, ""))
    return [(desc, line, source, source[:start] + new + source[end:]) for desc, line, start, end, new in sorted(found, key=lambda f: f[2])]


def dependents(module: str, root: Path) -> list[str]:
    """The pages whose modules use `module` (directly or not)."""
    from sitegen import project, sources  # noqa: PLC0415
    stems = []
    for stem in project.pages(root):
        used = set()
        for match in re.finditer(r"snippets/(\w+)\.py|figures/(\w+)\.|from snippets\.(\w+) import", (root / "docs" / f"{stem}.md").read_text(encoding="utf-8")):
            name = next(g for g in match.groups() if g)
            used |= {name, *sources.dependencies(name, root)} if (root / "snippets" / f"{name}.py").exists() else set()
        text = (root / "docs" / f"{stem}.md").read_text(encoding="utf-8")
        if "{{ " + module + "." in text or "{{" + module + "." in text:
            used |= {module}
        if module in used:
            stems.append(stem)
    return stems


def prose_literals(text: str) -> list[tuple[int, str, float]]:
    """Numbers written by hand in a page's prose (not code, not facts): (line, text, value)."""
    text = re.sub(r"```.*?```", lambda m: "\n" * m[0].count("\n"), text, flags=re.S)
    text = re.sub(r"`[^`\n]*`|\{\{.*?\}\}|\]\([^)]*\)", " ", text)
    found = []
    for match in NUMBER.finditer(text):
        if match["power"] is not None:
            value = 10.0 ** int(match["power"])
        else:
            value = float(match["number"]) * (10.0 ** int(match["exponent"]) if match["exponent"] else 1)
        found.append((text.count("\n", 0, match.start()) + 1, match[0], value))
    return found


def close(a: float, b: float) -> bool:
    return a == b or (a != 0 and b != 0 and abs(a - b) <= 0.05 * max(abs(a), abs(b)))


def quotes(written: str, value: float, number: float) -> bool:
    """Does a number written in the prose quote this computed number? A power of ten quotes
    any number of that order of magnitude; other numbers, one within 5 %."""
    if written.startswith("10^{") and number != 0:
        return round(math.log10(abs(number))) == round(math.log10(value))
    return close(value, number)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", nargs="*", help="only these snippets modules")
    parser.add_argument("--limit", type=int, default=0, help="at most this many mutants per module")
    parser.add_argument("--sample", type=int, default=0, help="a seeded random sample of this many mutants, all modules")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fingerprint", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fingerprint:
        root, *pages = args.fingerprint
        print(json.dumps(fingerprint(Path(root), pages)))
        return

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        for part in PARTS:
            source = ROOT / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / part)
        modules = args.modules or sorted(p.stem for p in (root / "snippets").glob("*.py") if p.stem != "__init__")
        results = {"results": [], "code": [], "build": [], "tests": [], "survived": []}
        stale = []
        chosen = None
        if args.sample:
            import random  # noqa: PLC0415
            everything = [(module, i) for module in modules
                          for i in range(len(mutants((root / "snippets" / f"{module}.py").read_text(encoding="utf-8"))))]
            chosen = set(random.Random(args.seed).sample(everything, min(args.sample, len(everything))))
            print(f"{len(chosen)} of {len(everything)} mutants, seed {args.seed}")
        for module in modules:
            path = root / "snippets" / f"{module}.py"
            original = path.read_text(encoding="utf-8")
            todo = mutants(original)[: args.limit or None]
            if chosen is not None:
                todo = [m for i, m in enumerate(todo) if (module, i) in chosen]
            if not todo:
                continue
            pages = dependents(module, root) or [stem for stem in ("index",)]
            baseline = fingerprint_in_subprocess(root, pages)
            print(f"{module}: {len(todo)} mutants, pages {pages}", flush=True)
            for desc, line, _, mutated in todo:
                path.write_text(mutated, encoding="utf-8")
                label = f"snippets/{module}.py:{line}: {desc}"
                try:
                    now = fingerprint_in_subprocess(root, pages)
                except subprocess.TimeoutExpired:
                    now = {"pages": {p: {"build fails": "timeout"} for p in pages}, "numbers": {}}
                if any("build fails" in parts for parts in now["pages"].values()):
                    results["build"].append(label)
                elif now["pages"] != baseline["pages"]:
                    only_code = all({k: v for k, v in now["pages"][p].items() if k != "code"} ==
                                    {k: v for k, v in baseline["pages"][p].items() if k != "code"} for p in now["pages"])
                    results["code" if only_code else "results"].append(label)
                    for src, numbers in baseline["numbers"].items():  # hand-written quotes of changed numbers
                        gone = [n for n in numbers if not any(close(n, m) for m in now["numbers"].get(src, []))]
                        text = (root / "docs" / src).read_text(encoding="utf-8")
                        for lineno, written, value in prose_literals(text):
                            if any(quotes(written, value, n) for n in gone):
                                stale.append(f"{src}:{lineno}: '{written}' (after {label})")
                else:
                    tests = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                                            "snippets", "tests/check"], cwd=root, capture_output=True, text=True,
                                           env={**os.environ, "PYTHONPATH": str(root)}, timeout=600)
                    results["tests" if tests.returncode else "survived"].append(label)
                print(f"  {label}: {next(k for k, v in results.items() if v and v[-1] == label)}", flush=True)
            path.write_text(original, encoding="utf-8")

    total = sum(len(v) for v in results.values())
    killed = total - len(results["survived"])
    print(f"\n{total} mutants in {time.perf_counter() - started:.0f} s: {killed} killed "
          f"({killed / max(total, 1):.1%}): results on the page changed {len(results['results'])}, only the code shown "
          f"changed {len(results['code'])}, build failed {len(results['build'])}, "
          f"tests failed {len(results['tests'])}; survived {len(results['survived'])}")
    for label in results["survived"]:
        print(f"  survived: {label}")
    print(f"possible stale quotes in the prose: {len(set(stale))}")
    for quote in sorted(set(stale)):
        print(f"  {quote}")


if __name__ == "__main__":
    main()
