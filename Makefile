# Two commands for a fresh machine with Python 3.11.5+: `make serve` and `make test`
# (and `make check` while writing). Each creates or updates the virtual environment .venv/
# from requirements.txt, requirements-math.txt and this project (pyproject.toml); check,
# test and pdf add requirements-test.txt (pytest, ruff, Playwright: not needed to serve).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
TEST_STAMP := $(VENV)/.test-requirements-installed

.PHONY: serve serve-dirty check test build pdf

$(STAMP): requirements.txt requirements-math.txt pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 5) else "Python 3.11.5 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-math.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(TEST_STAMP)

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# A large site while writing: rebuild only the pages an edit (of a page or of the code) touched.
serve-dirty: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000  # MkDocs warns of any dirty build

# While writing: lint, doctests and the tests that need no build (about 20 s), on two cores.
check: $(TEST_STAMP)
	$(BIN)/ruff check .
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -q -n 2 snippets tests/check

# Everything: the check tier, builds, notebooks, `mkdocs serve` and the browser, on two
# workers that share one session build, a test file to one worker, in the order
# tests/conftest.py gives them (the build starts first); the slowest tests printed.
test: $(TEST_STAMP)
	$(BIN)/ruff check .
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=15

build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# The site with a PDF link on every page, then one PDF per language into site/pdf/
# (sitegen/site_pdf.py; needs Chromium and fonts-noto-cjk, as the browser tests do).
pdf: $(TEST_STAMP)
	SITE_PDF=1 NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
	$(BIN)/python -m sitegen.site_pdf site
