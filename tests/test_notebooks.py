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

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TOPICS = sorted(p.stem for p in DOCS.glob("*.md") if "." not in p.stem and (ROOT / "snippets" / f"{p.stem}.py").exists())
CASES = [(topic, lang) for topic in TOPICS for lang in ("ko", "en")]
FENCE = re.compile(r"^(?P<indent> *)```python(?P<exec>[^\n]*)\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)


def suffix(lang):
    return "" if lang == "ko" else ".en"


def downloaded(site: Path, topic: str, lang: str) -> Path:
    return site / ("en/" if lang == "en" else "") / "notebooks" / topic / f"{topic}{suffix(lang)}.ipynb"


def test_every_section_has_a_notebook():
    assert TOPICS == ["derivative", "derivative_examples", "gradient", "gradient_descent", "neural_net", "partial_derivative"]


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
    for code, output in zip(blocks, shown):
        assert printed[code].strip() == output.strip(), f"{page.name}: the notebook printed something else for\n{code[:200]}"


@pytest.mark.parametrize("topic, lang", CASES)
def test_notebook_has_figures_with_alt_text_and_ends_with_experiments(built_site, topic, lang):
    notebook = nbformat.read(downloaded(built_site.site, topic, lang), as_version=4)
    headings = [line for cell in notebook.cells if cell.cell_type == "markdown" for line in cell.source.splitlines() if line.startswith("## ")]
    assert headings[-1] == ("## 직접 해 보기" if lang == "ko" else "## Try it yourself")
    last_code = [cell for cell in notebook.cells if cell.cell_type == "code"][-2:]
    assert all("experiment" not in cell.source and cell.outputs for cell in last_code)
    figures = len(re.findall(r"\]\(figures/", (DOCS / f"{topic}{suffix(lang)}.md").read_text(encoding="utf-8")))
    images = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if "image/png" in o.get("data", {})]
    assert len(images) == figures
    page = BeautifulSoup((built_site.site / ("en/" if lang == "en" else "") / "notebooks" / topic / "index.html").read_text(encoding="utf-8"), "html.parser")
    alts = [img.get("alt", "") for img in page.select("article img")]
    assert len(alts) == figures and all(len(alt) > 20 for alt in alts)


def test_notebooks_carry_no_run_dependent_data(built_site):
    for topic, lang in CASES:
        text = downloaded(built_site.site, topic, lang).read_text(encoding="utf-8")
        assert '"execution"' not in text and "iopub" not in text
        ids = [cell["id"] for cell in json.loads(text)["cells"]]
        assert ids == [f"cell-{n}" for n in range(len(ids))]


def test_notebooks_import_only_numpy_matplotlib_and_the_standard_library(built_site):
    allowed = {"numpy", "matplotlib", "math", "numbers"}
    for topic, lang in CASES:
        notebook = nbformat.read(downloaded(built_site.site, topic, lang), as_version=4)
        code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        imported = set(re.findall(r"^\s*(?:import|from) (\w+)", code, re.M))
        assert imported <= allowed, f"{topic} {lang} imports {imported - allowed}"
        assert "snippets" not in imported


def run_fresh(path: Path, workdir: Path) -> subprocess.CompletedProcess:
    """Execute a notebook, outputs cleared, in a fresh kernel in an empty folder."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    workdir.mkdir()
    nbformat.write(notebook, workdir / path.name)
    script = ("import nbformat, nbclient, sys; nb = nbformat.read(sys.argv[1], as_version=4); "
              "nbclient.NotebookClient(nb, timeout=120, kernel_name='python3', allow_errors=False).execute()")
    return subprocess.run([sys.executable, "-c", script, path.name], cwd=workdir, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(workdir), "PYTHONPATH": ""}, timeout=300)


def test_downloaded_notebooks_run_standalone_in_a_fresh_kernel(built_site, tmp_path):
    """Only numpy and matplotlib are needed: `snippets` cannot even be imported from there."""
    jobs = [(downloaded(built_site.site, topic, lang), tmp_path / f"{topic}-{lang}") for topic, lang in CASES]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: run_fresh(*job), jobs))
    failures = [f"{path.name}: {result.stderr[-800:]}" for (path, _), result in zip(jobs, results) if result.returncode]
    assert not failures, "\n".join(failures)
    # and `snippets` really is out of reach there
    probe = subprocess.run([sys.executable, "-c", "import snippets"], cwd=tmp_path, capture_output=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ""})
    assert probe.returncode != 0
