# Casereader developer commands. Everything installs into .venv; system packages come from scripts/system-deps.sh.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint typecheck pytest bench bench-smoke screenshots i18n dist dist-check clean

$(STAMP): pyproject.toml
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

## Install, then open the app on a demo inspection in a fresh local data folder.
run: $(STAMP)
	$(BIN)/casereader demo

## Install, then run every check: ruff, mypy, the whole pytest suite offscreen, the bench smoke run.
test: $(STAMP)
	$(BIN)/ruff check casereader tests bench
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider
	$(BIN)/python bench/run.py --smoke

lint: $(STAMP)
	$(BIN)/ruff check casereader tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py screenshots

## Extract the interface strings into resources/i18n/*.ts and compile the .qm files the app loads.
i18n: $(STAMP)
	$(BIN)/python scripts/i18n.py

dist: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean build.spec

dist-check: dist
	bash scripts/dist-check.sh

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
