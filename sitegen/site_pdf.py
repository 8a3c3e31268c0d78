"""One PDF per language of the built site: `python -m sitegen.site_pdf [site]` (`make pdf`).

From the built HTML (no second Markdown pass), for each language:

1. the pages in the order of the site's navigation (the home page's primary nav), without
   the notebook pages, which repeat their section;
2. one print document: each page's article in a <section>, its ids prefixed with the page
   (`gradient--summary`), links between pages and to glossary terms rewritten to in-document
   anchors, any other link made absolute from the page's canonical URL, the pages' math
   glyphs merged into one <defs>, figures and styles served from the built site;
3. Chromium (the system's, through Playwright) prints it once with sitegen/pdf_print.css:
   A4, an outline from the headings, tagged, math and SVG figures as vectors. Every request
   is answered from the site folder; anything else is refused and fails the run.
4. What Chromium stamps differently on every run (the dates, the structure tree's node IDs,
   a file ID if any) is replaced, byte for byte, from SOURCE_DATE_EPOCH (else the last
   commit) and the content: two runs on one site give identical files.

The PDFs are written to <site>/pdf/, where every page links to its language's PDF when
the site was built with SITE_PDF=1 (overrides/main.html).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import mimetypes
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parent.parent
PRINT_CSS = Path(__file__).with_name("pdf_print.css")
NAME = "numerical-differentiation-and-gradients"  # overrides/main.html links to pdf/<NAME>.<lang>.pdf
OUTPUT = "pdf/{name}.{lang}.pdf"
SKIP = ("notebooks/",)  # notebook pages repeat their section (and the PDF links to them online)
ORIGIN = "http://site-pdf.invalid/"  # never resolved: every request is answered from the site folder
# The system's Chromium, as in the browser tests; CHROMIUM=playwright takes Playwright's own
# (`python -m playwright install chromium`), which the Pages workflow uses.
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium calls nowhere (this machine, and CI, has no network but the registries): the
# flags of every Chromium the project starts (here, the browser tests, the benchmarks).
QUIET = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
ARGS = [*QUIET, "--font-render-hinting=none"]
SOURCE_NOTE = {
    "ko": "이 PDF는 {url} 의 페이지를 차례대로 담았습니다({date}). 실행할 수 있는 노트북은 사이트에 있습니다.",
    "en": "This PDF holds the pages of {url} in order ({date}). The runnable notebooks are on the site.",
}


class PdfError(Exception):
    pass


@dataclass
class Page:
    path: str  # site-relative folder URL: "", "gradient/", "en/gradient/"
    key: str  # id prefix in the print document: "home", "gradient"
    soup: BeautifulSoup
    article: Tag = field(init=False)

    def __post_init__(self):
        article = self.soup.select_one("article")
        if article is None:
            raise PdfError(f"{self.path or '/'}: no <article>")
        self.article = article

    @property
    def canonical(self) -> str:
        link = self.soup.select_one('link[rel="canonical"]')
        return link["href"] if link else ""


def read_page(site: Path, path: str, key: str) -> Page:
    file = site / path / "index.html"
    if not file.is_file():
        raise PdfError(f"missing page {file}")
    return Page(path, key, BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"))


def site_path(base: str, href: str) -> tuple[str, str]:
    """A link from the page at `base`, as (site-relative path without index.html, fragment)."""
    parts = urlsplit(href)
    path = posixpath.normpath(posixpath.join("/" + base, unquote(parts.path))) if parts.path else "/" + base
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif not path.endswith("/") and not posixpath.splitext(path)[1]:
        path += "/"
    return path.lstrip("/") if path != "/" else "", unquote(parts.fragment)


def languages(site: Path) -> dict[str, str]:
    """Language -> the folder of its home ("" or "en/"), from the language switcher."""
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    canonical = home.select_one('link[rel="canonical"]')
    root = urlsplit(canonical["href"]).path if canonical else "/"  # "/repo/" on a project site
    found = {home.html["lang"]: ""}
    for link in home.select("a.md-select__link[hreflang]"):
        href = link["href"]
        if href.startswith(root):  # the switcher writes the homes from the server's root
            href = href.removeprefix(root) or "."
        path, _ = site_path("", href)
        found.setdefault(link["hreflang"], path)
    return found


def nav_pages(site: Path, home: str) -> list[str]:
    """The site-relative paths of the pages, in the order of the navigation, without notebooks."""
    soup = read_page(site, home, "home").soup
    nav = soup.select_one("nav.md-nav--primary")
    if nav is None:
        raise PdfError(f"{home or '/'}: no navigation")
    order: list[str] = []
    for link in nav.select("a.md-nav__link[href]"):
        href = link["href"]
        if href.startswith("#") or urlsplit(href).scheme:
            continue
        path, _ = site_path(home, href)
        if path not in order and not path.removeprefix(home).startswith(SKIP):
            order.append(path)
    return order


def page_key(path: str, home: str) -> str:
    rest = path.removeprefix(home).strip("/")
    return re.sub(r"[^A-Za-z0-9_-]+", "-", rest) or "home"


def source_date() -> int:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
        return int(out.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return int(time.time())  # not a git checkout: dated now, like the site itself


def print_document(site: Path, lang: str, home: str, date: int) -> str:
    """Every page of one language as one HTML document, its links made internal."""
    paths = nav_pages(site, home)
    if not paths or paths[0] != home:
        raise PdfError(f"{lang}: the navigation does not start at the home page")
    pages = [read_page(site, path, page_key(path, home)) for path in paths]
    by_path = {page.path: page for page in pages}
    ids: set[str] = set()

    for page in pages:
        article = page.article
        for control in article.select(".figure-slider__control"):
            control.decompose()  # a slider's figure prints the frame it shows first
        for element in article.select("a.headerlink, a.pdf-link, .md-content__button, script, .md-source-file"):
            element.decompose()
        for element in article.find_all(id=True):
            element["id"] = f"{page.key}--{element['id']}"
            ids.add(element["id"])
        for attribute in ("aria-labelledby", "aria-describedby", "for"):
            for element in article.find_all(attrs={attribute: True}):
                value = element[attribute]
                names = value if isinstance(value, list) else value.split()
                element[attribute] = " ".join(f"{page.key}--{name}" for name in names)
        for details in article.find_all("details"):
            details["open"] = ""
        for image in article.select('img[src$="#only-dark"]'):
            image.decompose()  # the PDF is printed in the light scheme: its figures only
        for image in article.find_all("img", src=True):
            if urlsplit(image["src"]).scheme:
                raise PdfError(f"{page.path or '/'}: image from elsewhere: {image['src']}")
            path, _ = site_path(page.path, image["src"])
            image["src"] = "/" + path.rstrip("/")
            del image["loading"]  # a lazy image below the fold would not be printed
        ids.add(page.key)

    broken = []
    for page in pages:
        for link in page.article.find_all("a", href=True):
            href = link["href"]
            if urlsplit(href).scheme or href.startswith("//"):
                continue
            path, fragment = site_path(page.path, href)
            target = by_path.get(path)
            if target is None:  # a notebook, a download: the page on the web
                link["href"] = urljoin(page.canonical, href)
                continue
            anchor = f"{target.key}--{fragment}" if fragment else target.key
            if anchor not in ids:
                broken.append(f"{page.path or '/'}: {href}")
            link["href"] = "#" + anchor

    if broken:
        raise PdfError("links to no anchor:\n" + "\n".join(broken))
    home_page = pages[0]
    url = home_page.canonical
    note = html.escape(SOURCE_NOTE.get(lang, SOURCE_NOTE["en"]))
    day = time.strftime("%Y-%m-%d", time.gmtime(date))
    note = note.replace("{url}", f'<a href="{html.escape(url)}">{html.escape(url)}</a>').replace("{date}", day)
    h1 = home_page.article.find("h1")
    if h1 is None:
        raise PdfError(f"{home or '/'}: the home page has no title")
    title = h1.get_text(strip=True)  # the site's name in this language
    h1.insert_after(BeautifulSoup(f'<p class="pdf-source">{note}</p>', "html.parser"))

    stylesheets = "".join(
        f'<link rel="stylesheet" href="/{site_path(home, link["href"])[0].rstrip("/")}">'
        for link in home_page.soup.select('link[rel="stylesheet"]')
    )
    body_attributes = " ".join(f'{name}="{html.escape(value if isinstance(value, str) else " ".join(value))}"'
                               for name, value in home_page.soup.body.attrs.items()
                               if name.startswith(("data-md", "dir")) and name != "data-md-color-scheme")
    sections = "\n".join(
        f'<section class="pdf-page md-typeset" id="{page.key}">{page.article.decode_contents()}</section>' for page in pages
    )
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"{stylesheets}<style>{PRINT_CSS.read_text(encoding='utf-8')}</style></head>\n"
        f'<body {body_attributes} data-md-color-scheme="default">'
        f"{sections}\n</body></html>\n"
    )


# --- printing ---------------------------------------------------------------------------

FOOTER = ('<div style="width: 100%; font-size: 8px; color: #555; text-align: center;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def print_pdfs(site: Path, documents: dict[str, str]) -> dict[str, bytes]:
    """Chromium prints each document; every request is served from `site` or refused."""
    from playwright.sync_api import sync_playwright

    own = CHROMIUM == "playwright"
    if not own and not Path(CHROMIUM).exists():
        raise PdfError(f"Chromium is missing ({CHROMIUM}): `apt-get install chromium fonts-noto-cjk fonts-liberation` (.ci/run does it)")
    browser_options = {"channel": "chromium"} if own else {"executable_path": CHROMIUM}
    refused: list[str] = []
    pdfs = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(args=ARGS, **browser_options)
        try:
            for lang, document in documents.items():
                page = browser.new_page()
                current = f"{ORIGIN}print.{lang}.html"

                def serve(route, request, document=document, current=current):
                    url = request.url
                    if url == current:
                        return route.fulfill(status=200, body=document, content_type="text/html; charset=utf-8")
                    if url.startswith(ORIGIN):
                        file = (site / unquote(urlsplit(url).path).lstrip("/")).resolve()
                        if file.is_file() and file.is_relative_to(site.resolve()):
                            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                            return route.fulfill(status=200, body=file.read_bytes(), content_type=kind)
                    refused.append(url)
                    return route.abort()

                page.route("**/*", serve)
                page.goto(current, wait_until="load")
                page.evaluate("() => document.fonts.ready")
                if refused:
                    raise PdfError("requests outside the site were refused:\n" + "\n".join(refused))
                broken = page.evaluate("() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
                if broken:
                    raise PdfError(f"{lang}: images that did not load: {broken}")
                pdfs[lang] = page.pdf(format="A4", print_background=True, outline=True, tagged=True,
                                      prefer_css_page_size=True, display_header_footer=True,
                                      header_template="<span></span>", footer_template=FOOTER,
                                      margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
                page.close()
        finally:
            browser.close()
    if refused:  # asked for while printing
        raise PdfError("requests outside the site were refused:\n" + "\n".join(refused))
    return pdfs


# --- reproducible bytes ------------------------------------------------------------------

PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}([^)]*)\)")
PDF_NODE = re.compile(rb"\(node(\d{8})\)")
PDF_ID = re.compile(rb"/ID \[<([0-9A-Fa-f]+)> ?<([0-9A-Fa-f]+)>\]")


def reproducible(pdf: bytes, date: int) -> bytes:
    """The same bytes for the same content: the dates from `date`, any file ID from the content.

    Chromium (Skia) writes the dates in plain text in the document information dictionary,
    the structure tree's IDs too, and no file ID (Skia writes one only for PDF/A); each is
    replaced by a string of the same length, so every offset in the cross-reference table
    stays right.
    """
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(date)).encode()
    utc = b"+00'00'"

    def dated(match):
        zone = utc if len(match[2]) == len(utc) else match[2]  # same length: offsets stay right
        return b"/%s (D:%s%s)" % (match[1], stamp, zone)

    pdf, dates = PDF_DATE.subn(dated, pdf)
    if dates != 2:
        raise PdfError(f"expected a CreationDate and a ModDate in Chromium's PDF, found {dates} dates: its format changed")
    # Tagged table headers get an ID from Chromium's accessibility node numbers, which vary
    # from run to run; renumbered by rank, the name tree that lists them stays sorted.
    nodes = sorted(set(PDF_NODE.findall(pdf)), key=int)
    rank = {node: b"%0*d" % (len(node), index) for index, node in enumerate(nodes)}
    pdf = PDF_NODE.sub(lambda m: b"(node%s)" % rank[m[1]], pdf)
    if PDF_ID.search(pdf):
        blank = PDF_ID.sub(lambda m: b"/ID [<%s> <%s>]" % (b"0" * len(m[1]), b"0" * len(m[2])), pdf)
        digest = hashlib.sha256(blank).hexdigest().upper().encode() * 2
        pdf = PDF_ID.sub(lambda m: b"/ID [<%s> <%s>]" % (digest[: len(m[1])], digest[: len(m[2])]), pdf)
    return pdf


PDF_LINK = re.compile(r'<a class="pdf-link" href="([^"]+)"')


def pdf_links_resolve(site: Path) -> list[str]:
    """Pages whose PDF link (overrides/main.html) leads to no file."""
    broken = []
    for file in sorted(site.rglob("*.html")):
        for href in PDF_LINK.findall(file.read_text(encoding="utf-8")):
            if not (file.parent / unquote(href)).is_file():
                broken.append(f"{file.relative_to(site)}: {href}")
    return broken


def make_pdfs(site: Path, only: tuple[str, ...] = ()) -> dict[str, Path]:
    """Both PDFs (or those of the languages in `only`) into <site>/pdf/; their paths."""
    site = site.resolve()
    date = source_date()
    homes = {lang: home for lang, home in languages(site).items() if not only or lang in only}
    if only and set(only) - set(homes):
        raise PdfError(f"no such language in the site: {sorted(set(only) - set(homes))}")
    documents = {lang: print_document(site, lang, home, date) for lang, home in homes.items()}
    written = {}
    for lang, pdf in print_pdfs(site, documents).items():
        out = site / OUTPUT.format(name=NAME, lang=lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(reproducible(pdf, date))
        written[lang] = out
    broken = pdf_links_resolve(site)
    if broken:
        raise PdfError("PDF links that lead nowhere:\n" + "\n".join(broken))
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="the built site (default: site/)")
    parser.add_argument("--lang", action="append", default=[], help="only this language (repeatable)")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"site_pdf: {site} is not a built site (run `make build` first)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        written = make_pdfs(site, tuple(args.lang))
    except PdfError as error:
        print(f"site_pdf: {error}", file=sys.stderr)
        return 1
    for lang, path in written.items():
        print(f"site_pdf: {path.relative_to(site.resolve())} ({lang}, {path.stat().st_size / 1024:.0f} KiB)")
    print(f"site_pdf: {len(written)} PDF(s) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
