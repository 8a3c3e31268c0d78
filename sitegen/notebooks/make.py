"""Page -> notebook: the notebook of ``docs/<topic>.md`` is made from the page itself.

Its prose becomes Markdown cells (with the values the page quotes, sitegen/facts.py), every
code block becomes a code cell holding the snippet text the page shows, and each figure a
cell that calls its figure function. A "setup" cell at the top carries the definitions the
notebook's cells use without the page showing them, so the notebook runs on its own with
numpy and matplotlib: it never imports this project. jupytext reads the result.

Every code cell remembers where it came from (the page and line of its code block, the
snippet section), so a cell that fails at build time is reported there.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat

from sitegen import facts, faults, figures, project, sources
from sitegen.cache import Cache, digest
from sitegen.faults import AuthoringError
from sitegen.notebooks import setup
from sitegen.project import Language

TEXT = {
    "ko": {
        "intro": "이 노트북은 사이트의 [{title}]({url}) 페이지에서 만들어졌습니다. numpy와 matplotlib만 있으면 "
                 "위에서부터 차례로 실행됩니다. 코드를 바꿔 가며 직접 실험해 보세요.",
        "setup": "## 준비\n\n먼저 실행해 두세요. 이 노트북이 쓰는 모듈과 앞 절에서 만든 함수를 불러옵니다.",
        "helper": "# 도우미 코드: 다음 셀이 쓰지만 페이지에는 나오지 않는 정의입니다.",
        "your_turn": "# 여기에 직접 작성해 보세요.",
        "data": "이 노트북은 같은 폴더에 있는 {files} 파일을 읽습니다. 노트북과 함께 내려받으세요.",
        "checks": "*(여기서 페이지는 `snippets` 패키지의 입력 검사를 보여 줍니다. 노트북의 코드에는 입력 검사가 없으므로 "
                  "이 코드는 빠졌습니다. 출력은 [페이지]({url})에서 볼 수 있습니다.)*",
    },
    "en": {
        "intro": "This notebook was made from the site's [{title}]({url}) page. It runs top to bottom with only "
                 "numpy and matplotlib installed. Change the code and experiment.",
        "setup": "## Setup\n\nRun this first. It imports the modules this notebook uses and defines the functions "
                 "from earlier sections that it needs.",
        "helper": "# Helper code: definitions the next cell uses that the page does not show.",
        "your_turn": "# Write your own code here.",
        "data": "This notebook reads {files} from its own folder: download it with the notebook.",
        "checks": "*(Here the page shows the input checks of the `snippets` package. The notebook's code has no "
                  "input checks, so this code is left out. See its output on [the page]({url}).)*",
    },
}
FENCE = re.compile(r"^```(?P<info>.*)$")
ADMONITION = re.compile(r'^(?P<marker>!!!|\?\?\?\+?) (?P<kind>\w+)(?: "(?P<title>.*)")?$')
PAGE_LINK = re.compile(r"\]\((?P<page>\w+)\.md(?P<anchor>#[^)]*)?\)")
ICONS = {"warning": "⚠️", "danger": "⛔", "note": "ℹ️", "tip": "💡", "question": "❓", "example": "🔎",
         "success": "✅", "info": "ℹ️"}
HIDE = "markdown-exec: hide"
HELPER = "\0helper {n}\0"  # where a helper cell may go: just before page cell n
ANSWER = "success"  # an exercise's folded answer (`??? success "답"`) in the exercises section


@dataclass
class Made:
    """An unexecuted notebook, where each of its code cells came from, its figures' alt texts."""
    notebook: nbformat.NotebookNode
    origins: list[str] = field(default_factory=list)
    figure_alts: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)  # data files its code reads (absolute paths)


def page_url(site_url: str, lang: Language, stem: str, anchor: str = "") -> str:
    return f"{site_url}{lang.url(stem)}{anchor}"


