# Two entry points: `make run` (the main job on the example corpus) and `make test`.
# Both create .venv from pinned versions first; nothing else needs to be installed by hand.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out/example

.PHONY: run test lint bench-ingest bench-stories train-stories clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (storyline needs Python 3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/storyline build examples/port-arden-2025/articles --out $(OUT)
	@echo "report: $(OUT)/report.html (also report.md, stories.jsonl, articles.jsonl, rejected.jsonl)"

test: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks

bench-ingest: $(STAMP)
	$(PY) benchmarks/ingest/run.py

bench-stories: $(STAMP)
	$(PY) benchmarks/stories/run.py

# Retrain the story pair model on GVA dev (../shared); writes src/storyline/stories/data/.
train-stories: $(STAMP)
	$(PY) scripts/train_story_model.py

clean:
	rm -rf $(VENV) out
