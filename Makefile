# Two commands a newcomer needs: `make run` and `make test`. Everything else is for maintainers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Exact versions with their hashes, so a fresh machine installs what CI tested; `make lock` writes
# them from pyproject.toml. requirements.lock is what the bot needs (the container image installs
# it); requirements-dev.lock adds the tools `make test` uses, at the same versions.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
UV_VERSION := 0.13.9
LOCK_FLAGS ?=

.PHONY: run test install lint typecheck unit bench clean lock

$(STAMP): pyproject.toml $(DEV_LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Rebound needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/rebound run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q -n auto --durations=10

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python -m bench all

# Maintainers: after changing a dependency in pyproject.toml. Keeps every version already locked
# unless pyproject.toml rules it out (`make lock LOCK_FLAGS=--upgrade` moves all to the newest),
# resolves for every platform and Python >= 3.11, and hashes from PyPI itself, whatever index
# this machine's pip is set up with.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv==$(UV_VERSION)'
	$(BIN)/uv pip compile --quiet pyproject.toml $(UV_LOCK_ARGS) -o $(LOCK)
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev -c $(LOCK) $(UV_LOCK_ARGS) -o $(DEV_LOCK)

UV_LOCK_ARGS = --universal --python-version 3.11 --generate-hashes --default-index https://pypi.org/simple \
	--custom-compile-command 'make lock' --no-config $(LOCK_FLAGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
