# `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean chromium

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
	$(BIN)/timeline --db sqlite:///exports/seeds.db chronology --format md
	$(BIN)/timeline --db sqlite:///exports/seeds.db render -o exports/seeds.html --title "Iran, Iraq and the US, 2020 (seed articles)"

# The browser tests need Chromium: installed with apt where it is missing. Outside CI a
# failed install only warns (those tests then skip); in CI it stops the run.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing chromium for the browser tests"; \
	  if ! (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium); then \
	    if [ -n "$$CI" ]; then echo "could not install chromium" >&2; exit 1; fi; \
	    echo "could not install chromium: the browser tests will be skipped" >&2; \
	  fi; \
	fi

test: $(STAMP) chromium
	$(BIN)/ruff check timeline tests bench alembic
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check timeline tests bench alembic
	$(BIN)/ruff format --check timeline tests bench alembic
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) exports/*.html exports/*.db
