# The two commands of the README: `make serve` and `make test`. Both create .venv when it is
# missing and (re)install the project only when pyproject.toml changed. Plain `make` only lists
# the targets (the `##` comments below).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8080
HOST ?= 127.0.0.1
PYTEST_ARGS ?=

.PHONY: help serve test check format fuzz soak bench dist clean chromium screenshots

help:  ## list the targets (creates nothing)
	@echo "groove-contract: make TARGET"
	@sed -n 's/^\([a-z]*\):.*## \(.*\)/  \1\t\2/p' $(firstword $(MAKEFILE_LIST)) | expand -t 10

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("groove-contract needs Python 3.11+, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)  ## serve the mock on http://127.0.0.1:8080 (PORT=, HOST= to change)
	$(BIN)/groove-mock serve --host $(HOST) --port $(PORT)

check: $(STAMP)  ## ruff lint and format check, mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The bridge's examples need node (examples/node), curl and jq (examples/shell), the pages'
# browser tests chromium: Debian's packages for whichever is missing.
test: check  ## check, then the whole test suite (PYTEST_ARGS=); installs the tools it needs
	@missing=; for tool in node:nodejs curl:curl jq:jq chromium:chromium; do \
		command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool#*:}"; done; \
		[ -z "$$missing" ] || apt-get install -y -qq $$missing >/dev/null 2>&1 \
		|| (apt-get update -qq && apt-get install -y -qq $$missing)
	GROOVE_NEED_BRIDGE_TOOLS=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium (Playwright cannot download its own here); we run
# as root, as for wrk in `make bench`.
chromium:  ## install Debian's chromium for the browser tests, when missing
	@command -v chromium >/dev/null 2>&1 || apt-get install -y -qq chromium >/dev/null 2>&1 \
		|| (apt-get update -qq && apt-get install -y -qq chromium)

screenshots: $(STAMP) chromium  ## docs/screenshots/*.png (the README's), taken by the browser tests
	GROOVE_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/mock_server/pages/test_pages_in_browser.py tests/contract_tests/reports/test_html_report.py

format: $(STAMP)  ## ruff format and fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Long runs (docs/hardening.md), each against a mock on 127.0.0.1: the Hypothesis properties with
# 5,000 examples, Schemathesis for up to 30 min, our wire fuzzer (10^6 requests) and the soak
# (2 x 10^6); the figures land in fuzz-report/*.json.
fuzz: $(STAMP)  ## long fuzzing: Hypothesis, Schemathesis, wire fuzzer, soak (figures: fuzz-report/)
	GROOVE_FUZZ_REPORT_DIR=fuzz-report HYPOTHESIS_PROFILE=fuzz \
		$(BIN)/python -m pytest -m fuzz -p no:cacheprovider $(PYTEST_ARGS)
	@cat fuzz-report/*.json

soak: $(STAMP)  ## the soak alone: 2 x 10^6 mixed requests, RSS sampled (fuzz-report/soak.json)
	GROOVE_FUZZ_REPORT_DIR=fuzz-report HYPOTHESIS_PROFILE=fuzz \
		$(BIN)/python -m pytest tests/mock_server/test_soak.py -p no:cacheprovider $(PYTEST_ARGS)
	@cat fuzz-report/soak.json

# Loopback only, every load bounded; wrk comes from Debian's packages (we run as root).
bench: $(STAMP)  ## the benchmark (docs/performance.md; BENCH_ARGS=)
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk >/dev/null 2>&1 \
		|| (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench $(BENCH_ARGS)

# What another project installs: see the README's "Use it in your project".
dist: $(STAMP)  ## build the wheel and the sdist into dist/
	$(BIN)/hatchling build -d dist

clean:  ## remove .venv, dist and caches
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis fuzz-report
