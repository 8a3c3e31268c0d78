"""Checks of the built site: both languages, links and images, offline, math typeset."""

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from sitegen import figures, project

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# Pages written in Korean (page.md) and English (page.en.md); the URL of each.
PAGES = sorted(p.stem for p in DOCS.glob("*.md") if not p.name.endswith(".en.md"))


def url_path(stem: str) -> str:
    return "index.html" if stem == "index" else f"{stem}/index.html"


def page_file(site: Path, lang: str, stem: str) -> Path:
    return site / ("en/" if lang == "en" else "") / url_path(stem)


def html_of(site: Path, lang: str, stem: str) -> BeautifulSoup:
    path = page_file(site, lang, stem)
    assert path.is_file(), f"missing page {path}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_strict_build_has_no_warning(built_site):
    assert "WARNING" not in built_site.log
    assert "figures:" in built_site.log  # the figure hook ran and said what it did


def test_every_page_exists_in_both_languages():
    assert PAGES, "no pages found"
    for stem in PAGES:
        assert (DOCS / f"{stem}.en.md").is_file(), f"{stem}.md has no English version"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("stem", PAGES)
def test_page_language_and_switcher(built_site, lang, stem):
    soup = html_of(built_site.site, lang, stem)
    assert soup.html["lang"] == lang
    other = "en" if lang == "ko" else "ko"
    link = soup.select_one(f'a.md-select__link[hreflang="{other}"]')
    assert link is not None, "no language switcher"
    SITE_URL = f"http://127.0.0.1:{built_site.port}/"
    here = SITE_URL + ("en/" if lang == "en" else "") + url_path(stem).removesuffix("index.html")
    there = SITE_URL + ("en/" if other == "en" else "") + url_path(stem).removesuffix("index.html")
    assert urljoin(here, link["href"]) == there


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("stem", PAGES)
def test_korean_and_english_titles(built_site, lang, stem):
    soup = html_of(built_site.site, lang, stem)
    title = soup.title.get_text()
    has_hangul = bool(re.search(r"[\uac00-\ud7a3]", soup.select_one("article h1").get_text()))
    assert has_hangul == (lang == "ko") or not re.search(r"[A-Za-z\uac00-\ud7a3]", soup.select_one("article h1").get_text())
    site_name = "수치 미분과 기울기" if lang == "ko" else "Numerical differentiation and gradients"
    assert site_name in title


def local_targets(soup: BeautifulSoup):
    for tag, attr in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
        for element in soup.find_all(tag):
            value = element.get(attr)
            if value and not urlparse(value).scheme and not value.startswith(("#", "//", "mailto:")):
                yield tag, value


def all_html(site: Path):
    return sorted(site.rglob("*.html"))


