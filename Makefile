# Two entry points for a fresh machine: `make run` and `make test`. Each creates .venv if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/corpus validate
	$(BIN)/corpus build --db corpus.db
	$(BIN)/corpus stats
	$(BIN)/corpus lookup Wlassow --db corpus.db
	$(BIN)/corpus show Wlassow --db corpus.db

test: $(STAMP) /usr/bin/chromium
	$(BIN)/ruff check corpus tests benchmarks tei
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The browser test drives Debian's chromium (Playwright downloads no browser here).
/usr/bin/chromium:
	bash .ci/install-browser

clean:
	rm -rf $(VENV) corpus.db *.egg-info
