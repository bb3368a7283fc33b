# IOC Wall. The two commands an admin needs (see README.md):
#   make demo    the server with the simulated demo province on http://127.0.0.1:8765, and its wall
#   make test    lint, type-check, run the whole test suite (with a local PostgreSQL when root), then a 2-minute soak
# Both prepare the machine first (scripts/bootstrap.sh): Debian packages and .venv; both build the leaders'
# view (make web: web/ -> server/web_assets/, served under /view/).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Override on the command line: make demo PORT=9000
PORT := 8765
# Extra pytest arguments: make test PYTEST_ARGS="-k alerts -x" (the coverage floors are then not checked)
PYTEST_ARGS :=
# The soak that make test runs after the suite (benchmarks/soak.py: fails on a lost or duplicated update, or RSS
# growing more than 10% after its warm-up); `make soak` runs it for MINUTES (10).
TEST_SOAK_MINUTES := 2
# Branch coverage floors per package (percent), checked by make test: raise them as coverage grows.
COVERAGE_FLOORS := wall_protocol=97 server=93 wall_client=88

VENV := .venv
PY := $(VENV)/bin/python
DEMO_TOKEN := demo-output/demo-token.txt

ifeq ($(PORT),8765)
WATCH_SERVER :=
else
WATCH_SERVER := --server ws://127.0.0.1:$(PORT)/ws
endif

