"""A runnable notebook for every topic page, in both languages, made at build time.

- make.py    page -> notebook (its words, its code blocks, its figures, a setup cell)
- setup.py   the setup cell: the definitions the cells use, and what those use
- run.py     execution in a fresh kernel, normalised outputs, cached by code
- render.py  the notebooks as generated pages of the site (mkdocs-jupyter renders them)
"""
