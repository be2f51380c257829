# Two commands for a fresh machine:
#   make run   set up .venv, then ingest the bundled samples and show who said what
#   make test  set up .venv, then run the whole test suite
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SAMPLES_DB ?= samples.db

.PHONY: run test serve lint install bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[all,ray,fr]' --group dev --group bench
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/presslens ingest samples/ --db $(SAMPLES_DB)
	$(VENV)/bin/presslens quotes --db $(SAMPLES_DB) --limit 15
	$(VENV)/bin/presslens speakers --db $(SAMPLES_DB) --top 10

test: $(STAMP)
	$(VENV)/bin/pytest -q

serve: $(STAMP)
	test -f $(SAMPLES_DB) || $(VENV)/bin/presslens ingest samples/ --db $(SAMPLES_DB)
	$(VENV)/bin/presslens serve --db $(SAMPLES_DB)

lint: $(STAMP)
	$(VENV)/bin/mypy --strict --ignore-missing-imports presslens

bench: $(STAMP)
	$(PY) bench/extraction.py
	$(PY) bench/clean_text.py
	$(PY) bench/attribution.py
	$(PY) bench/wild.py
	$(PY) bench/ingest.py
	$(PY) bench/faults.py
	$(PY) bench/scaling.py
	$(PY) bench/scale.py
	$(PY) bench/serve.py

clean:
	rm -rf $(VENV) $(SAMPLES_DB) .pytest_cache
