"""4.4.1's "Try it yourself": each answer runs as the page shows it and shows what it must."""

import contextlib
import io
import re

import numpy as np

from sitegen import project, sources

MODULE = "gradient_descent"


def run(name: str, replace: tuple[str, str] | None = None) -> tuple[dict, list[str]]:
    """Run a snippet section of the module, as a page's code block runs it: its names, its lines."""
    sources.use_project_snippets(project.ROOT)  # this project's snippets, as on disk
    code = sources.section(MODULE, name)
    if replace:
        assert replace[0] in code
        code = code.replace(*replace)
    namespace: dict = {}
    exec(f"from snippets.{MODULE} import *", namespace)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(code, f"snippets/{MODULE}.py:{name}", "exec"), namespace)
    return namespace, buffer.getvalue().splitlines()


def test_gradient_ascent_climbs_to_the_maximum():
    namespace, lines = run("answer_gradient_ascent")
    ascent, hill = namespace["gradient_ascent"], namespace["hill"]
    top = ascent(hill, [-3.0, 4.0], lr=0.1)
    assert np.linalg.norm(top) < 1e-8  # the maximum of -(x0² + x1²) is (0, 0)
    assert len(lines) == 1 and np.allclose(np.array(lines[0].strip("[]").split(), float), top)
    start = np.array([1.0, 2.0])
    one_step = ascent(hill, start, lr=0.1, step_num=1)
    assert hill(one_step) > hill(start)  # ascent goes up, not down
    assert start.tolist() == [1.0, 2.0]  # and leaves init_x alone


def test_the_largest_stable_learning_rate_on_the_elongated_bowl_is_0_1():
    _, lines = run("answer_stable_lr")
    rows = {float(line.split()[0]): np.array(line.split("[")[1].strip("]").split(), float) for line in lines}
    assert set(rows) == {0.09, 0.1, 0.11}
    assert np.linalg.norm(rows[0.09]) < 1e-7  # |1 - 20 lr| = 0.8: converges
    assert abs(abs(rows[0.1][1]) - 1.0) < 1e-6  # |1 - 20 lr| = 1: x1 bounces between 1 and -1
    assert abs(rows[0.11][1]) > 1e6  # |1 - 20 lr| = 1.2: x1 diverges


def test_steps_to_the_origin_are_counted_or_never():
    _, lines = run("experiment_start")
    assert lines[1] == "39"  # sqrt(29) * 0.8**n < 1e-3 first at n = 39
    _, lines = run("experiment_start", ("step_num=100", "step_num=10"))
    assert lines[1] == "None"  # never that close: not step 0


def test_the_slider_facts_cover_the_values_the_page_offers():
    """_slider_facts() checks the paths at SLIDER_LRS: the frames the page's slider shows."""
    from snippets.gradient_descent import SLIDER_LRS

    for lang in project.LANGUAGES:
        text = (project.ROOT / project.DOCS / lang.page_file(MODULE)).read_text(encoding="utf-8")
        frames = re.search(r'learning_rate_paths_figure\.svg\)\{ data-frames="lr: ([^"]+)"', text)
        assert frames, f"{lang.page_file(MODULE)}: no slider for learning_rate_paths_figure"
        assert [float(v) for v in frames[1].split(",")] == [float(v) for v in SLIDER_LRS]
