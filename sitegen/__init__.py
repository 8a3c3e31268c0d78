"""The build glue of the site: what MkDocs, Material and the plugins do not do for us.

Each module owns one concern, and ``hooks/`` hands their events to MkDocs:

    project.py      conventions: folders, languages, pages and topics, Markdown forms
    cache.py        the disk cache: content-keyed, atomic, verified
    faults.py       authoring faults as one line naming page and culprit
    sources.py      the `snippets` package: sections, imports, code as it is on disk
    code_blocks.py  code on the pages: snippet lines checked, blocks run fresh, output shown
    facts.py        computed values and claims in the prose: {{ module.name }}
    figures.py      figures drawn from snippets at build time
    math.py         TeX -> SVG at build time
    notebooks/      a notebook per topic page and language
    search_ko.py    Korean search: particles and compounds
    i18n_site.py    languages: checks, absolute hreflang, 404 pages and sitemaps per language
    reproducible.py the build is dated by the last commit
"""
