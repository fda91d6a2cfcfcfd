# make run   : create .venv, install the pinned dependencies, analyse corpus/
# make test  : the same install, then ruff, mypy and pytest (what CI runs)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint pytest bench clean lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/briefs analyze corpus/

test: lint pytest

lint: $(STAMP)
	$(BIN)/ruff check briefs_analyzer tests bench
	$(BIN)/ruff format --check briefs_analyzer tests bench
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

# bench_corpus.py prints the issue-8 figures in one run, PDF pages/s per backend included
# (it runs bench_pdf_backends.py's measurement), so that script is not run twice.
bench: $(STAMP)
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_nlp.py
	$(BIN)/python bench/bench_corpus.py

# Re-pin every transitive dependency after changing pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^briefs-analyzer' > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
