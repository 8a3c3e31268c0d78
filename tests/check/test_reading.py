"""The front page's reading path (sitegen/reading.py): outcomes from each page's front
matter, reading times computed from the pages as they are now."""

import pytest

from sitegen import project, reading
from sitegen.faults import AuthoringError

KO, EN = project.KOREAN, project.ENGLISH
WORDS = "가나다라 마바사아 " * 60  # 600 characters of Korean prose


def test_prose_code_math_and_figures_take_time_and_folds_do_not():
    base = reading.minutes(f"# T\n\n{WORDS}\n", KO)
    assert base == pytest.approx(600 / reading.READING_SPEED["ko"], abs=1)
    folded = f"# T\n\n{WORDS}\n\n??? note \"더 알아보기: x\"\n\n    {WORDS * 5}\n\n    ```python\n" + "    x = 1\n" * 99 + \
             "    ```\n"
    assert reading.minutes(folded, KO) == base
    code = f"# T\n\n{WORDS}\n\n```python\n" + "x = 1\n" * 60 + "```\n"
    assert reading.minutes(code, KO) == base + 60 // reading.CODE_LINES
    snippet = f'# T\n\n{WORDS}\n\n```python\n--8<-- "snippets/gradient.py:numerical_gradient"\n```\n'
    assert reading.minutes(snippet, KO) > base  # a snippet line counts the lines it stands for
    assert reading.minutes(f"# T\n\n{WORDS}\n\n$$\nx^2\n$$\n\n$$\ny\n$$\n\n![a](figures/m.f.svg)\n", KO) == \
        pytest.approx(base + (2 * reading.FORMULA_SECONDS + reading.FIGURE_SECONDS) / 60, abs=1)


def test_english_reads_faster_per_character():
    text = f"# T\n\n{'abcdefgh ' * 200}\n"
    assert reading.minutes(text, EN) < reading.minutes(text, KO)


def test_the_path_lists_every_lesson_page_in_nav_order_with_its_outcome():
    for lang in project.LANGUAGES:
        path = reading.reading_path(lang, project.ROOT, None)
        lessons = project.topics()
        assert [line.split("](")[1].split(")")[0] for line in path.splitlines() if line[:1].isdigit()] == \
            [f"{t}.md" for t in lessons]
        assert path.count(f"({reading.TEXT[lang.code]['optional']})") == 1  # better_derivatives


def test_a_lesson_page_without_an_outcome_fails_in_one_line(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "demo.py").write_text("")
    (tmp_path / "docs" / "demo.md").write_text("---\ndescription: d\n---\n\n# Demo\n\nWords.\n")
    with pytest.raises(AuthoringError) as error:
        reading.reading_path(KO, tmp_path, ["index.md", "demo.md"])
    assert str(error.value).startswith("docs/demo.md: has no 'outcome:' in its front matter")
    assert "\n" not in str(error.value)
