"""Every page of the built site in Chromium, in both colour schemes, two pages at a time.

    python tests/browser_sweep.py serve <site> <port>     (the site, as a static host serves it)
    python tests/browser_sweep.py <port> <results.json>   (the sweep, of the site served there)

Run in the background by the site tier (tests/conftest.py) while the other tests build;
tests/site/test_browser.py asserts on what it found. Each page is loaded once, in a light
browser, and then switched to dark with its palette toggle, as a reader does (one load
instead of two: the sweep is the longest part of `make test`; a page loaded in a dark
browser is tested there). It renders from the site alone (no console error, no failed or
foreign request), in its language; its math is typeset and no raw TeX shows; its language
switcher leads to the same page in the other language; on a phone no formula scrolls. In
each scheme: the page is in it, every image shown loads, every figure is the scheme's version
on the page's own background, and axe-core finds nothing serious (every rule in the light
scheme; the rules about colour in the dark one, whose DOM is the same). What is the same on
every page is checked on the first that has it: each formula's file is loaded whole there
(later pages load what comes into view), and each style of text gets its contrast checked
there, in each scheme.
"""

from __future__ import annotations

import asyncio
import functools
import http.server
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from axe_playwright_python.async_playwright import Axe
from PIL import Image
from playwright.async_api import async_playwright

from sitegen import project
from sitegen.site_pdf import CHROMIUM
from sitegen.site_pdf import QUIET as ARGS

SCHEMES = {"light": "default", "dark": "slate"}
# axe-core reporting violations only (the passes' nodes cost half the run, and are not read):
# every rule but contrast, in the light scheme (the DOM is the same in both), and the rules
# about colour, in each scheme
NOT_COLOUR = {"rules": {"color-contrast": {"enabled": False}, "link-in-text-block": {"enabled": False}},
              "resultTypes": ["violations"]}
COLOUR = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
          "resultTypes": ["violations"]}
# Text's colours come from its styles alone (no text here sits on an image): each style of
# text is checked once per scheme, in its context (the tag, classes and style attribute of it
# and of each ancestor), on the first page that shows it, where its longest text is (axe
# cannot judge a text of a character or two). Most of a page's elements are code
# tokens of a few dozen styles: checked whole, notebooks/better_derivatives took 2.1 s of
# axe's 2.7 s for contrast.
SAMPLE = "data-contrast-sample"
MARK_NEW_STYLES = """([seen, attribute]) => {
    const styleOf = element => {
        let key = "";
        for (let e = element; e && e !== document.body; e = e.parentElement) {
            key += `${e.tagName}.${e.className}.${e.getAttribute("style") || ""}<`;
        }
        return key;
    };
    const ownText = e => [...e.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent.trim()).join("");
    const known = new Set(seen), longest = new Map();
    for (const element of document.body.querySelectorAll("*")) {
        const length = ownText(element).length;
        if (!length || !element.checkVisibility()) continue;
        const key = styleOf(element);
        if (!known.has(key) && !(longest.get(key)?.length >= length)) longest.set(key, {element, length});
    }
    for (const {element} of longest.values()) element.setAttribute(attribute, "");
    return [...longest.keys()];
}"""
# A formula's file is the same on every page that shows it (ko, en, notebook): the first page
# that has it loads it (whole pages, eagerly), and later ones only what comes into view.
LOAD_NEW_FORMULAS = """seen => {
    const known = new Set(seen), fresh = [];
    for (const image of document.querySelectorAll("img.math")) {
        if (!known.has(image.src)) {
            known.add(image.src);
            fresh.push(image.src);
            image.loading = "eager";
        }
    }
    return fresh;
}"""
AT_ONCE = 2


