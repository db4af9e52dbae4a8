# `make app` sets up and starts the app; `make test` sets up and runs every test (what .ci/run calls).
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: app test chromium screenshots catalogs

# --no-compile: Python compiles a module when it is first imported, not every module of torch at install (a third
# of the install's time).
$(VENV)/.app: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --no-compile -r requirements.txt
	touch $@

$(VENV)/.test: $(VENV)/.app requirements-test.txt
	$(PY) -m pip install -q --no-compile -r requirements-test.txt
	touch $@

app: $(VENV)/.app
	$(VENV)/bin/streamlit run explainer/Home.py

# After changing what a person reads: extract every marked message and update the catalogs (then translate what is
# new or fuzzy in explainer/i18n/locale/*/LC_MESSAGES/messages.po; tests/test_catalog.py fails until done).
CATALOG_TEMPLATE := explainer/i18n/messages.pot
catalogs: $(VENV)/.app
	$(VENV)/bin/pybabel extract -F explainer/i18n/babel.cfg --no-location --sort-output --omit-header -w 120 \
	  -c "Translators:" -o $(CATALOG_TEMPLATE) .
	$(VENV)/bin/pybabel update -i $(CATALOG_TEMPLATE) -d explainer/i18n/locale -l zh_CN --ignore-obsolete -w 120
	rm $(CATALOG_TEMPLATE)

# Debian's chromium for the browser tests (Playwright's own browser download fails offline), and a small Chinese
# font (5 MB), so that pages in Chinese show characters, not boxes.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || echo "could not install chromium: browser tests will be skipped (or fail under CI=true)"
	@fc-list :lang=zh | grep -q . || { apt-get update -qq && apt-get install -y -qq fonts-wqy-microhei >/dev/null; } \
	  || echo "could not install a Chinese font: pages in Chinese will show boxes in screenshots"

test: $(VENV)/.test chromium haproxy postgresql
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# Refresh the pictures the README shows: the browser tests, saving their screenshots into docs/screenshots.
screenshots: $(VENV)/.test chromium haproxy
	EXPLAINER_SCREENSHOTS=docs/screenshots $(PY) -m pytest -m browser

# A lecture hall: REPLICAS Streamlit processes (default: one per core) behind HAProxy on PORT, plus
# SERVERS="host:port ..." replicas on other machines.
# See the README's "Serving a lecture hall" (several machines, a GPU machine for trainings).
REPLICAS ?= $(shell nproc)
PORT ?= 8501
SERVERS ?=
.PHONY: classroom haproxy postgresql

haproxy:
	@command -v haproxy >/dev/null || test -x /usr/sbin/haproxy \
	  || { apt-get update -qq && apt-get install -y -qq haproxy >/dev/null; } \
	  || echo "could not install haproxy: run 'sudo apt-get install haproxy'"

# Debian's PostgreSQL server binaries: the store's tests start a real server in a temporary folder (no service).
postgresql:
	@test -x /usr/lib/postgresql/15/bin/pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 \
	  || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } \
	  || echo "could not install postgresql: the store's PostgreSQL tests will be skipped (or fail under CI=true)"

classroom: $(VENV)/.app haproxy
	$(PY) -m deploy.classroom --replicas $(REPLICAS) --port $(PORT) $(foreach server,$(SERVERS),--server $(server))
