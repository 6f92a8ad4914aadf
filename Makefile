# Compagnon: the single entry point. `make run` to try it, `make test` before pushing (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Stamp of the last install: the hash of requirements/dev.txt, so a second `make install` does nothing.
STAMP := $(VENV)/.requirements-dev.sha256
UV := $(shell command -v uv 2>/dev/null)
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-x -k contracts"`.
PYTEST_ARGS ?=
# Modules checked by mypy: the typed ones (STYLE.md: services, rules and helpers).
MYPY_PATHS := compagnon/accounts/scope.py compagnon/core compagnon/organisations/validators.py compagnon/env.py \
	$(wildcard compagnon/*/services.py compagnon/*/services compagnon/rules)

.PHONY: help install run worker test test-unit test-browser lint format bench clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

install: ## virtual environment + pinned dependencies (requirements/dev.txt), only when they changed
	@if [ ! -x "$(PY)" ]; then \
		echo "→ création de l'environnement virtuel $(VENV)"; \
		python3 -m venv $(VENV); \
	fi
	@wanted="$$(sha256sum requirements/dev.txt | cut -d' ' -f1)"; \
	if [ -f "$(STAMP)" ] && [ "$$(cat $(STAMP))" = "$$wanted" ]; then \
		echo "→ dépendances à jour"; \
	else \
		echo "→ installation des dépendances (requirements/dev.txt)"; \
		if [ -n "$(UV)" ]; then \
			$(UV) pip install --quiet --python $(PY) -r requirements/dev.txt; \
		else \
			[ -x $(VENV)/bin/pip ] || $(PY) -m ensurepip --upgrade >/dev/null; \
			$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements/dev.txt; \
		fi; \
		echo "$$wanted" > $(STAMP); \
	fi

run: install ## migrate, load reference and demo data, serve on http://127.0.0.1:8000 with a task worker
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_reference_data
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py demo_logins
	@# The worker runs in its own session (setsid) so that stopping the server stops it and its reloader too;
	@# without setsid (macOS), it runs without the reloader, as one process.
	@if command -v setsid >/dev/null; then setsid $(PY) manage.py db_worker & else $(PY) manage.py db_worker --no-reload & fi; \
	worker=$$!; \
	trap 'kill -TERM -- -$$worker 2>/dev/null || kill -TERM $$worker 2>/dev/null || true; wait $$worker 2>/dev/null || true; echo "→ worker arrêté"' EXIT; \
	trap 'exit 130' INT TERM; \
	echo "→ worker de tâches démarré (pid $$worker) ; serveur sur http://$(HOST):$(PORT)/ (Ctrl-C pour arrêter)"; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install ## the task worker alone (manage.py db_worker)
	$(PY) manage.py db_worker

test: install ## the whole suite: unit tests, then browser tests (REQUIRE_BROWSER=1 makes them mandatory)
	@$(MAKE) --no-print-directory test-unit
	@$(MAKE) --no-print-directory test-browser

test-unit: install ## unit tests only
	$(PY) -m pytest --ignore=tests/browser $(PYTEST_ARGS)

test-browser: install ## browser tests only (headless Chromium: apt-get install chromium)
	$(PY) -m pytest tests/browser -rs $(PYTEST_ARGS)

lint: install ## ruff, djlint, mypy, and no missing migration (runs every check, then fails if one did)
	@failed=(); \
	check() { echo "→ $$*"; "$$@" || failed+=("$${1##*/} $$2"); }; \
	check $(VENV)/bin/ruff check .; \
	check $(VENV)/bin/ruff format --check .; \
	check $(VENV)/bin/djlint --lint --quiet compagnon; \
	check $(VENV)/bin/djlint --check compagnon; \
	check $(VENV)/bin/mypy $(MYPY_PATHS); \
	check $(PY) manage.py makemigrations --check --dry-run; \
	if [ $${#failed[@]} -gt 0 ]; then printf 'lint : échec de %s\n' "$${failed[@]}" >&2; exit 1; fi

format: install ## rewrite the code and templates in the house style (ruff, djlint)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint --reformat --quiet compagnon || true

bench: install ## benchmarks (bench/run.sh; BENCH_CONTRACTS=20000 for a quick look)
	@if [ -x bench/run.sh ]; then bench/run.sh; \
	elif [ -f bench/run.sh ]; then bash bench/run.sh; \
	else echo "bench/run.sh est absent : aucun benchmark à lancer."; exit 1; fi

clean: ## remove caches (keeps .venv and the database in var/)
	rm -rf .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -not -path './.venv/*' -prune -exec rm -rf {} +
