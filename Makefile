# Two commands set up a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# PORT: the port `make serve` listens on (default: iraq_security/serving.py's, 8001).
PORT ?=
DB := build/iraq_security.db
DEV_DB := build/dev.db
STAMP := $(VENV)/.installed

.PHONY: install build serve test lint eval compare bench clean

install: $(STAMP)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

build: install
	$(BIN)/iraq-security build --corpus seeds --db $(DB)

serve: build
	$(BIN)/iraq-security serve --db $(DB) $(if $(PORT),--port $(PORT))

# Style first (ruff, configured in pyproject.toml), then the suite.
test: install lint
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests scripts plugins
	$(BIN)/ruff format --check src tests scripts plugins

# Seeds and the development corpus are scored separately: the dev pages are
# invented test data and never part of the published database.
eval: build
	$(BIN)/iraq-security build --corpus tests/corpus/dev --db $(DEV_DB)
	@echo "== seeds (tests/gold/seeds.yaml)"
	$(BIN)/iraq-security evaluate --gold tests/gold/seeds.yaml --db $(DB)
	@echo "== development corpus (tests/gold/dev.yaml)"
	$(BIN)/iraq-security evaluate --gold tests/gold/dev.yaml --db $(DEV_DB)

# Whether a change left the seed build as it was: `make compare BEFORE=an/earlier/build.db`.
compare: build
	@test -n "$(BEFORE)" || { echo "usage: make compare BEFORE=path/to/earlier.db" >&2; exit 2; }
	$(BIN)/python scripts/compare_builds.py $(BEFORE) $(DB)

bench: install
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf $(VENV) build/*.db build/cache