@dataclass
class Seen:
    """What earlier pages of the sweep have checked: each formula's file, and each style of
    text, per scheme."""
    formulas: set[str] = field(default_factory=set)
    text_styles: dict[str, set[str]] = field(default_factory=lambda: {scheme: set() for scheme in SCHEMES})


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Like a static host: the language's 404.html, with status 404, for a missing path."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        lang_404 = Path(self.directory) / ("en" if self.path.startswith("/en/") else "") / "404.html"
        body = lang_404.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    """The site on the port it was built for, like a static host (the sweep and the browser
    tests share it: tests/support.py starts it once per session)."""
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(StaticHost, directory=str(site)))


def site_pages() -> list[str]:
    """URL paths of every page, both languages: sections, notebooks, glossary, home."""
    paths = [project.KOREAN.url(stem) for stem in project.pages()] + [f"notebooks/{t}/" for t in project.topics()]
    return [lang.prefix + path for lang in project.LANGUAGES for path in paths]


SEARCH_READY = """() => {
    const meta = document.querySelector(".md-search-result__meta");
    return meta && !/초기화|Initializing/.test(meta.textContent);
}"""
TEXT_WITHOUT_CODE = """() => {
    const article = document.querySelector("article").cloneNode(true);
    article.querySelectorAll("pre, code, .highlight, .jp-InputArea").forEach(e => e.remove());
    return article.innerText;
}"""
BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


def rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(float(v)) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])


PHONE = {"width": 390, "height": 800}
WIDE_FORMULAS = "[...document.querySelectorAll('article div.math-display')].filter(e => e.scrollWidth > e.clientWidth).length"


TOGGLE = "form[data-md-component=palette] label:visible"


