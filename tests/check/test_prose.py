"""The pages' words: Korean written in Korean, and both languages saying the same things.

Checked on the Markdown sources, outside code blocks; each failure names the file and line.
"""

import difflib
import re
import sys
import textwrap

import pytest

from sitegen import korean, project

DOCS = project.ROOT / project.DOCS
KOREAN_PAGES = sorted(p for p in DOCS.glob("*.md") if project.language_of(p.name) == project.KOREAN)
FENCE = re.compile(r"^([ \t]*)```.*?^\1```[ \t]*$", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]+`")
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)[^$\n]+?(?<!\s)\$(?!\$)")
DISPLAY_MATH = re.compile(r"^\s*\$\$.*?\$\$", re.S | re.M)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
TEXT_IN_MATH = re.compile(r"\\text\{[^}]*\}")


def prose(path) -> str:
    """The page without front matter and code blocks; lines kept where they were."""
    text = path.read_text(encoding="utf-8")
    blank = lambda m: "\n" * m[0].count("\n")  # noqa: E731
    return FENCE.sub(blank, FRONT_MATTER.sub(blank, text))


def findings(path, pattern, text=None):
    text = prose(path) if text is None else text
    return [f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}: …{text[max(0, m.start() - 25):m.end() + 5]}…"
            for m in pattern.finditer(text)]


@pytest.mark.parametrize("page", KOREAN_PAGES, ids=lambda p: p.name)
def test_a_particle_is_attached_to_the_math_or_code_before_it(page):
    found = findings(page, korean.DETACHED)
    assert not found, "write the particle on, with no space ($h$를, `x`가):\n" + "\n".join(found)


@pytest.mark.parametrize("page", KOREAN_PAGES, ids=lambda p: p.name)
def test_no_particle_depends_on_how_a_computed_number_is_read(page):
    found = findings(page, korean.NUMBER_PARTICLE)
    assert not found, "the computed digits pick the particle: rephrase (…이고, …입니다, …까지):\n" + "\n".join(found)


@pytest.mark.parametrize("page", KOREAN_PAGES, ids=lambda p: p.name)
def test_a_particle_after_a_power_of_ten_fits_its_sound(page):
    found = findings(page, korean.POWER_PARTICLE)
    assert not found, "10^{k} is read '…제곱': write 이/은/을/으로/과:\n" + "\n".join(found)


@pytest.mark.parametrize("page", KOREAN_PAGES, ids=lambda p: p.name)
def test_korean_wording(page):
    found = [f"{line}  -> {advice}" for pattern, advice in korean.WORDING for line in findings(page, pattern)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("page", KOREAN_PAGES, ids=lambda p: p.name)
def test_korean_prose_is_in_the_hamnida_style(page):
    text = INLINE_MATH.sub(" ", INLINE_CODE.sub(" ", prose(page)))
    found = findings(page, korean.PLAIN_ENDING, text)
    assert not found, "end sentences in 합니다체 (-니다.):\n" + "\n".join(found)


def test_the_hamnida_lint_catches_what_it_should():
    assert korean.PLAIN_ENDING.search("값이 0이 된다. 그래서") and korean.PLAIN_ENDING.search("이것이 답이다.")
    assert not korean.PLAIN_ENDING.search("값이 0이 됩니다. 그래서") and not korean.PLAIN_ENDING.search("해 봅시다.")
    assert korean.PLAIN_ENDING.search("값이 0이 돼요. 그래서") and korean.PLAIN_ENDING.search("이것이 답이에요.")
    assert not korean.PLAIN_ENDING.search("먼저 예측해 보세요. 그리고") and not korean.PLAIN_ENDING.search("왜 그럴까요? 이")


def test_the_power_particle_lint_catches_what_it_should():
    assert korean.POWER_PARTICLE.search("$h = 10^{-4}$는 좋습니다") and korean.POWER_PARTICLE.search("{{ a.b:.1e }}가 됩니다")
    assert not korean.POWER_PARTICLE.search("$10^{-4}$은") and not korean.POWER_PARTICLE.search("{{ a.b:.3f }}가")


def test_the_particle_lint_catches_what_it_should():
    assert korean.DETACHED.search("$h$ 를 줄이면") and korean.DETACHED.search("`x` 가 바뀝니다")
    assert korean.DETACHED.search("값은 $10$ 입니다.") and korean.DETACHED.search("(`f`) 의 값")
    assert not korean.DETACHED.search("$h$를 줄이면") and not korean.DETACHED.search("$x$ 이동")
    assert not korean.DETACHED.search("`x` 가운데")


def math_and_code(path) -> dict[str, list[tuple[int, str]]]:
    """A page's code blocks, display formulas and inline formulas, each with its line."""
    text = path.read_text(encoding="utf-8")
    raw = FRONT_MATTER.sub(lambda m: "\n" * m[0].count("\n"), text)
    line = lambda at: raw.count("\n", 0, at) + 1  # noqa: E731
    blank = lambda m: "\n" * m[0].count("\n")  # noqa: E731
    no_code = FENCE.sub(blank, raw)
    no_display = DISPLAY_MATH.sub(blank, INLINE_CODE.sub(lambda m: " " * len(m[0]), no_code))
    return {
        "code block": [(line(m.start()), textwrap.dedent(m[0]).strip()) for m in FENCE.finditer(raw)],
        "display formula": [(line(m.start()), " ".join(m[0].split())) for m in DISPLAY_MATH.finditer(no_code)],
        "inline formula": [(line(m.start()), m[0]) for m in INLINE_MATH.finditer(no_display)],
    }


def parity_problems(stem: str) -> list[str]:
    """Where the two languages of a page differ in code or math: file:line and the whole item."""
    ko, en = (DOCS / project.KOREAN.page_file(stem), DOCS / project.ENGLISH.page_file(stem))
    items = {path: math_and_code(path) for path in (ko, en)}
    problems = []
    for kind in items[ko]:
        a, b = items[ko][kind], items[en][kind]
        if kind == "inline formula":  # word order differs between the languages: compare as sets
            a, b = sorted(a, key=lambda item: (item[1], item[0])), sorted(b, key=lambda item: (item[1], item[0]))
        same = lambda t: TEXT_IN_MATH.sub(r"\\text{…}", t)  # noqa: E731  (words in a formula are translated)
        matcher = difflib.SequenceMatcher(a=[same(t) for _, t in a], b=[same(t) for _, t in b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            problems += [f"{ko.name}:{n}: {kind} not in {en.name}: {t}" for n, t in a[i1:i2]]
            problems += [f"{en.name}:{n}: {kind} not in {ko.name}: {t}" for n, t in b[j1:j2]]
    return problems


@pytest.mark.parametrize("stem", project.pages(), ids=str)
def test_both_languages_have_the_same_math_and_code(stem):
    """The same code blocks and display formulas in the same order, the same inline formulas."""
    problems = parity_problems(stem)
    assert not problems, "the two languages must show the same code and math:\n" + "\n".join(problems)


def test_the_parity_check_names_the_line_and_the_whole_formula(tmp_path, monkeypatch):
    long = "$" + " + ".join(f"x_{{{i}}}" for i in range(40)) + "$"
    (tmp_path / "p.md").write_text(f"# P\n\nText {long} here.\n")
    (tmp_path / "p.en.md").write_text("# P\n\nText here.\n\nMore $y$.\n")
    monkeypatch.setattr(sys.modules[__name__], "DOCS", tmp_path)
    assert sorted(parity_problems("p")) == ["p.en.md:5: inline formula not in p.md: $y$",
                                            f"p.md:3: inline formula not in p.en.md: {long}"]
