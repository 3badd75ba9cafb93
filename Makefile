# make run: set up and serve the product with the sample data (SQLite unless DATABASE_URL is set)
# make test: the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Local use only: `make run` is a development server. Production: see README.
RUN_ENV := DJANGO_DEBUG=1

.PHONY: run test lint format install bench clean bench-admin bench-import bench-api bench-load eval eval-record

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_gazetteer
	$(RUN_ENV) $(PY) manage.py setup_roles
	$(RUN_ENV) $(PY) manage.py import_articles fixtures/articles --manifest fixtures/articles/MANIFEST.tsv
	$(RUN_ENV) $(PY) manage.py create_demo_curator
	@echo "Serving on http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/)"
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The importer scored on the annotated corpora of fixtures/eval/ (the dev corpus and the seeds):
# figures per set, then the worst articles with their misses. EVAL_ARGS="--verbose" lists every
# article; "--oracle-sites" gives the gazetteer the gold sites (claim logic alone, diagnosis).
eval: install
	$(PY) -m sources.extraction.evaluation $(EVAL_ARGS)

# The same, then writes the figures to fixtures/eval/figures.json, the floor that
# tests/sources/extraction/test_eval_ratchet.py holds. Run it when a change raises them.
eval-record: install
	$(PY) -m sources.extraction.evaluation --record $(EVAL_ARGS)

# Every benchmark, each printing its figures (and ending with its one summary line).
bench: bench-import bench-admin bench-api bench-pages bench-load

clean:
	rm -rf var .pytest_cache .ruff_cache

# Server-side render times of the busiest admin pages at 100,000 reports (the dataset is made
# once into var/bench/ and reused).
bench-admin: install
	$(PY) bench/bench_admin.py

# The importer: articles/s for extraction alone and with writes, peak memory, 1k vs 10k scaling.
# BENCH_ARGS="--small 200 --large 2000" for a quick run; "--clock cpu" on a shared machine.
bench-import: install
	$(PY) bench/bench_import.py $(BENCH_ARGS)

# The API benchmark: generates (once, cached in var/bench/) 10k sites, 200k reports, 100k
# sources and 400k evidence, then times the API against hand-written SQL, a naive DRF
# version and Datasette (installed in its own venv, only for this).
DATASETTE_VENV := var/bench/datasette-venv
$(DATASETTE_VENV)/.installed: requirements-bench.txt
	test -x $(DATASETTE_VENV)/bin/python || $(PYTHON) -m venv $(DATASETTE_VENV)
	$(DATASETTE_VENV)/bin/pip install --quiet -r requirements-bench.txt
	touch $@

bench-api: install $(DATASETTE_VENV)/.installed
	$(PY) bench/bench_api.py $(BENCH_ARGS)

# Public pages on a generated dataset of 10,000 sites and 50,000 reports (made once into
# var/bench-pages.sqlite3; `make bench-pages BENCH_PAGES_ARGS=` rebuilds it).
.PHONY: bench-pages
BENCH_PAGES_ARGS ?= --reuse
bench-pages: install
	$(RUN_ENV) $(PY) bench/bench_pages.py $(BENCH_PAGES_ARGS)

# Load: gunicorn (2 workers) over the API benchmark dataset in PostgreSQL, driven by wrk at 32
# connections for 60 s, cold and then with Redis and ETags (needs postgresql, wrk and
# redis-server from Debian's packages).
bench-load: install
	$(PY) bench/bench_load.py $(BENCH_ARGS)
