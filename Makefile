# One-command setup, demo, tests and benchmarks. Every target that runs code runs `setup` first,
# so a fresh clone needs nothing but Python, root and the package registries.
SHELL := /bin/bash
PY := .venv/bin/python
APT_PACKAGES := chromium libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk \
	poppler-utils tesseract-ocr tesseract-ocr-chi-sim redis-server antiword
export OGI_DATA ?= $(CURDIR)/data
# Rendered simulated-web documents, keyed by generator version: shared by the demo and every test
# suite, so LibreOffice renders them once per machine, not once per suite.
export OGI_SIMWEB_TEST_CACHE ?= $(CURDIR)/data/cache/simweb/cache

.PHONY: setup system-packages demo test bench lint clean

setup: system-packages .venv/.installed

# Installs only what is missing, so a second run is a no-op and prints nothing.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

.venv/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv .venv
	@$(PY) -m pip install -q --upgrade pip 2>/dev/null
	@$(PY) -m pip install -q -e '.[dev]' > .venv/pip.log 2>&1 || { cat .venv/pip.log; exit 1; }
	@touch $@

demo: setup
	@$(PY) -m flows.demo

test: setup
	@$(PY) -m pytest -q

bench: setup
	@$(PY) -m tests.bench

lint: setup
	@.venv/bin/ruff check crawler extract pipeline flows tests

clean:
	rm -rf data/raw data/crawl data/extracted data/tables data/snapshots data/ogi.duckdb data/cache