async def check(browser, axe, base: str, path: str, seen: Seen) -> dict[str, list[str]]:
    """One load of the page, in a light browser; then the reader's switch to dark (the palette
    toggle), and the page again in that scheme. What was found, per scheme."""
    found: dict[str, list[str]] = {scheme: [] for scheme in SCHEMES}
    now = ["light"]  # the scheme a console error or failed request belongs to

    def report(problem):
        found[now[0]].append(problem)

    context = await browser.new_context(color_scheme="light", reduced_motion="reduce")
    page = await context.new_page()
    origin = urlparse(base).netloc
    page.on("console", lambda m: m.type == "error" and report(f"console: {m.text}"))
    page.on("pageerror", lambda e: report(f"page error: {e}"))
    page.on("requestfailed", lambda r: report(f"failed request: {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and report(f"failed request: {r.url} {r.status}"))
    page.on("request", lambda r: urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc != origin
            and report(f"request to another origin: {r.url}"))
    try:
        response = await page.goto(base + path, wait_until="load")
        if response.status != 200:
            report(f"status {response.status}")
        lang = "en" if path.startswith("en/") else "ko"
        if await page.get_attribute("html", "lang") != lang:
            report(f"html lang is not {lang}")

        formulas = await page.locator("article .arithmatex").count()
        typeset = await page.locator("article .arithmatex > img.math").count()
        if formulas != typeset:
            report(f"{formulas - typeset} formulas not typeset")
        text = await page.evaluate(TEXT_WITHOUT_CODE)
        found["light"] += [f"raw TeX {raw!r} visible" for raw in ("\\(", "\\[", "$$") if raw in text]

        other = "ko" if lang == "en" else "en"
        href = await page.locator(f'a.md-select__link[hreflang="{other}"]').get_attribute("href")
        expected = path.removeprefix("en/") if lang == "en" else f"en/{path}"
        target = await page.evaluate("href => new URL(href, location.href).href", href)
        if target != base + expected:
            report(f"the language switcher leads to {target}, not {base + expected}")

        seen.formulas.update(await page.evaluate(LOAD_NEW_FORMULAS, sorted(seen.formulas)))
        await in_scheme(page, axe, "light", found["light"], seen.text_styles)
        await page.wait_for_function(SEARCH_READY)  # the search worker's requests are part of the page

        now[0] = "dark"
        await page.locator(TOGGLE).first.click()
        await in_scheme(page, axe, "dark", found["dark"], seen.text_styles)

        # the layout is the same in both schemes: on a phone, no formula scrolls
        await page.set_viewport_size(PHONE)
        wide = await page.evaluate(WIDE_FORMULAS)
        if wide:
            report(f"{wide} display formulas wider than a {PHONE['width']} px phone's column")
    except Exception as error:  # noqa: BLE001 (reported as the page's problem)
        report(f"{type(error).__name__}: {error}")
    finally:
        await context.close()
    return found


async def in_scheme(page, axe, scheme: str, problems: list[str], text_styles: dict[str, set[str]]) -> None:
    """The page in one scheme: it is that scheme, every image shown loads, each figure is the
    version for the scheme on the page's own background, and axe-core finds nothing serious."""
    if await page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") != SCHEMES[scheme]:
        problems.append(f"the page is not in the {scheme} scheme")
    # every image loads (figures load lazily: bring each into view, as a reader scrolling would)
    for image in await page.locator("article img:visible:not(.math)").all():
        await image.scroll_into_view_if_needed()
    # (a formula's file that an earlier page loaded stays lazy here: it may never come into view)
    shown = "[...document.images].filter(i => i.loading !== 'lazy' || !i.matches('.math') && i.checkVisibility())"
    await page.wait_for_function(f"() => {shown}.every(i => i.complete)")
    broken = await page.evaluate(f"() => {shown}.filter(i => !(i.naturalWidth > 0)).map(i => i.src)")
    problems += [f"image does not load: {src}" for src in broken]
    background = rgb(await page.evaluate(BACKGROUND))
    hidden = "#only-dark" if scheme == "light" else "#only-light"
    for image in await page.locator('article img[src*="figures/"]:visible').all():
        src = await image.get_attribute("src")
        if src.endswith(hidden):
            problems.append(f"the {scheme} page shows {src}")
            continue
        shot = Image.open(io.BytesIO(await image.screenshot())).convert("RGB")
        corner = shot.getpixel((1, 1))
        if max(abs(a - b) for a, b in zip(corner, background)) > 3:
            problems.append(f"{src}: background {corner} on a page of {background}")
    # the same DOM in both schemes: the rules not about colour once; the colours in each scheme
    runs = [(None, NOT_COLOUR)] if scheme == "light" else []
    new_styles = await page.evaluate(MARK_NEW_STYLES, [sorted(text_styles[scheme]), SAMPLE])
    if new_styles:
        text_styles[scheme].update(new_styles)
        runs.append(({"include": [[f"[{SAMPLE}]"]]}, COLOUR))
    for context, options in runs:
        results = await axe.run(page, context=context, options=options)
        problems += [f"axe {v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
                     for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    if new_styles:  # unmarked, for the other scheme's samples
        await page.evaluate(f"() => document.querySelectorAll('[{SAMPLE}]').forEach(e => e.removeAttribute('{SAMPLE}'))")


async def sweep(port: int) -> dict[str, list[str]]:
    """Every page, both schemes, from the site served at `port` (`serve`, in its own process)."""
    base = f"http://127.0.0.1:{port}/"
    axe = Axe()
    limit = asyncio.Semaphore(AT_ONCE)
    seen = Seen()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        async def one(path):
            async with limit:
                return path, await check(browser, axe, base, path, seen)

        pages = await asyncio.gather(*(one(path) for path in site_pages()))
        found = {f"{path}|{scheme}": problems for path, by_scheme in pages for scheme, problems in by_scheme.items()}
        await browser.close()
    return found


if __name__ == "__main__":
    if sys.argv[1] == "serve":  # python tests/browser_sweep.py serve <site> <port>
        serve(Path(sys.argv[2]), int(sys.argv[3])).serve_forever()
    else:  # python tests/browser_sweep.py <port> <results.json>
        port, out = int(sys.argv[1]), Path(sys.argv[2])
        out.write_text(json.dumps(asyncio.run(sweep(port)), ensure_ascii=False, indent=1), encoding="utf-8")
