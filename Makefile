# `make app` sets up and starts the app; `make test` sets up and runs every test (what .ci/run calls).
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: app test chromium screenshots

$(VENV)/.app: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.test: $(VENV)/.app requirements-test.txt
	$(PY) -m pip install -q -r requirements-test.txt
	touch $@

app: $(VENV)/.app
	$(VENV)/bin/streamlit run explainer/Home.py

# Debian's chromium for the browser tests (Playwright's own browser download fails offline).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || echo "could not install chromium: browser tests will be skipped (or fail under CI=true)"

test: $(VENV)/.test chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# Refresh the pictures the README shows: the browser tests, saving their screenshots into docs/screenshots.
screenshots: $(VENV)/.test chromium
	EXPLAINER_SCREENSHOTS=docs/screenshots $(PY) -m pytest -m browser
