# Lifelinks: `make run` starts the playground (or the real bot with TELEGRAM_BOT_TOKEN),
# `make test` installs everything it needs and runs the whole suite.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test unit e2e proof lint format messages bench safety-model system-deps clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=.' .env; then \
		$(VENV)/bin/lifelinks run; \
	else \
		$(VENV)/bin/lifelinks playground; \
	fi

# PostgreSQL and headless Chromium come from apt where missing (CI runs as root).
system-deps:
	@bash scripts/system-deps.sh

# system-deps has installed PostgreSQL, so its tests must run, not skip.
test: $(STAMP) system-deps lint
	LIFELINKS_NEED_POSTGRES=1 $(PY) -m pytest -q

unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

e2e: $(STAMP)
	$(PY) -m pytest -q tests/e2e

# The proof suite (docs/proof.md): fuzzing with many more examples, the whole isolation
# matrix over HTTP on both frameworks, and the scans. `make test` runs a quick sample of each.
proof: $(STAMP) system-deps
	LIFELINKS_PROOF=1 LIFELINKS_NEED_POSTGRES=1 $(PY) -m pytest -q tests/proof

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The text catalogue (dialogs/texts/locales/<lang>/LC_MESSAGES/lifelinks.po, msgids are the
# keys): extract the keys the code uses (babel.cfg), bring every language's catalogue up to date
# (keys no code uses any more are dropped; a new key arrives empty, for its English to be
# written), then compile each one, which checks it. Lifelinks reads the .po files themselves.
LOCALES := dialogs/texts/locales
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg --no-default-keywords -k t -k tn:1,2 \
		--no-location --sort-output --project Lifelinks -o $(LOCALES)/lifelinks.pot \
		dialogs bot scheduler
	$(VENV)/bin/pybabel update -D lifelinks -i $(LOCALES)/lifelinks.pot -d $(LOCALES) \
		--ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -D lifelinks -d $(LOCALES) --statistics

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

# Retrain the safety net's model from the open corpora and the rule book (deterministic;
# commit dialogs/safety/model_en.json). bench_crisis then shows what it does.
safety-model: $(STAMP)
	$(PY) -m dialogs.safety.training

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
