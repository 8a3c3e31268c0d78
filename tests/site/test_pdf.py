"""The PDF of the site in each language (sitegen/site_pdf.py, `make pdf`).

The session's build is made with SITE_PDF=1, then the PDFs, as `make pdf` makes them (a
plain build has no PDF link: tests/site/test_serve.py; two builds give the same PDFs:
tests/site/test_reproducible.py). Each is read back with pypdf: pages in the order of
mkdocs.yml's nav, headings as the outline, figures and formulas present and drawn as
vectors, Korean text extractable in Noto CJK, links between pages kept inside the PDF, the
same bytes on a second run; every page of the site links to its language's PDF.
"""

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from sitegen import project, site_pdf
from support import ROOT

HOMES = {lang.code: lang.prefix for lang in project.LANGUAGES}
SITE_NAMES = {"ko": "수치 미분과 기울기", "en": "Numerical differentiation and gradients"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


NAV = [project.KOREAN.url(stem) for stem in project.pages()]  # the pages of nav, without the notebooks
GLOSSARY = NAV.index(project.KOREAN.url("glossary"))


def source_date() -> int:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    return int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout)


class PdfSite:
    def __init__(self, site: Path, log: str, url: str):
        self.site = site
        self.log = log
        self.url = url
        self.files = {lang: site / "pdf" / f"numerical-differentiation-and-gradients.{lang}.pdf" for lang in HOMES}
        self.readers = {lang: PdfReader(file) for lang, file in self.files.items() if file.exists()}

    def article(self, lang: str, path: str) -> BeautifulSoup:
        html = (self.site / HOMES[lang] / path / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser").select_one("article")


@pytest.fixture(scope="module")
def pdf_site(built_site) -> PdfSite:
    """The session's build is the published site: built with SITE_PDF=1, then its PDFs (made
    in the background while other tests run)."""
    return PdfSite(built_site.site, built_site.pdfs(), built_site.url)


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every outline entry, in order."""
    entries = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return entries


def sections(reader: PdfReader) -> list[range]:
    """The PDF pages of each site page: from its title (a top-level entry) to the next one."""
    starts = [page for level, _, page in outline(reader) if level == 0]
    return [range(start, end) for start, end in zip(starts, starts[1:] + [len(reader.pages)])]


def heading_text(heading) -> str:
    for link in heading.select("a.headerlink"):
        link.decompose()
    return heading.get_text(" ", strip=True)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def figures(reader: PdfReader) -> list[tuple[int, str]]:
    """(page index, alternative text) of every Figure in the PDF's structure tree."""
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    found = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Figure" and "/Alt" in node:
            page = node.get("/Pg")
            found.append((pages[page.idnum] if isinstance(page, IndirectObject) else -1, str(node["/Alt"])))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def links(reader: PdfReader):
    """(page index, named destination or None, URI or None) of every link annotation."""
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A") or {}
            yield index, (str(annotation["/Dest"]) if "/Dest" in annotation else None), action.get("/URI")


def test_make_pdf_writes_one_pdf_per_language(pdf_site):
    print(f"\n{pdf_site.log.strip()}")
    assert set(pdf_site.readers) == set(HOMES), pdf_site.log
    date = source_date()
    for lang, reader in pdf_site.readers.items():
        size = pdf_site.files[lang].stat().st_size
        print(f"{lang}: {len(reader.pages)} pages, {size / 1024:.0f} KiB")
        assert 20 <= len(reader.pages) <= 120
        assert 200 * 1024 <= size <= 20 * 1024 * 1024
        assert reader.metadata.title == SITE_NAMES[lang]
        assert reader.trailer["/Root"]["/Lang"] == lang
        assert reader.metadata.creation_date.timestamp() == date  # SOURCE_DATE_EPOCH, not the clock
        assert reader.metadata.modification_date.timestamp() == date
        assert all(abs(p.mediabox.width - 595) < 1 and abs(p.mediabox.height - 842) < 1 for p in reader.pages)  # A4


@pytest.mark.parametrize("lang", HOMES)
def test_outline_is_the_nav_and_each_page_starts_a_pdf_page(pdf_site, lang):
    assert NAV[0] == "" and "glossary/" in NAV and not any("notebooks" in path for path in NAV)
    reader = pdf_site.readers[lang]
    entries = outline(reader)
    top = [(title, page) for level, title, page in entries if level == 0]
    expected_titles = [heading_text(pdf_site.article(lang, path).find("h1")) for path in NAV]
    assert [title for title, _ in top] == expected_titles  # every page, in nav order, no notebook
    starts = [page for _, page in top]
    assert starts[0] == 0 and starts == sorted(set(starts))  # each page of the site on a new PDF page
    # under each title, that page's sections, in order
    second = {}
    current = None
    for level, title, _ in entries:
        if level == 0:
            current = title
        elif level == 1:
            second.setdefault(current, []).append(title)
    for path, title in zip(NAV, expected_titles):
        h2 = [heading_text(h) for h in pdf_site.article(lang, path).find_all("h2")]
        assert second.get(title, []) == h2, path


def test_korean_text_is_extractable_in_noto_cjk(pdf_site):
    reader = pdf_site.readers["ko"]
    for path, pages in zip(NAV, sections(reader)):
        article = pdf_site.article("ko", path)
        # the first Korean paragraph of plain text (math is drawn, not text)
        paragraph = next(p for p in article.find_all("p", recursive=False)
                         if HANGUL.search(p.get_text()) and not p.select(".arithmatex"))
        sentence = squeeze(paragraph.get_text())[:40]
        text = squeeze("".join(reader.pages[i].extract_text() for i in pages[:2]))
        assert sentence in text, f"{path or 'home'}: {sentence!r} not in the PDF's text"
        fonts = set()
        for font in reader.pages[pages[0]]["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or (font.get("/DescendantFonts") or [{}])[0].get_object().get("/FontDescriptor")
            if descriptor:
                fonts.add(str(descriptor.get_object()["/FontName"]).split("+")[-1])
        assert "NotoSansCJKkr-Regular" in fonts, (path, fonts)
    glossary = squeeze("".join(reader.pages[i].extract_text() for i in sections(reader)[GLOSSARY][:2]))
    assert squeeze("중심 차분") in glossary and "centraldifference" in glossary


@pytest.mark.parametrize("lang", HOMES)
def test_figures_and_math_are_there_as_vectors(pdf_site, lang):
    reader = pdf_site.readers[lang]
    found = figures(reader)
    png = 0
    for path, pages in zip(NAV, sections(reader)):
        article = pdf_site.article(lang, path)
        here = {squeeze(alt) for page, alt in found if page in pages}
        for image in article.find_all("img"):
            assert squeeze(image["alt"]) in here, f"{path}: figure {image['src']} is not in its pages"
            png += image["src"].endswith(".png#only-light")  # the PDF is printed in the light scheme
        for formula in article.select(".arithmatex img.math"):
            assert squeeze(formula["alt"]) in here, f"{path}: formula {formula['alt']!r} is missing"
    # the only raster images are the PNG figures: the SVG figures and every formula are vectors
    rasters = 0
    for page in reader.pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            rasters += xobject.get_object().get("/Subtype") == "/Image"
    assert rasters == png


@pytest.mark.parametrize("lang", HOMES)
def test_links_between_pages_stay_inside_the_pdf(pdf_site, lang):
    reader = pdf_site.readers[lang]
    destinations = reader.named_destinations
    spans = sections(reader)
    starts = [span.start for span in spans]
    internal = 0
    for _page, destination, uri in links(reader):
        if destination is not None:
            assert destination in destinations, f"link to a missing destination {destination}"
            internal += 1
        else:
            assert uri and uri.startswith(("https:", "http:")), uri
            assert "invalid" not in uri and not uri.startswith("file:"), uri
    expected = 0
    for path in NAV:
        for link in pdf_site.article(lang, path).find_all("a", href=True):
            href = link["href"]
            if link.get("class") in (["headerlink"], ["pdf-link"]) or href.startswith("#mjx-"):
                continue
            if not href.startswith(("http:", "https:")) and "notebooks/" not in href:
                expected += 1
    assert internal >= expected > 30
    target = lambda name: reader.get_destination_page_number(destinations[name])  # noqa: E731
    # the home page's table of contents leads to the first PDF page of every other page
    home_targets = {target(d) for p, d, _ in links(reader) if p in spans[0] and d}
    assert set(starts[1:]) <= home_targets
    # the sections' links to glossary terms land in the glossary
    to_glossary = [target(d) for p, d, _ in links(reader) if d and d.startswith("/glossary--")]
    assert len(to_glossary) >= 10 and all(page in spans[GLOSSARY] for page in to_glossary)
    # notebooks, not in the PDF, are linked on the site
    uris = [uri for _, _, uri in links(reader) if uri]
    assert any(uri.startswith(pdf_site.url + HOMES[lang] + "notebooks/") for uri in uris)


def test_every_page_links_to_the_pdf_of_its_language(pdf_site):
    pages = sorted(pdf_site.site.rglob("index.html"))
    assert len(pages) >= 2 * (len(NAV) + 6)  # sections, home, glossary and notebooks
    for file in pages:
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        lang = soup.html["lang"]
        [link] = soup.select("a.pdf-link")
        assert (file.parent / unquote(link["href"])).resolve() == pdf_site.files[lang].resolve(), file
        label = link.get_text(strip=True)
        assert ("PDF" in label and bool(HANGUL.search(label)) == (lang == "ko")), label
        assert link.get("title")


def test_nothing_is_fetched_from_elsewhere(built_site):
    """A page asking for anything outside the site fails the PDF, rather than going online."""
    document = ('<!doctype html><html lang="en"><head><link rel="stylesheet" href="https://example.org/x.css"></head>'
                '<body><p>x</p><img src="https://example.org/x.png" alt=""></body></html>')
    with pytest.raises(site_pdf.PdfError, match=r"outside the site were refused:\n.*example.org/x.css"):
        site_pdf.print_pdfs(built_site.site, {"en": document})


def test_dates_are_replaced_in_place():
    pdf = (b"%PDF-1.4\n1 0 obj\n<</Creator (Chromium)\n/CreationDate (D:20991231235959+00'00')\n"
           b"/ModDate (D:20991231235959+00'00')>>\nendobj\n/ID (node00001234)\n/Names [(node00001234) 3 0 R]\n")
    fixed = site_pdf.reproducible(pdf, 0)
    assert len(fixed) == len(pdf)  # the cross-reference offsets stay right
    assert fixed.count(b"(D:19700101000000+00'00')") == 2
    assert b"(node00000000)" in fixed and b"1234" not in fixed
    with pytest.raises(site_pdf.PdfError):
        site_pdf.reproducible(b"%PDF-1.4\n", 0)
