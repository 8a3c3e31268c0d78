"""The site in a real browser (Chromium, driven by Playwright), served the way a static host
does: what a reader does with it. The language switch, the copy button, the colour schemes,
accessible names, the 404 page, Korean and English search, and the sliders. (Every page's
load, in both schemes, is tests/site/test_every_page.py.)
"""

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_sweep import ARGS, CHROMIUM, SCHEMES, SEARCH_READY, site_pages
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from sitegen.search_ko import PARTICLE, WORD_SEPARATOR
from sitegen.sources import section


@pytest.fixture(scope="session")
def server(built_site):
    """The session's server of the site, on the port it was built for (the sweep uses it too)."""
    return built_site.url


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), "Chromium is missing: `apt-get install chromium` (.ci/run does it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Watched:
    """A page, with every console error, failed request and foreign request it caused."""

    def __init__(self, browser, server, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.errors, self.failed, self.foreign = [], [], []
        origin = urlparse(server).netloc
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} {r.status}"))
        self.page.on("request", lambda r: urlparse(r.url).scheme in ("http", "https")
                     and urlparse(r.url).netloc != origin and self.foreign.append(r.url))

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser, server):
    pages = []

    def open_(**options):
        pages.append(Watched(browser, server, **options))
        return pages[-1]

    yield open_
    for page in pages:
        page.close()


PAGES = site_pages()


def wait_for_search_index(page):
    """Material's search worker loads the index and the language scripts after the page: let it finish."""
    page.wait_for_function(SEARCH_READY)
    page.wait_for_load_state("networkidle")


def test_language_switch_by_clicking(watched, server):
    """Material's switcher (JavaScript) keeps the reader on the same page."""
    w = watched()
    w.page.goto(server + "gradient/", wait_until="load")
    wait_for_search_index(w.page)
    w.page.locator(".md-header__option .md-select").hover()
    w.page.locator('a.md-select__link[hreflang="en"]').click()
    w.page.wait_for_url(server + "en/gradient/")
    assert w.page.get_attribute("html", "lang") == "en"
    wait_for_search_index(w.page)
    assert not w.errors and not w.failed and not w.foreign, (w.errors, w.failed, w.foreign)


@pytest.mark.parametrize("path, index, module, name", [
    ("derivative/", 0, "derivative", "square"),
    ("en/gradient/", 0, "gradient", "numerical_gradient"),
])
def test_copy_button_copies_exactly_the_snippet(watched, server, path, index, module, name):
    w = watched(permissions=["clipboard-read", "clipboard-write"])
    w.page.goto(server + path, wait_until="load")
    block = w.page.locator("article div.highlight").nth(index)
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    copied = w.page.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip() == section(module, name).strip()


def test_color_scheme_toggle_switches_and_is_remembered(watched, server):
    w = watched(color_scheme="light")
    page = w.page
    page.goto(server + "gradient_descent/", wait_until="load")
    scheme = lambda: page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    assert scheme() == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme() == "slate"
    page.reload(wait_until="load")
    assert scheme() == "slate"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme() == "default"
    # readable in both: the text color differs clearly from the background
    for expected in ("default", "slate"):
        page.evaluate(f"() => document.body.setAttribute('data-md-color-scheme', '{expected}')")
        fg, bg = page.evaluate("""() => {
            const s = getComputedStyle(document.querySelector('article'));
            const b = getComputedStyle(document.body);
            return [s.color, b.backgroundColor];
        }""")
        assert fg != bg


@pytest.mark.parametrize("path", ["gradient_descent/", "en/gradient_descent/"])
def test_a_page_opened_in_a_dark_browser_is_dark_from_the_start(watched, server, path):
    """The sweep opens each page in a light browser and switches it with the toggle; a reader
    whose system is dark gets the dark scheme, and the dark figures, from the start."""
    w = watched(color_scheme="dark")
    w.page.goto(server + path, wait_until="load")
    assert w.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == SCHEMES["dark"]
    figure = w.page.locator('article img[src*="figures/"]:visible').first
    assert figure.get_attribute("src").endswith("#only-dark")
    figure.scroll_into_view_if_needed()  # below the first screen, it loads when it comes near
    w.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
    assert not w.errors and not w.failed and not w.foreign, (w.errors, w.failed, w.foreign)


