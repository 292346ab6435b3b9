# `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f exports/seeds.db
	$(BIN)/timeline --db sqlite:///exports/seeds.db ingest seeds/ --metadata seeds/metadata.csv
	$(BIN)/timeline --db sqlite:///exports/seeds.db query
	$(BIN)/timeline --db sqlite:///exports/seeds.db render -o exports/seeds.html --title "Iran, Iraq and the US, 2020 (seed articles)"

test: $(STAMP)
	$(BIN)/ruff check timeline tests bench alembic
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check timeline tests bench alembic
	$(BIN)/ruff format --check timeline tests bench alembic

clean:
	rm -rf $(VENV) exports/*.html exports/*.db
