# The two commands of the README's quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BIOME := node_modules/.bin/biome
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format bench install install-test install-js chromium clean

run: install
	$(BIN)/lykta db upgrade
	$(BIN)/lykta demo
	@# Plain HTTP on the loopback address: the session cookie cannot be Secure here.
	LYKTA_INSECURE_COOKIES=1 $(BIN)/lykta serve --host 127.0.0.1 --port 8000

test: install-test install-js chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIOME) ci --error-on-warnings pwa
	$(BIN)/pytest

lint: install-test install-js
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIOME) check --write pwa

bench: install-test
	@dpkg -s libvips42 >/dev/null 2>&1 || $(SUDO) apt-get install -y -q libvips42
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-js: node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $@

# The JavaScript linter and formatter (Biome, pinned in package.json), a tool only: the app
# itself has no build step.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's Chromium for the browser tests; Playwright cannot download browsers here.
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache .ruff_cache .hypothesis