@pytest.mark.parametrize("path", ["derivative/", "en/derivative/"])
def test_search_and_icon_buttons_have_accessible_names(watched, server, path):
    w = watched()
    w.page.goto(server + path, wait_until="load")
    # content.lazy: a code block gets its copy button when it comes into view
    w.page.locator("article div.highlight").first.scroll_into_view_if_needed()
    for selector in ("input.md-search__input", "label.md-header__button[for=__search]", "div.md-search[role=dialog]",
                     "label.md-header__button[for=__drawer]", "button.md-code__button >> nth=0"):
        element = w.page.locator(selector).first
        name = element.evaluate("e => e.getAttribute('aria-label') || e.getAttribute('title') || e.labels?.[0]?.innerText || ''")
        assert name.strip(), f"{selector} has no accessible name"
    for img in w.page.locator("article img:not(.math)").all():
        assert len(img.get_attribute("alt") or "") > 20


def test_404_page_in_both_languages(watched, server):
    for path, lang in (("no/such/page/", "ko"), ("en/no/such/page/", "en")):
        w = watched()
        response = w.page.goto(server + path, wait_until="load")
        assert response.status == 404
        assert w.page.get_attribute("html", "lang") == lang
        assert w.page.locator("article h1").inner_text().strip()


# Korean queries: a term, bare, with a particle attached, or as written inside compounds.
KOREAN_QUERIES = [
    "미분", "미분은", "미분을", "수치 미분", "중심 차분", "전방 차분을", "반올림 오차가", "기울기", "기울기를",
    "편미분", "편미분을", "경사 하강법", "하강법", "학습률", "학습률이", "하이퍼파라미터", "안장점", "극솟값",
    "고원", "손실 함수", "교차 엔트로피", "소프트맥스", "가중치", "가중치를", "접선", "매개변수", "절단 오차", "람다",
]
ENGLISH_QUERIES = [
    "gradient", "derivative", "learning rate", "saddle point", "softmax", "tangent", "rounding error",
    "partial derivative", "hyperparameter", "descent", "cross-entropy", "lambda",
]
SEPARATOR = re.compile(WORD_SEPARATOR)


def page_texts(site: Path, english: bool) -> dict[str, str]:
    texts = {}
    for path in PAGES:
        if path.startswith("en/") != english or "notebooks/" in path:  # notebooks repeat their page: not indexed
            continue
        html = (site / path / "index.html").read_text(encoding="utf-8")
        texts[path] = BeautifulSoup(html, "html.parser").select_one("article").get_text(" ")
    return texts


def expected_pages(query: str, texts: dict[str, str], english: bool) -> set[str]:
    """Every page on which the term appears: Korean as a part of any word, English as a word start."""
    if english:
        words = [w.lower() for w in SEPARATOR.split(query) if w]
        return {p for p, t in texts.items()
                if all(any(tok.lower().startswith(w) for tok in SEPARATOR.split(t)) for w in words)}
    stems = [PARTICLE.sub("", w) for w in query.split()]
    return {p for p, t in texts.items() if all(stem in t for stem in stems)}


SEARCH_META = ".md-search-result__meta"
PLACEHOLDER = "/검색어를 입력하세요|Type to start searching/"
DOCUMENTS = ".md-search-result__list > li.md-search-result__item"  # one per matching page
LINKS = "li.md-search-result__item > a.md-search-result__link"


