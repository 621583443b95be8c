# Needfinder: `make run` runs the whole system, `make test` tests it.
# Every target is rebuilt only when its inputs changed (environments, models).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
RASA_VENV := .venv-rasa
BIN := $(VENV)/bin
RASA := $(RASA_VENV)/bin/rasa
RASA_DATA := data/nlu data/rules data/stories
RASA_INPUTS := config.yml domain.yml $(shell find $(RASA_DATA) -name '*.yml' 2>/dev/null)
RASA_MODEL := models/needfinder.tar.gz
NEEDS_MODEL := var/models/needs/needfinder.json
WEB_VENDOR := api/static/vendor
NEEDS_INPUTS := $(wildcard data/corpus/train/*.jsonl data/eval/*_dev.jsonl \
  data/eval/second/*_dev.jsonl data/eval/eighth-writer/*_dev.jsonl \
  data/eval/thirteenth-writer/*_dev.jsonl) assistant/taxonomy.yml \
  $(wildcard assistant/needs/*.py)
# The Danish need model (README "Danish need model"): its corpus and dev halves, and it trains
# on the English corpus too.
NEEDS_MODEL_DA := var/models/needs-da/needfinder.json
NEEDS_INPUTS_DA := $(wildcard data/corpus/da/train/*.jsonl data/eval/da/*_dev.jsonl \
  data/corpus/train/*.jsonl) assistant/taxonomy.yml $(wildcard assistant/needs/*.py)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install web models run run-scaled haproxy test unit e2e web-test validate rasa-test types \
  lint lock clean
.DEFAULT_GOAL := run

install: $(VENV)/.installed $(RASA_VENV)/.installed web

# Front-end libraries for the web pages, pinned by package-lock.json: `npm ci` installs them
# and only their browser builds are copied to where the API serves static files (install
# scripts are skipped: swagger-ui-dist's @scarf/scarf dependency would report the install).
web: $(WEB_VENDOR)/.installed

$(WEB_VENDOR)/.installed: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@mkdir -p $(WEB_VENDOR)
	cp node_modules/socket.io-client/dist/socket.io.min.js \
	  node_modules/chart.js/dist/chart.umd.min.js \
	  node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	  node_modules/swagger-ui-dist/swagger-ui.css $(WEB_VENDOR)/
	@touch $@

$(VENV)/.installed: pyproject.toml requirements/app.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --constraint requirements/app.lock --editable '.[dev]'
	@touch $@

$(RASA_VENV)/.installed: requirements/rasa.lock
	@test -x $(RASA_VENV)/bin/python || "$$(scripts/find-python310)" -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install --quiet --requirement requirements/rasa.lock
	@touch $@

models: $(RASA_MODEL) $(NEEDS_MODEL) $(NEEDS_MODEL_DA)

# Our need classifier (spaCy, trained from blank with a fixed seed).
$(NEEDS_MODEL): $(VENV)/.installed $(NEEDS_INPUTS)
	$(BIN)/needs train --out var/models/needs --quiet
	@touch $@

$(NEEDS_MODEL_DA): $(VENV)/.installed $(NEEDS_INPUTS_DA)
	$(BIN)/needs train --lang da --out var/models/needs-da --quiet
	@touch $@

$(RASA_MODEL): $(RASA_VENV)/.installed $(RASA_INPUTS)
	PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=2 $(RASA) train --quiet \
	  --data $(RASA_DATA) --fixed-model-name needfinder --out models
	@touch $@

run: install models
	$(BIN)/needfinder run

# Scaled mode: RASA_SERVERS Rasa servers and ACTION_SERVERS action servers behind HAProxy, on
# PostgreSQL (DATABASE_URL) and Redis (REDIS_URL); README section "Scaled deployment".
RASA_SERVERS ?= 2
ACTION_SERVERS ?= 2
run-scaled: install models haproxy
	$(BIN)/needfinder run --rasa $(RASA_SERVERS) --actions $(ACTION_SERVERS)

# HAProxy from Debian's packages, installed when missing (scaled mode and its tests).
haproxy:
	@command -v haproxy >/dev/null || test -x /usr/sbin/haproxy || { \
	  echo "HAProxy is missing: installing Debian's package" >&2; \
	  sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq haproxy >/dev/null; }

validate: $(RASA_VENV)/.installed
	PYTHONWARNINGS=ignore $(RASA) data validate --data $(RASA_DATA) --fail-on-warnings

# Rasa's own test stories against the trained model (NLU + dialogue predictions).
rasa-test: models
	PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=2 $(RASA) test --model $(RASA_MODEL) \
	  --stories tests/rasa --fail-on-prediction-errors --out var/rasa-test-results

# pytest exits 5 when it collected nothing: that is a failure here, not a pass.
define pytest
	$(BIN)/pytest $(1); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc
endef

test: install types models haproxy validate rasa-test
	$(call pytest,)

unit: install $(NEEDS_MODEL) $(NEEDS_MODEL_DA)
	$(call pytest,-m "not e2e and not web")

e2e: install models haproxy
	$(call pytest,-m e2e)

# Browser tests of the chat and the management pages (Debian's Chromium, driven by Playwright).
web-test: install models
	$(call pytest,-m web)

# Static types (mypy, configured in pyproject.toml); channels/ runs in Rasa's Python 3.10
# environment, so it is checked against that one.
types: $(VENV)/.installed $(RASA_VENV)/.installed
	$(BIN)/mypy
	$(BIN)/mypy --python-version 3.10 --python-executable $(RASA_VENV)/bin/python \
	  --cache-dir .mypy_cache/rasa channels

lint: install types
	$(BIN)/ruff check assistant actions api channels ops tests scripts
	$(BIN)/ruff format --check assistant actions api channels ops tests scripts

# Re-pin both environments after changing dependencies.
lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^needfinder' > requirements/app.lock
	$(RASA_VENV)/bin/pip freeze > requirements/rasa.lock

clean:
	rm -rf $(VENV) $(RASA_VENV) models var .pytest_cache .mypy_cache node_modules $(WEB_VENDOR)
