# The two commands of the README: `make run` (the app on the demo county) and `make test` (the whole suite).
# Both create .venv and install the pinned versions from constraints.txt on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test lint forms schema screenshots bench bundle clean sysdeps

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "DutyRoom needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,package]"
	touch $(STAMP)

sysdeps:
	@sh .ci/sysdeps

run: sysdeps $(STAMP)
	$(BIN)/dutyroom --demo

test: sysdeps $(STAMP)
	$(BIN)/ruff check dutyroom tests packaging
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check dutyroom tests packaging
	$(BIN)/mypy

# Regenerate dutyroom/gui/forms/ui_*.py from ui/*.ui (a test fails when they drift apart).
forms: $(STAMP)
	for f in ui/*.ui; do n=$$(basename $$f .ui); $(BIN)/pyside6-uic $$f -o dutyroom/gui/forms/ui_$$n.py; done

# Regenerate db/schema.sql, the schema the migrations make, for reading (a test fails when they drift apart).
schema: $(STAMP)
	$(BIN)/python -m dutyroom.store.schema

screenshots: sysdeps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/dutyroom screenshots build/screenshots

# The benchmarks also need the "bench" extra (OR-Tools, to prove the roster optimum).
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,package,bench]"
	touch $(BENCH_STAMP)

bench: sysdeps $(BENCH_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench

# One-folder bundle with PyInstaller, then the bundled self-test (see packaging/README.md).
bundle: sysdeps $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/dutyroom.spec
	QT_QPA_PLATFORM=offscreen dist/DutyRoom/dutyroom-cli selftest --db build/bundle-selftest.sqlite3

clean:
	rm -rf build dist .pytest_cache .ruff_cache .mypy_cache