class _Writer:
    def __init__(self, page: str, lang: Language, root: Path, site_url: str):
        self.page, self.lang, self.root, self.site_url = page, lang, root, site_url
        self.origins: list[str] = []
        self.figure_alts: list[str] = []
        self.shown_sections: set[tuple[str, str]] = set()
        self.cells: list[str] = []
        self.in_exercises = False
        self.answer_cells: set[int] = set()  # cells inside an exercise's answer
        self._answer_depth = 0

    def cell_sources(self) -> list[str]:
        return list(self.cells)

    def code(self, first_line: int, lines: list[str]) -> list[str]:
        refs, code = [], []
        for n, line in enumerate(lines, start=first_line + 1):  # first_line is the opening fence
            if HIDE in line:
                continue
            if match := project.SNIPPET_LINE.match(line):
                refs.append(f"snippets/{match['module']}.py:{match['section']}")
                self.shown_sections.add((match["module"], match["section"]))
                try:
                    code.append(sources.expand(line, self.root))
                except LookupError as error:
                    raise AuthoringError(f"{self.page}:{n}", f"{line.strip()}: {error}") from None
            else:
                code.append(line)
        self.origins.append(f"{self.page}:{first_line}" + (f" ({', '.join(refs)})" if refs else ""))
        return self.cell("\n".join(code).strip())

    def cell(self, source: str) -> list[str]:
        if self._answer_depth:
            self.answer_cells.add(len(self.cells))
        self.cells.append(source)
        return [HELPER.format(n=len(self.cells) - 1), "```python", source, "```"]

    def convert(self, lines: list[str], offset: int) -> list[str]:
        """Page Markdown lines -> Markdown that jupytext reads as a notebook."""
        out: list[str] = []
        i = 0
        while i < len(lines):
            line, number = lines[i], offset + i + 1
            if line.startswith("## "):
                self.in_exercises = line[3:].strip() == project.EXERCISES[self.lang.code]
            if match := ADMONITION.match(line):
                body = []
                i += 1
                while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                    body.append(lines[i])
                    i += 1
                answer = self.in_exercises and match["kind"] == ANSWER
                if answer:  # the reader's own try comes first, in an empty cell
                    self.origins.append(f"{self.page}:{number} (an empty cell for the reader's answer)")
                    out += self.cell(TEXT[self.lang.code]["your_turn"]) + [""]
                out += [f"> **{ICONS.get(match['kind'], '')} {match['title'] or ''}**".replace("**  ", "** "), ""]
                self._answer_depth += answer
                inner = self.convert(textwrap.dedent("\n".join(body)).split("\n"), number)
                self._answer_depth -= answer
                out += inner
                continue
            if line.strip() == "/// caption":
                caption = []
                i += 1
                while lines[i].strip() != "///":
                    caption.append(lines[i].strip())
                    i += 1
                out.append(f"*{' '.join(caption)}*")
                i += 1
                continue
            if (match := project.FIGURE_REF.fullmatch(line.strip())) and \
                    (name := project.FIGURE_NAME.fullmatch(match["path"])):
                # a figure is a call of its function; a slider's, with the value it shows first
                where = f"{self.page}:{number}"
                figures.check_request(match["path"], [where], self.root)
                slider = figures.parse_slider(match["attrs"], where, match["path"])
                alt, call = match["alt"], f"{name['func']}()"
                if slider is not None:
                    alt = alt.replace("{" + slider.param + "}", slider.default)
                    call = f"{name['func']}({slider.param}={slider.default})  # {slider.param}: " \
                           f"{', '.join(slider.values)}"
                self.figure_alts.append(alt)
                self.origins.append(f"{where} (figure {name['module']}.{name['func']})")
                out += self.cell(call)
                i += 1
                continue
            if FENCE.match(line):
                start, code = number, []
                i += 1
                while not lines[i].startswith("```"):
                    code.append(lines[i])
                    i += 1
                if any((m := project.SNIPPET_LINE.match(c)) and m["section"].startswith(project.CHECKS_SECTION)
                       for c in code):  # the package's checks: not in plain code
                    out.append(TEXT[self.lang.code]["checks"].format(
                        url=page_url(self.site_url, self.lang, Path(self.page).name.split(".")[0])))
                else:
                    out += self.code(start, code)
                i += 1
                continue
            out.append(PAGE_LINK.sub(lambda m: f"]({page_url(self.site_url, self.lang, m['page'], m['anchor'] or '')})", line))
            i += 1
        return out


