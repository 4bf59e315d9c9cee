# Everything runs from .venv, which `make test` / `make demo` create from nothing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
GEN_OUT := generated/databricks_mlflow_api

.PHONY: install generate check-generated lint docs test test-fast compat demo bench bench-smoke soak clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -e '.[dev,bench]'
	touch $(STAMP)

install: $(STAMP)

generate: $(STAMP)
	$(BIN)/python scripts/generate.py
	$(BIN)/python scripts/unasync.py

check-generated: $(STAMP)
	$(BIN)/python scripts/generate.py --check
	$(BIN)/python scripts/unasync.py --check

lint: $(STAMP)
	$(BIN)/ruff check databricks_mlflow_client scripts tests bench
	$(BIN)/ruff format --check databricks_mlflow_client scripts tests bench
	$(BIN)/mypy
	$(BIN)/openapi-spec-validator spec/databricks-mlflow.yaml spec/mlflow-oss.yaml

# The reference from the docstrings and the guides; --strict: a broken link or docstring fails the build.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

test: $(STAMP) lint check-generated docs
	$(BIN)/python -m pytest -n 2

# The slow end-to-end checks kept out of `make test` (under 5 minutes): the bench's smoke run.
compat: $(STAMP)
	$(BIN)/python -m pytest -m compat tests

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -x

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

# The CLI benchmarks run the editable dev install: compile its bytecode first, as `pip install` does for a
# user, so that a machine with PYTHONDONTWRITEBYTECODE=1 does not compile every import in every process.
bench: $(STAMP)
	$(BIN)/python -m compileall -q -j 0 databricks_mlflow_client generated bench
	$(BIN)/python -m bench

bench-smoke: $(STAMP)
	$(BIN)/python -m bench --smoke

soak: $(STAMP)
	$(BIN)/python -m pytest -m soak -p no:xdist tests
	# One-token mutants of _core, _auth and _config (and the ones issue #13 names, which must die).
	$(BIN)/python scripts/mutate.py --budget 1500

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache site
