# Borgernes Huse – developer commands. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate seed messages test test-postgres lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	$(VENV)/bin/pybabel -q compile -D django -d locale

migrate: install messages
	@mkdir -p var
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint messages
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The whole suite again on a throwaway PostgreSQL cluster (installed with apt-get when missing).
test-postgres: install messages
	scripts/with-postgres $(VENV)/bin/pytest $(PYTEST_ARGS)

# Every benchmark script in bench/, one after the other, in one throwaway PostgreSQL cluster (the
# large generated municipality is built once and shared). SIZE=small for a run of a few minutes;
# record the figures in docs/benchmarks.md.
SIZE ?= full
bench: install messages
	BENCH_SIZE=$(SIZE) scripts/with-postgres sh -c \
		'for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done'

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
