# Two commands for a fresh machine with Python 3.11.5+: `make serve` and `make test`.
# Each creates or updates the virtual environment .venv/ from requirements.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed

.PHONY: serve test build pdf

$(STAMP): requirements.txt
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 5) else "Python 3.11.5 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest

build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# The site with a PDF link on every page, then one PDF per language into site/pdf/
# (tools/site_pdf.py; needs Chromium and fonts-noto-cjk, as the browser tests do).
pdf: $(STAMP)
	SITE_PDF=1 NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
	$(BIN)/python tools/site_pdf.py site
