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

test: $(STAMP)
	$(BIN)/ruff check corpus tests benchmarks
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) corpus.db *.egg-info