# Shell helpers: `step CMD...` runs CMD, remembers a failure and goes on, so one run shows every
# problem; `$(FINISH)` then fails the target if any step failed. (Recursive `=`: `$$` must reach the shell.)
STEPS = failed=(); step() { echo; echo "==> $$*"; "$$@" || failed+=("$$*"); }
FINISH = echo; if [ $${\#failed[@]} -gt 0 ]; then printf 'make $@: FAILED: %s\n' "$${failed[@]}" >&2; exit 1; fi; echo "make $@: all steps passed"

# Translations (wall_client/model/i18n.py): the .ts catalogs in resources/translations are kept in git,
# the .qm files built from them go to wall_client/translations (ignored by git, shipped in the package).
TS_DIR := resources/translations
QM_DIR := wall_client/translations
TS_SOURCES := wall_client wall_protocol

.PHONY: help demo test test-phases reliability lint schema translations web web-types ts bench soak dist clean distclean

help:
	@echo "make demo       run the demo server on http://127.0.0.1:$(PORT) and its wall (PORT= to change)"
	@echo "make test       ruff, import contracts, schema check, mypy, pytest, a 2-minute soak (PYTEST_ARGS= for pytest only)"
	@echo "make reliability  the faults, bad-input and fuzzing trials at full length; rewrites docs/reliability.md"
	@echo "make lint       ruff, import contracts, mypy"
	@echo "make schema     regenerate docs/protocol.schema.json (and web/src/protocol.gen.ts from it)"
	@echo "make translations  build the .qm catalogs ($(TS_DIR)/*.ts -> $(QM_DIR)/)"
	@echo "make web        build the leaders' view (web/ -> server/web_assets/): npm ci, types check, tsc, vite"
	@echo "make web-types  regenerate web/src/protocol.gen.ts and server_texts.gen.ts, then build"
	@echo "make ts         refresh $(TS_DIR)/iocwall_*.ts from the code (pyside6-lupdate), then translate"
	@echo "make bench      run the benchmarks (benchmarks/*.py, 3 interleaved rounds each: about 30 minutes)"
	@echo "make soak       200 clients, 2000 updates/s, 8 relayed cameras for $(MINUTES) minutes (MINUTES= to change)"
	@echo "make dist       build dist/iocwall-wall_VERSION_amd64.deb and dist/iocwall-server_VERSION_amd64.deb"
	@echo "                (OFFLINE=1: also dist/iocwall-wall-offline_VERSION_amd64.run, see installer/linux/README.md)"
	@echo "make clean      remove caches and demo state; make distclean also removes .venv"

demo: translations web
	@bash scripts/bootstrap.sh runtime
	@mkdir -p demo-data demo-output
	@echo
	@echo "IOC Wall demo: the server on http://127.0.0.1:$(PORT) and its wall (Ctrl-C stops both)."
	@echo "With no display the wall renders offscreen and writes PNGs of each monitor to demo-output/."
	@echo "In another terminal try:"
	@echo '  curl http://127.0.0.1:$(PORT)/healthz'
	@echo '  cat $(DEMO_TOKEN)            # admin token, written at start-up'
	@echo '  cat demo-output/demo-login.txt   # a leader account: open http://127.0.0.1:$(PORT)/view/ and log in'
	@echo '  $(VENV)/bin/iocwall watch $(if $(WATCH_SERVER),$(WATCH_SERVER) )--token $$(cat $(DEMO_TOKEN))'
	@echo
	exec $(VENV)/bin/iocwall demo --port $(PORT) --data-dir demo-data

# Not yet what make test runs: the suite in three phases (scripts/run-tests.sh, which says why not yet).
test-phases: translations web
	@bash scripts/bootstrap.sh test
	@IOCWALL_TEST_PG_URL="$$(bash scripts/start-test-postgres.sh)" IOCWALL_REQUIRE_PG=1 QT_QPA_PLATFORM=offscreen \
		bash scripts/run-tests.sh $(PY) $(PYTEST_ARGS)

test: translations web
	@bash scripts/bootstrap.sh test
	@if pg_url="$$(bash scripts/start-test-postgres.sh)"; then \
		export IOCWALL_TEST_PG_URL="$$pg_url" IOCWALL_REQUIRE_PG=1; \
		echo "PostgreSQL for the tests: $$pg_url"; \
	elif [ "$$(id -u)" -eq 0 ]; then \
		echo "make test: the test PostgreSQL could not be started (see above)" >&2; exit 1; \
	else \
		echo "make test: no PostgreSQL (not root, IOCWALL_TEST_PG_URL unset): postgres tests will be skipped" >&2; \
	fi; \
	$(STEPS); \
	step $(VENV)/bin/ruff check .; \
	step $(VENV)/bin/lint-imports; \
	step $(PY) -m wall_protocol.schema --check docs/protocol.schema.json; \
	step $(VENV)/bin/mypy; \
	$(PY) -m coverage erase; \
	step env QT_QPA_PLATFORM=offscreen $(PY) -m coverage run -m pytest -q --durations=30 $(PYTEST_ARGS); \
	step bash scripts/coverage-report.sh $(PY) $(if $(PYTEST_ARGS),$(foreach f,$(COVERAGE_FLOORS),$(firstword $(subst =, ,$(f)))),$(COVERAGE_FLOORS)); \
	if [ -z "$(PYTEST_ARGS)" ]; then step $(PY) benchmarks/soak.py --minutes $(TEST_SOAK_MINUTES); fi; \
	$(FINISH)

# The trials of tests/reliability/ at the durations the issue named (make test runs them short), rendered
# into docs/reliability.md by tests/support/reliability_table.py. Commit the page it writes.
reliability: translations web
	@bash scripts/bootstrap.sh test
	@if pg_url="$$(bash scripts/start-test-postgres.sh)"; then export IOCWALL_TEST_PG_URL="$$pg_url" IOCWALL_REQUIRE_PG=1; fi; \
	env QT_QPA_PLATFORM=offscreen IOCWALL_RELIABILITY_LONG=1 IOCWALL_RELIABILITY_DOC=docs/reliability.md \
		$(PY) -m pytest -q -p no:cacheprovider tests/reliability $(PYTEST_ARGS); \
	echo "make reliability: docs/reliability.md rewritten"

lint:
	@bash scripts/bootstrap.sh runtime
	@$(STEPS); \
	step $(VENV)/bin/ruff check .; \
	step $(VENV)/bin/lint-imports; \
	step $(VENV)/bin/mypy; \
	$(FINISH)

schema:
	@bash scripts/bootstrap.sh runtime
	$(PY) -m wall_protocol.schema docs/protocol.schema.json
	bash scripts/build-web.sh --types

# Builds only: the .ts files change by `make ts` and a translator, never as a side effect of a build.
translations:
	@bash scripts/bootstrap.sh runtime
	@mkdir -p $(QM_DIR)
	@for ts in $(TS_DIR)/*.ts; do \
		$(VENV)/bin/pyside6-lrelease -silent "$$ts" -qm "$(QM_DIR)/$$(basename "$${ts%.ts}").qm"; \
	done

# The leaders' view (web/, TypeScript + Vite): scripts/build-web.sh installs web/node_modules with npm ci when
# web/package-lock.json changed, checks that web/src/protocol.gen.ts matches docs/protocol.schema.json
# (so web and server cannot drift), type-checks and builds into server/web_assets/ (ignored by git, shipped).
# web/src/server_texts.gen.ts (the server's own sentences, Vietnamese and English) is checked the same way.
web:
	@bash scripts/bootstrap.sh runtime
	$(PY) web/scripts/gen_server_texts.py --check
	bash scripts/build-web.sh

# Also the server's sentences in the page's languages (web/src/server_texts.gen.ts, from wall_protocol/texts.py
# and the ServerText context of $(TS_DIR)/iocwall_en.ts).
web-types:
	@bash scripts/bootstrap.sh runtime
	$(PY) web/scripts/gen_server_texts.py
	bash scripts/build-web.sh --types

# English: every source text, to translate (tests/wall_client/ui/test_translations.py fails on an unfinished
# one). Vietnamese is the source language: its catalog holds only plural forms (none yet). No line numbers:
# they would change the file at every edit of the code. qtbase_vi.ts (Qt's own texts) is kept by hand.
ts:
	@bash scripts/bootstrap.sh runtime
	$(VENV)/bin/pyside6-lupdate -extensions py -locations none -no-obsolete $(TS_SOURCES) \
		-source-language vi -target-language en -ts $(TS_DIR)/iocwall_en.ts
	$(VENV)/bin/pyside6-lupdate -extensions py -locations none -no-obsolete -pluralonly $(TS_SOURCES) \
		-source-language vi -target-language vi -ts $(TS_DIR)/iocwall_vi.ts
	$(PY) web/scripts/gen_server_texts.py

bench: web
	@bash scripts/bootstrap.sh runtime
	$(PY) benchmarks/fanout.py
	$(PY) benchmarks/media_relay.py
	$(PY) benchmarks/video_wall.py
	$(PY) benchmarks/video_caching.py
	$(PY) benchmarks/wall_command_latency.py
	$(PY) benchmarks/detection.py
	$(PY) benchmarks/forecasts.py
	$(PY) benchmarks/web_view.py

# The soak (benchmarks/soak.py): fails on a lost or duplicated update or RSS growing >10% after the warm-up.
MINUTES := 10
soak:
	@bash scripts/bootstrap.sh runtime
	$(PY) benchmarks/soak.py --minutes $(MINUTES)

# The Debian packages (installer/linux/README.md): PyInstaller one-folder builds, then dpkg-deb.
# make dist OFFLINE=1 also builds the wall's offline installer (Debian 12, as root, downloads its dependencies).
OFFLINE :=
dist: translations web
	@bash scripts/bootstrap.sh dist
	bash scripts/build-deb.sh all --out dist
	$(if $(OFFLINE),bash scripts/build-offline.sh dist/iocwall-wall_$$(sed -n 's/^__version__ = "\(.*\)"$$/\1/p' wall_protocol/version.py)_amd64.deb)

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis .benchmarks build dist *.egg-info demo-output demo-data \
		.coverage .coverage.* \
		$(QM_DIR) server/web_assets
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) web/node_modules
