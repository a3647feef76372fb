# The set-up contract (architecture.md): a fresh machine needs nothing but Python 3.11+.
# Embedded PostgreSQL and Redis start under .local/ unless DATABASE_URL / REDIS_URL are set.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint messages manage clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## web server, Celery worker and beat in the foreground, on the demo district
	$(PY) -m congress.localenv run

test: $(STAMP)  ## the whole suite against real PostgreSQL and Redis; ARGS="-k name" narrows it
	$(PY) -m congress.localenv test $(ARGS)

bench: $(STAMP)  ## benchmark scenarios; prints a table and writes .bench/latest.json
	$(PY) -m congress.localenv bench $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

messages: $(STAMP)  ## refresh and compile the zh-hans catalogue (needs GNU gettext)
	$(PY) -m congress.localenv manage makemessages --locale zh_Hans --ignore ".venv/*" --ignore ".local/*"
	$(PY) -m congress.localenv manage compilemessages --locale zh_Hans --ignore ".venv/*"

manage: $(STAMP)  ## any manage.py command against the embedded servers: make manage ARGS="shell"
	$(PY) -m congress.localenv manage $(ARGS)

clean:  ## removes the virtualenv and all local data (database included)
	rm -rf $(VENV) .local .bench
