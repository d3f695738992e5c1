# Todoke — the two commands: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8080
DEV_DB ?= var/todoke.db
PACKAGES := notifier channels subscribers

export TODOKE_DATABASE_URL ?= sqlite:///$(DEV_DB)

.PHONY: run test lint typecheck unit venv i18n constraints clean bench browser screenshots audit docker-check

## make run: set everything up, migrate, seed a demo and serve on http://$(HOST):$(PORT)/
run: $(STAMP) i18n
	$(BIN)/todoke db upgrade
	$(BIN)/todoke demo seed
	$(BIN)/todoke serve --host $(HOST) --port $(PORT)

## make test: set everything up and run linters, type checks and the whole suite on SQLite and PostgreSQL
test: $(STAMP) i18n lint typecheck browser
	PGURL=$$(scripts/ensure-postgres.sh) && \
	TODOKE_TEST_POSTGRES_URL=$$PGURL $(BIN)/python -m pytest $(PYTEST_ARGS)

## refresh docs/screenshots/*.png (the README's pictures) from a real browser
screenshots: $(STAMP) i18n browser
	TODOKE_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/e2e/test_screenshots.py

## the browser tests (tests/e2e) need Debian's chromium and axe-core from npm
browser:
	scripts/ensure-browser.sh

## dependency audit of every pin in constraints.txt (scripts/audit.py): pip-audit where its service answers,
## else PyPI's project JSON (latest releases only). Needs the network, so not part of `make test`.
## Exit 0 all audited and clean, 1 vulnerable, 3 some pins could not be audited, 2 nothing could be looked up.
audit: $(STAMP)
	$(BIN)/python scripts/audit.py

## build the Docker image and smoke-test it (serve, /healthz, /readyz, HEALTHCHECK, non-root user);
## slow and needs root (Podman) or a running Docker, so not part of `make test`
docker-check:
	scripts/docker-check.sh

lint: $(STAMP)
	$(BIN)/ruff check $(PACKAGES) tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

venv: $(STAMP)

$(STAMP): setup.cfg constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,dev]'
	touch $(STAMP)

## constraints.txt pins every package for reproducible installs; refresh after changing setup.cfg
constraints:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^todoke' > constraints.txt

## gettext: extract from templates and code, update every language, compile .mo files
## (`messages`: the pages and console, babel.cfg; `notices`: the wording of notices, babel-notices.cfg)
NOTICE_LANGUAGES := ja ja_easy en zh_Hans zh_Hant ko vi ne pt_BR es tl id th my

i18n: $(STAMP)
	@$(BIN)/pybabel compile --domain messages --directory locales --statistics 2>&1 | tail -1
	@$(BIN)/pybabel compile --domain notices --directory locales --statistics 2>&1 | tail -1

i18n-update: $(STAMP)
	$(BIN)/pybabel extract --mapping babel.cfg --output locales/messages.pot --project Todoke --no-location \
		--sort-output --add-comments=TRANSLATORS: .
	$(BIN)/pybabel extract --mapping babel-notices.cfg --output locales/notices.pot --project Todoke --no-location \
		--sort-output --add-comments=TRANSLATORS: templates/notices
	@for domain in messages notices; do for lang in $(NOTICE_LANGUAGES); do \
		if [ -f locales/$$lang/LC_MESSAGES/$$domain.po ]; then \
			$(BIN)/pybabel update --domain $$domain --input-file locales/$$domain.pot --output-dir locales \
				--locale $$lang --no-fuzzy-matching --ignore-obsolete ; \
		else \
			$(BIN)/pybabel init --domain $$domain --input-file locales/$$domain.pot --output-dir locales --locale $$lang ; \
		fi ; done ; done

## make bench: every benchmark in bench/ at full size (BENCH_ARGS=--quick for small sizes) → bench/results.json + README table
bench: $(STAMP) i18n
	PGURL=$$(scripts/ensure-postgres.sh) && \
	TODOKE_TEST_POSTGRES_URL=$$PGURL TODOKE_BENCH_POSTGRES_URL=$$PGURL $(BIN)/python bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