def search(page, query: str) -> set[str]:
    """The addresses of every result Material lists for a query; waits on the page's own
    state (its count of matching documents, the items rendered), never on time."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")
    page.wait_for_function(f"() => {PLACEHOLDER}.test(document.querySelector('{SEARCH_META}').textContent)")
    box.fill(query)
    box.press("End")  # Hangul typed by fill() may not fire keyup, which Material listens to
    page.wait_for_function(f"() => !{PLACEHOLDER}.test(document.querySelector('{SEARCH_META}').textContent)")
    meta = page.locator(SEARCH_META).inner_text()
    total = int(count[0]) if (count := re.search(r"\d+", meta)) else 0  # "No matching documents": 0
    # Material renders ten results, then more each time the list is scrolled to its end
    documents = page.locator(DOCUMENTS)
    scroll = page.locator(".md-search__scrollwrap")
    while documents.count() < total:
        shown = documents.count()
        # to the top and, once the page has drawn that, to the end: Material watches the end come into view
        scroll.evaluate("async e => { e.scrollTo(0, 0); await new Promise(r => requestAnimationFrame(() => "
                        "requestAnimationFrame(r))); e.scrollTo(0, e.scrollHeight); }")
        page.wait_for_function(f"n => document.querySelectorAll('{DOCUMENTS}').length > n", arg=shown)
    assert documents.count() == total, (query, meta, documents.count())
    return set(page.locator(LINKS).evaluate_all("as => as.map(a => a.href)"))


def recall(watched, server, built_site, queries, english):
    w = watched()
    home = server + ("en/" if english else "")
    w.page.goto(home, wait_until="load")
    wait_for_search_index(w.page)
    texts = page_texts(built_site.site, english)
    hits = misses = 0
    missed = []
    for query in queries:
        expected = expected_pages(query, texts, english)
        assert expected, f"no page contains {query!r}: not a useful query"
        found = {urlparse(h).path.lstrip("/").split("#")[0] for h in search(w.page, query)}
        for page_path in expected:
            if page_path in found:
                hits += 1
            else:
                misses += 1
                missed.append(f"{query!r} -> {page_path or '(home)'}")
        w.page.keyboard.press("Escape")
    return hits / (hits + misses), missed


def test_korean_search_finds_terms_with_particles_and_in_compounds(watched, server, built_site):
    assert len(KOREAN_QUERIES) >= 20
    score, missed = recall(watched, server, built_site, KOREAN_QUERIES, english=False)
    print(f"Korean search recall: {score:.3f}; missed: {missed}")
    assert score >= 0.95, missed


def test_english_search_keeps_working(watched, server, built_site):
    assert len(ENGLISH_QUERIES) >= 10
    score, missed = recall(watched, server, built_site, ENGLISH_QUERIES, english=True)
    print(f"English search recall: {score:.3f}; missed: {missed}")
    assert score >= 0.95, missed


def slider_pages(site: Path) -> list[str]:
    return sorted(str(page.parent.relative_to(site)) + "/" for page in site.rglob("index.html")
                  if 'class="figure-slider"' in page.read_text(encoding="utf-8"))


def test_figure_sliders_work_with_the_keyboard(watched, server, built_site):
    """Each slider: a labelled range control; arrow keys, Home and End step through the
    frames; the figure, its alt text, the visible value and aria-valuetext follow."""
    pages = slider_pages(built_site.site)
    assert pages, "no figure with a slider on the site"
    for path in pages:
        w = watched(reduced_motion="reduce")
        w.page.goto(server + path.removeprefix("./"), wait_until="load")
        for slider in w.page.locator(".figure-slider").all():
            frames = json.loads(slider.get_attribute("data-frames"))
            control = slider.locator("input[type=range]")
            assert control.get_attribute("aria-label") and slider.locator("label").inner_text().strip()
            image = slider.locator('img[src$="#only-light"]')
            start = int(control.input_value())
            control.focus()
            for key, expected in (("Home", 0), ("ArrowRight", 1), ("End", len(frames) - 1), ("ArrowLeft", len(frames) - 2)):
                control.press(key)
                frame = frames[expected]
                assert control.input_value() == str(expected), (path, key)
                assert image.get_attribute("src") == frame["light"] and image.get_attribute("alt") == frame["alt"]
                assert slider.locator("output").inner_text() == frame["value"]
                assert control.get_attribute("aria-valuetext").endswith(f"= {frame['value']}")
            image.scroll_into_view_if_needed()
            w.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
            assert 0 <= start < len(frames)
        assert not w.errors and not w.failed, (w.errors, w.failed)