def make_notebook(topic: str, lang: Language, root: Path, site_url: str) -> Made:
    """The unexecuted notebook of a page in one language."""
    src = lang.page_file(topic)
    page = f"{project.DOCS}/{src}"
    markdown = facts.substitute((root / project.DOCS / src).read_text(encoding="utf-8"), src, root)
    front = re.match(r"\A---\n.*?\n---\n", markdown, re.S)
    offset = faults.line_of(markdown, front.end()) - 1 if front else 0
    body = markdown[front.end():] if front else markdown
    title = re.search(r"^# (.+)$", body, re.M)
    if not title:
        raise AuthoringError(page, "has no title (a first line '# ...')")

    writer = _Writer(page, lang, root, site_url)
    converted = writer.convert(body.split("\n"), offset)
    heading_at = next(n for n, line in enumerate(converted) if line.startswith("# "))
    text = TEXT[lang.code]
    plan = setup.plan(topic, writer, root)
    if plan.first_lines() > setup.FIRST_CELL_LINES:
        raise AuthoringError(page, f"the notebook's first cell would be {plan.first_lines()} lines (at most "
                             f"{setup.FIRST_CELL_LINES}): it holds the imports and the earlier pages' functions "
                             "this page uses; show fewer of them, or shorten them")
    head = [converted[heading_at], "", text["intro"].format(title=title[1], url=page_url(site_url, lang, topic)), ""]
    code_text = "\n".join(writer.cell_sources()) + plan.first + "".join(plan.helpers.values())
    data = [p for p in sorted((root / project.SNIPPETS).glob(project.SNIPPET_DATA)) if p.name in code_text]
    if data:  # beside the notebook in the site (render.py), in its folder when it runs (run.py)
        notebook_folder = page_url(site_url, lang, f"notebooks/{topic}")
        head += [text["data"].format(files=", ".join(f"[{p.name}]({notebook_folder}{p.name})" for p in data)), ""]
    head += [text["setup"], "", "```python", plan.first, "```", ""]
    origins = [f"{page} (the first cell: imports and earlier pages' functions, from snippets/)"]
    hidden: dict[int, dict] = {}  # cells folded where the reader opens them: helpers, exercises' answers
    body_lines: list[str] = []
    for line in converted[heading_at + 1:]:
        if line.startswith("\0helper "):
            n = int(line.split()[1].rstrip("\0"))
            if n in plan.helpers:
                hidden[len(origins)] = {"source_hidden": True}
                origins.append(f"{writer.origins[n]} (the helper cell before it: definitions from snippets/)")
                body_lines += ["```python", text["helper"] + "\n" + plan.helpers[n], "```", ""]
            if n in writer.answer_cells:
                hidden[len(origins)] = {"source_hidden": True, "outputs_hidden": True}
            origins.append(writer.origins[n])
            continue
        body_lines.append(line)
    writer.origins = origins
    notebook = jupytext.reads("\n".join(head + body_lines), fmt="md")
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code_cells) == len(writer.origins), f"{page}: {len(code_cells)} code cells, {len(writer.origins)} origins"
    for n, cell in enumerate(notebook.cells):
        cell.id = f"cell-{n}"  # stable ids: the same bytes on every build
        cell.metadata = {}
    # folded where the reader opens it: JupyterLab, Notebook 7 and the rendered page
    for n, folded in hidden.items():
        code_cells[n].metadata = {"jupyter": folded}
    return Made(notebook, writer.origins, writer.figure_alts, [str(p) for p in data])


_cache = Cache("notebooks-made")
MAKER = digest(*(p.read_bytes() for p in sorted(Path(__file__).parent.glob("*.py"))),
               Path(facts.__file__).read_bytes(), Path(sources.__file__).read_bytes())


def made_notebook(topic: str, lang: Language, root: Path, site_url: str) -> Made:
    """make_notebook, cached under everything it reads: the page, the snippets, the address."""
    _cache.root = root
    snippets = root / project.SNIPPETS
    key = digest(MAKER, jupytext.__version__, lang.code, site_url, topic,
                 (root / project.DOCS / lang.page_file(topic)).read_bytes(),
                 *(part for p in sorted(snippets.glob("*.py")) for part in (p.name, p.read_bytes())),
                 *(part for p in sorted(snippets.glob(project.SNIPPET_DATA)) for part in (p.name, p.read_bytes())))
    cached = _cache.get_text(key)
    if cached is not None:
        data = json.loads(cached)
        return Made(nbformat.reads(data["notebook"], as_version=4), data["origins"], data["alts"], data["data"])
    made = make_notebook(topic, lang, root, site_url)
    _cache.put_text(key, json.dumps({"notebook": nbformat.writes(made.notebook), "origins": made.origins,
                                     "alts": made.figure_alts, "data": made.data}, ensure_ascii=False))
    return made
