# baocao — two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
BENCH ?=
export BAOCAO_DEV ?= 1

.PHONY: install chromium run test test-sqlite test-postgres bench migrate demo check clean

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

install: $(VENV)/.installed

# Browser tests drive Debian's Chromium; install it when it is absent.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Cài Chromium từ Debian / installing Debian's chromium…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

migrate: install
	$(BIN)/python manage.py migrate --noinput -v0

demo: migrate
	$(BIN)/python manage.py load_demo

# Web server on 127.0.0.1:$(PORT) and a huey consumer (SQLite-backed) together; Ctrl-C stops both.
run: install
	DEBUG=1 PORT=$(PORT) scripts/run.sh

# The full suite, browser tests included. pytest's exit 5 ("no tests ran") is a failure.
test: install chromium
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "LỖI: không có bài kiểm thử nào được chạy (pytest exit 5)"; exit 1; fi; exit $$rc

bench: install
	$(BIN)/python scripts/bench.py $(BENCH)

check: install
	$(BIN)/python manage.py check

clean:
	rm -rf var/ .pytest_cache
