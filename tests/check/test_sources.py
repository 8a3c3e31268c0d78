"""The build sees the `snippets` package as pymdownx.snippets and Python see it."""

import sys
import textwrap

from sitegen import project, sources


def test_sections_are_cut_by_pymdownx_snippets_itself():
    text = sources.section("derivative", "square")
    assert text.startswith("def square(x):") and "--8<--" not in text


def test_every_import_form_is_a_dependency():
    source = textwrap.dedent("""\
        import numpy as np
        import snippets.alpha
        from snippets.beta import x
        from snippets import gamma, delta as d
        import snippets.epsilon as e
        from . import nothing
        """)
    assert sources.imported_modules(source) == ["alpha", "beta", "gamma", "delta", "epsilon"]


def test_dependencies_of_the_real_modules_come_first():
    deps = sources.dependencies("gradient_descent")
    assert deps.index("derivative") < deps.index("partial_derivative") < deps.index("gradient")


def test_a_snapshot_runs_the_bytes_it_hashed(tmp_path):
    folder = tmp_path / "snippets"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "base.py").write_text("VALUE = 1\n")
    (folder / "top.py").write_text("import snippets.base\n\ndef value():\n    return snippets.base.VALUE\n")
    snapshot = sources.Snapshot("top", tmp_path)
    (folder / "base.py").write_text("VALUE = 2\n")  # changed after the snapshot was taken
    with snapshot.loaded() as module:
        assert module.value() == 1
    assert sources.Snapshot("top", tmp_path).key != snapshot.key
    assert "snippets.top" not in sys.modules or sys.modules["snippets.top"] is not module


def test_project_snippets_are_imported_fresh_from_disk(tmp_path):
    folder = tmp_path / "snippets"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    (folder / "fresh.py").write_text("N = 1\n")
    saved = {n: m for n, m in sys.modules.items() if n.split(".")[0] == "snippets"}
    try:
        sources.use_project_snippets(tmp_path)
        import snippets.fresh
        assert snippets.fresh.N == 1
        (folder / "fresh.py").write_text("N = 2\n")
        sources.use_project_snippets(tmp_path)  # the next build
        import snippets.fresh as again
        assert again.N == 2
    finally:
        sources._forget_snippets()
        sys.modules.update(saved)


def test_topics_are_the_nav_pages_with_a_module():
    assert project.topics() == [s for s in project.pages() if (project.ROOT / "snippets" / f"{s}.py").is_file()]
    assert project.topics(nav=["index.md", "gradient.md", "glossary.md"]) == ["gradient"]


def test_the_i18n_languages_are_the_project_languages():
    languages = next(p["i18n"] for p in project.read_config()["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]
    assert [(lang["locale"], bool(lang.get("default"))) for lang in languages] == \
           [(lang.code, n == 0) for n, lang in enumerate(project.LANGUAGES)]
