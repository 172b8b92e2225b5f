# Two commands: `make demo` and `make test`. Everything else is set up on the way.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium
export UV_PYTHON_DOWNLOADS := never

.PHONY: demo test lint typecheck bench system-deps install web-assets clean help

help:
	@echo "make demo    set everything up and run the demo on the bundled examples (SQLite)"
	@echo "make test    set everything up and run the test suite"
	@echo "make lint    ruff and mypy"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

# Debian libraries WeasyPrint needs, pdftoppm, and Debian's chromium for the browser tests.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (run: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode
	@touch $@

# GOV.UK Frontend, htmx and axe-core from npm (package-lock.json), copied into the web app's static folder.
WEB_STATIC := src/scrutiny/web/static
GOVUK_DIST := node_modules/govuk-frontend/dist/govuk

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_STATIC)/govuk/.built: node_modules/.installed
	rm -rf $(WEB_STATIC)/govuk $(WEB_STATIC)/assets
	mkdir -p $(WEB_STATIC)/govuk
	cp $(GOVUK_DIST)/govuk-frontend.min.css $(GOVUK_DIST)/govuk-frontend.min.js $(WEB_STATIC)/govuk/
	cp -r $(GOVUK_DIST)/assets $(WEB_STATIC)/assets
	cp node_modules/htmx.org/dist/htmx.min.js $(WEB_STATIC)/htmx.min.js
	@touch $@

web-assets: $(WEB_STATIC)/govuk/.built

install: system-deps .venv/.installed web-assets

demo: install
	$(RUN) scrutiny demo

test: install
	$(RUN) pytest -n 2 -q

lint: .venv/.installed
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench
	$(RUN) mypy

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(RUN) python $$b || exit 1; done

clean:
	rm -rf .venv .tools node_modules $(WEB_STATIC)/govuk $(WEB_STATIC)/assets $(WEB_STATIC)/htmx.min.js scrutiny-demo .pytest_cache .mypy_cache .ruff_cache
