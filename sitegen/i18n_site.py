"""What a two-language static site needs beyond mkdocs-static-i18n, to be ready to host.

- Language alternates (`<link rel="alternate" hreflang>`) as absolute URLs, as search
  engines and Lighthouse expect; mkdocs-static-i18n writes them relative to the page.
- A 404 page in each language: every language pass writes its 404.html at the site root,
  the last one winning; each goes back to its language's folder.
- Sitemaps where Material's language switcher looks for them: it fetches `sitemap.xml`
  next to every alternate URL, so each page's folder gets a small sitemap of that page
  (with its alternates), cut from the full one, and /en/ gets the full one.
- Checks first: the plugin's languages are sitegen.project's, and every page exists in
  every language (a missing translation is one line, naming both files).
"""

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from sitegen import faults, project
from sitegen.faults import AuthoringError

ALTERNATE = re.compile(r'(<link rel="alternate" href=")([^"]+)(" hreflang="[^"]+">)')
ALTERNATE_WITH_LANG = re.compile(r'(<link rel="alternate" href=")[^"]+(" hreflang="([^"]+)">)')
SWITCHER_LINK = re.compile(r'(<a href=")[^"]+(" hreflang="([^"]+)" class="md-select__link">)')
URL_ENTRY = re.compile(r"<url>.*?</url>", re.S)
LOC = re.compile(r"<loc>([^<]+)</loc>")

_not_found: dict[str, str] = {}  # language -> its 404 page, until the last language is built


@event_priority(80)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    configured = [(lang.locale, bool(lang.default)) for lang in config.plugins["i18n"].config.languages]
    expected = [(lang.code, n == 0) for n, lang in enumerate(project.LANGUAGES)]
    if configured != expected:
        raise AuthoringError(project.CONFIG, f"the i18n languages {configured} are not sitegen/project.py's {expected}")
    faults.check_translations(Path(config.docs_dir))
    return config


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    output, count = ALTERNATE.subn(lambda m: m[1] + urljoin(page.canonical_url or "", m[2]) + m[3], output)
    if count != len(project.LANGUAGES):
        raise AuthoringError(faults.page_file(page.file.src_uri), f"patch failed: {count} language alternates, "
                             f"not {len(project.LANGUAGES)} (did Material change its HTML? sitegen/i18n_site.py)")
    return output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html":  # no page to mirror: the alternates are the languages' homes
        homes = {lang.code: lang.prefix for lang in project.LANGUAGES}
        home = lambda m: m[1] + (config.site_url or "/") + homes.get(m[3], "") + m[2]  # noqa: E731
        output, alternates = ALTERNATE_WITH_LANG.subn(home, output)
        output, switches = SWITCHER_LINK.subn(home, output)
        if alternates != switches or alternates != len(project.LANGUAGES):
            raise AuthoringError("404.html", "patch failed: the language links of the 404 page are not in the shape "
                                             "sitegen/i18n_site.py rewrites")
        _not_found[config.theme["language"]] = output
    return output


def language_folders(config: MkDocsConfig) -> dict[str, Path]:
    site = Path(config.site_dir)
    return {lang.code: site / lang.prefix if lang.prefix else site for lang in project.LANGUAGES}


@event_priority(-150)  # after mkdocs-static-i18n has built every language
def on_post_build(config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:  # once, when every language is built
        return
    folders = language_folders(config)
    site = next(folder for folder in folders.values() if folder == Path(config.site_dir))
    for lang, output in _not_found.items():
        if folders[lang].is_dir():
            (folders[lang] / "404.html").write_text(output, encoding="utf-8")

    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    text = sitemap.read_text(encoding="utf-8")
    head = text.split("<url>", 1)[0]
    site_path = urlparse(config.site_url or "/").path
    for entry in URL_ENTRY.findall(text):
        folder = site / urlparse(LOC.search(entry)[1]).path.removeprefix(site_path)
        if folder != site and folder.is_dir() and folder not in folders.values():
            (folder / "sitemap.xml").write_text(f"{head}{entry}\n</urlset>\n", encoding="utf-8")
    for folder in folders.values():
        if folder != site and folder.is_dir():
            (folder / "sitemap.xml").write_text(text, encoding="utf-8")
