"""The notebooks: one per section and language, standalone, and saying what the pages say."""

import json
import re
import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from test_page_outputs import page_code_blocks, resolve

from sitegen import project
from sitegen.notebooks import run

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TOPICS = project.topics()
CASES = [(topic, lang) for topic in TOPICS for lang in ("ko", "en")]
CHECKS = re.compile(rf":{project.CHECKS_SECTION}\w+\"")  # a block of the package's input checks
FENCE = re.compile(r"^(?P<indent> *)```python(?P<exec>[^\n]*)\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)


def suffix(lang):
    return "" if lang == "ko" else ".en"


def downloaded(site: Path, topic: str, lang: str) -> Path:
    return site / ("en/" if lang == "en" else "") / "notebooks" / topic / f"{topic}{suffix(lang)}.ipynb"


def test_every_section_has_a_notebook():
    """Topics come from nav: every section page with a module of its name."""
    sections = [stem for stem in project.pages() if stem not in ("index", "glossary", "about")]
    assert TOPICS == sections and len(TOPICS) >= 6


@pytest.mark.parametrize("topic, lang", CASES)
def test_site_has_a_rendered_page_and_a_download(built_site, topic, lang):
    prefix = "en/" if lang == "en" else ""
    page = built_site.site / prefix / "notebooks" / topic / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    assert soup.select(".jp-Notebook .jp-CodeCell"), "not rendered as a notebook"
    assert soup.select(".jp-OutputArea-output"), "rendered without outputs"
    assert downloaded(built_site.site, topic, lang).is_file()
    # the section page links to both
    section = BeautifulSoup((built_site.site / prefix / topic / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in section.select("article a[href]")]
    assert f"../notebooks/{topic}/" in hrefs
    assert f"../notebooks/{topic}/{topic}{suffix(lang)}.ipynb" in hrefs


@pytest.mark.parametrize("topic, lang", CASES)
def test_notebook_code_is_the_code_the_page_shows(built_site, topic, lang):
    notebook = nbformat.read(downloaded(built_site.site, topic, lang), as_version=4)
    sources = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    page = DOCS / f"{topic}{suffix(lang)}.md"
    text = page.read_text(encoding="utf-8")
    shown = []
    for fence in FENCE.finditer(text):
        body = textwrap.dedent(fence["body"]).strip().splitlines()
        lines = [line for line in body if "markdown-exec: hide" not in line]
        if not CHECKS.search("\n".join(lines)):  # the package's input checks: page only
            shown.append(lines)
    assert shown
    for lines in shown:
        code = resolve(lines).strip()
        assert code in sources, f"{page.name}: a code block is not a cell of the notebook:\n{code[:300]}"


@pytest.mark.parametrize("topic, lang", CASES)
def test_notebook_prints_what_the_page_shows(built_site, topic, lang):
    notebook = nbformat.read(downloaded(built_site.site, topic, lang), as_version=4)
    printed = {cell.source: "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
               for cell in notebook.cells if cell.cell_type == "code"}
    page = DOCS / f"{topic}{suffix(lang)}.md"
    soup = BeautifulSoup((built_site.site / ("en/" if lang == "en" else "") / topic / "index.html").read_text(encoding="utf-8"), "html.parser")
    shown = [block.select_one("pre.output").get_text() for block in soup.select("article .result")]
    blocks = [re.sub(r"^.*markdown-exec: hide.*\n", "", code, flags=re.M).strip() for code in page_code_blocks(page)]
    assert len(blocks) == len(shown)
    checks = {re.sub(r"^.*markdown-exec: hide.*\n", "", resolve(textwrap.dedent(f["body"]).strip().splitlines()),
                     flags=re.M).strip() for f in FENCE.finditer(page.read_text(encoding="utf-8")) if CHECKS.search(f["body"])}
    for code, output in zip(blocks, shown):
        if code in checks:
            assert code not in printed, f"{page.name}: the notebook holds the input checks' demo\n{code[:200]}"
            continue
        assert printed[code].strip() == output.strip(), f"{page.name}: the notebook printed something else for\n{code[:200]}"


@pytest.mark.parametrize("topic, lang", CASES)
def test_notebook_has_figures_with_alt_text_and_ends_with_exercises(built_site, topic, lang):
    notebook = nbformat.read(downloaded(built_site.site, topic, lang), as_version=4)
    headings = [line for cell in notebook.cells if cell.cell_type == "markdown" for line in cell.source.splitlines() if line.startswith("## ")]
    assert headings[-1] == ("## 직접 해 보기" if lang == "ko" else "## Try it yourself")
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    last_turn = max(n for n, cell in enumerate(code) if cell.source.startswith("# ") and "\n" not in cell.source)
    answer = code[last_turn + 1:]  # after the reader's last empty cell: the last answer, folded and run
    assert answer and all(cell.metadata["jupyter"]["source_hidden"] for cell in answer)
    assert any(cell.outputs for cell in answer)
    figures = len(re.findall(r"\]\(figures/", (DOCS / f"{topic}{suffix(lang)}.md").read_text(encoding="utf-8")))
    images = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if "image/png" in o.get("data", {})]
    assert len(images) == figures
    page = BeautifulSoup((built_site.site / ("en/" if lang == "en" else "") / "notebooks" / topic / "index.html").read_text(encoding="utf-8"), "html.parser")
    alts = [img.get("alt", "") for img in page.select("article img:not(.math)")]
    assert len(alts) == figures and all(len(alt) > 20 for alt in alts)


NOTEBOOK_PAGE_LIMIT = 300 * 1000  # bytes of HTML: a notebook page loads like a lesson page (issue 18)


def test_notebook_pages_are_light(built_site):
    """Their figures and formulas are files (loaded lazily), not data inside the HTML."""
    for topic, lang in CASES:
        page = built_site.site / ("en/" if lang == "en" else "") / "notebooks" / topic / "index.html"
        html = page.read_text(encoding="utf-8")
        assert len(html.encode()) <= NOTEBOOK_PAGE_LIMIT, f"{page}: {len(html.encode()):,} bytes"
        assert "data:image" not in html and "<use " not in html, page


def test_notebooks_carry_no_run_dependent_data(built_site):
    for topic, lang in CASES:
        text = downloaded(built_site.site, topic, lang).read_text(encoding="utf-8")
        assert '"execution"' not in text and "iopub" not in text
        ids = [cell["id"] for cell in json.loads(text)["cells"]]
        assert ids == [f"cell-{n}" for n in range(len(ids))]


# A machine with numpy and matplotlib but not this project: the kernel cannot import it.
OUTSIDE = """import sys
class _Outside:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("snippets", "sitegen"):
            raise ModuleNotFoundError(f"No module named {name!r}: this runs outside the project")
sys.meta_path.insert(0, _Outside())
"""


def outside_env(folder: Path) -> dict:
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(OUTSIDE)
    return {"PATH": "/usr/bin:/bin", "HOME": str(folder), "PYTHONPATH": str(folder)}


def run_fresh(path: Path, workdir: Path, env: dict) -> subprocess.CompletedProcess:
    """Execute a notebook, outputs cleared, in a fresh kernel in an empty folder."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    workdir.mkdir()
    nbformat.write(notebook, workdir / path.name)
    for data in path.parent.glob(project.SNIPPET_DATA):  # downloaded with it, from its folder
        shutil.copyfile(data, workdir / data.name)
    script = ("import nbformat, nbclient, sys; nb = nbformat.read(sys.argv[1], as_version=4); "
              "nbclient.NotebookClient(nb, timeout=120, kernel_name='python3', allow_errors=False).execute(); "
              "nbformat.write(nb, sys.argv[1])")
    return subprocess.run([sys.executable, "-c", script, path.name], cwd=workdir, capture_output=True, text=True,
                          env=env, timeout=300)


def code_of(path: Path) -> list[str]:
    """The code cells, with the comment lines that are in the notebook's language made neutral."""
    return [run.neutral(c.source) for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_downloaded_notebooks_run_standalone_in_a_fresh_kernel(built_site, tmp_path):
    """Only numpy and matplotlib are needed: `snippets` cannot even be imported from there.
    The Korean and English notebooks of a topic hold the same code: each runs once."""
    env = outside_env(tmp_path / "outside")
    jobs = []
    for topic in TOPICS:
        ko, en = (downloaded(built_site.site, topic, lang) for lang in ("ko", "en"))
        assert code_of(ko) == code_of(en), f"{topic}: the two languages' notebooks run different code"
        jobs.append((ko, tmp_path / topic))
    jobs.sort(key=lambda job: -job[0].stat().st_size)  # the longest first: a long run does not start last
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: run_fresh(*job, env), jobs))
    failures = [f"{path.name}: {result.stderr[-800:]}" for (path, _), result in zip(jobs, results) if result.returncode]
    assert not failures, "\n".join(failures)
    for path, workdir in jobs:  # and it prints what the build's run printed
        fresh = nbformat.read(workdir / path.name, as_version=4)
        built = nbformat.read(path, as_version=4)
        for a, b in zip(fresh.cells, built.cells):
            if a.cell_type == "code":
                printed = ["".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream") for cell in (a, b)]
                assert printed[0] == printed[1], f"{path.name}: {a.source[:80]}"
    probe = subprocess.run([sys.executable, "-c", "import snippets"], cwd=tmp_path, capture_output=True, env=env)
    assert probe.returncode != 0 and b"outside the project" in probe.stderr