def test_every_local_link_and_image_resolves(built_site):
    targets = []
    for page in all_html(built_site.site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, value in local_targets(soup):
            path = unquote(urlparse(value).path)
            base = built_site.site if path.startswith("/") else page.parent  # root-relative or relative
            target = (base / path.lstrip("/")).resolve()
            targets.append((target / "index.html" if target.is_dir() else target, f"{page.relative_to(built_site.site)}: <{tag}> {value}"))
    built_site.pdfs()  # the links to the PDFs too (made in the background after the build)
    broken = [where for target, where in targets if not target.exists()]
    assert not broken, "\n".join(broken)


def test_nothing_is_loaded_from_another_origin(built_site):
    offenders = []
    for page in all_html(built_site.site):
        text = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        for element in soup.find_all(["script", "link", "img", "iframe", "source"]):
            url = element.get("src") or element.get("href") or ""
            rel = element.get("rel") or []
            if url.startswith(("http:", "https:", "//")) and not {"canonical", "alternate"} & set(rel):
                offenders.append(f"{page.relative_to(built_site.site)}: {element.name} {url}")
    for css in built_site.site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(built_site.site)}: {url}")
    assert not offenders, "\n".join(offenders)
    assert not any("fonts.googleapis" in p.read_text(encoding="utf-8") for p in all_html(built_site.site))


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("stem", PAGES)
def test_math_is_typeset_at_build_time(built_site, lang, stem):
    soup = html_of(built_site.site, lang, stem)
    article = soup.select_one("article")
    for formula in article.select(".arithmatex"):
        image = formula.find("img", class_="math")
        assert image is not None, f"untypeset math: {formula}"
        assert image.get("alt"), "math without an accessible name"
        svg = (page_file(built_site.site, lang, stem).parent / image["src"]).resolve()
        assert svg.is_file() and svg.read_text(encoding="utf-8").startswith("<svg "), image["src"]
    text = article.get_text()
    for raw in ("\\(", "\\[", "$$"):
        assert raw not in text, f"raw TeX {raw!r} left on the page"
    # typeset math needs no math script at all: nothing to fetch, offline or not
    scripts = " ".join(s.get("src", "") for s in soup.find_all("script"))
    assert "mathjax" not in scripts.lower() and "katex" not in scripts.lower()
    ids = [element["id"] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "duplicate ids on the page"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("stem", PAGES)
def test_headings_have_readable_anchors(built_site, lang, stem):
    soup = html_of(built_site.site, lang, stem)
    for heading in soup.select("article h2, article h3"):
        assert not re.fullmatch(r"_\d*", heading["id"]), f"unreadable anchor {heading['id']!r}"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("stem", PAGES)
def test_figures_have_alt_text_in_the_page_language(built_site, lang, stem):
    soup = html_of(built_site.site, lang, stem)
    for img in soup.select("article img:not(.math)"):
        alt = img.get("alt", "")
        assert len(alt) > 20, f"{img['src']} has no real alt text"
        assert bool(re.search(r"[\uac00-\ud7a3]", alt)) == (lang == "ko"), f"alt text of {img['src']} is not in {lang}"


def test_figures_are_drawn_at_build_time_not_committed(built_site):
    """Every figure a page asks for is there, in a light and a dark version (and every frame
    of a slider), and nothing else; none is committed."""
    from sitegen import figures as figure_requests  # noqa: PLC0415

    drawn = sorted(p for p in (built_site.site / "figures").rglob("*") if p.is_file())
    assert drawn, "no figure was rendered"
    assert not list(DOCS.rglob("*.svg")) and not list(DOCS.rglob("*.png")), "image files committed in docs/"
    for figure in drawn:
        assert figure.stat().st_size > 1000
        if figure.suffix == ".png":  # raster figures stay light
            assert figure.stat().st_size <= 500 * 1024, f"{figure.name} is over 500 KB"
    expected = set()
    for page in DOCS.glob("*.md"):
        for match in project.FIGURE_REF.finditer(page.read_text(encoding="utf-8")):
            name = project.FIGURE_NAME.fullmatch(match["path"])
            request = figure_requests.Request(match["path"], name["module"], name["func"], name["ext"],
                                              figure_requests.parse_slider(match["attrs"], page.name, match["path"]))
            expected |= {path for path, _, _ in request.pictures()}
    assert {str(p.relative_to(built_site.site)) for p in drawn} == expected


def test_ready_to_host_meta_hreflang_sitemap(built_site):
    site_url = f"http://127.0.0.1:{built_site.port}/"
    for page in all_html(built_site.site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        lang = soup.html["lang"]
        description = soup.find("meta", attrs={"name": "description"})
        assert description and description["content"].strip(), f"{page}: no meta description"
        assert bool(re.search(r"[\uac00-\ud7a3]", description["content"])) == (lang == "ko"), f"{page}: description not in {lang}"
        for link in soup.select('link[rel="alternate"][hreflang]'):
            assert link["href"].startswith(site_url), f"{page}: hreflang {link['href']} is not absolute"
    sitemap = (built_site.site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert f"{site_url}gradient/" in locs and f"{site_url}en/gradient/" in locs
    assert f"{site_url}notebooks/gradient/" in locs and f"{site_url}en/notebooks/gradient/" in locs
    assert (built_site.site / "en" / "sitemap.xml").is_file()  # Material's switcher asks for it
    for lang, folder in (("ko", built_site.site), ("en", built_site.site / "en")):
        soup = BeautifulSoup((folder / "404.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == lang
        # a 404 mirrors no page: its language links lead to the homes
        homes = {"ko": site_url, "en": f"{site_url}en/"}
        for link in soup.select('link[rel="alternate"][hreflang], a.md-select__link'):
            assert link["href"] in (homes[link["hreflang"]], homes[link["hreflang"]].removeprefix(site_url.rstrip("/")))


def test_every_slider_frame_is_its_function_at_that_value(built_site):
    """A slider's frame files are the figure function's output at their values, in both
    schemes: the figure shown before the slider moves, and the first, middle and last frame,
    drawn here again, two at a time, as the build draws (every frame comes from the same
    loop; all of them would take 98 drawings)."""
    paths_of_jobs: dict[tuple, str] = {}
    for page in (ROOT / "docs").glob("*.md"):
        for match in project.FIGURE_REF.finditer(page.read_text(encoding="utf-8")):
            slider = figures.parse_slider(match["attrs"], page.name, match["path"])
            if slider is None:
                continue
            name = project.FIGURE_NAME.fullmatch(match["path"])
            request = figures.Request(match["path"], name["module"], name["func"], name["ext"], slider)
            pictures = request.pictures()
            for theme in {theme for _, theme, _ in pictures}:
                frames = [(path, params) for path, frame_theme, params in pictures if frame_theme == theme]
                assert len(frames) >= 3, request.path
                for path, params in dict.fromkeys([frames[0], frames[1], frames[len(frames) // 2], frames[-1]]):
                    paths_of_jobs[(str(ROOT), name["module"], name["func"], name["ext"], theme, params)] = path
    assert len(set(paths_of_jobs.values())) == len(paths_of_jobs) > 0
    for job, _, drawn, error in figures.render_all(sorted(paths_of_jobs)):
        assert error is None, error
        assert (built_site.site / paths_of_jobs[job]).read_bytes() == drawn, paths_of_jobs[job]
