# The two commands of the README: `make up` (run) and `make test` (test). Each sets itself up.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: up test test-fast install lint bench clean

up: install
	$(VENV)/bin/ecograph up

test: install
	bash scripts/ensure-system-packages
	$(VENV)/bin/ruff check graph ingest api viz cli bench tests
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture graph ingest api viz cli vulture_whitelist.py --min-confidence 60
	$(VENV)/bin/pytest

# The edit-test loop: no Neo4j, no browser, no spaCy model (seconds, not minutes).
test-fast: install
	$(VENV)/bin/ruff check graph ingest api viz cli bench tests
	$(VENV)/bin/pytest -q -m "not integration and not browser and not text"

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[text,test]"
	touch $(STAMP)

bench: install
	$(PY) bench/ingest.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info test-artifacts
