# Two entry points: `make run` (the main job on the example corpus) and `make test`.
# Both create .venv from pinned versions first; nothing else needs to be installed by hand.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out/example

.PHONY: run test lint bench-ingest bench-stories bench-extract bench-facts bench-muc4 bench-entities bench-consolidation bench-serve bench-throughput train-stories train-roles clean

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

bench-extract: $(STAMP)
	$(PY) benchmarks/extract/run.py --json benchmarks/results/extract.json

# GVA dev: date and city, killed and injured of each article's main event
bench-facts: $(STAMP)
	$(PY) benchmarks/gva_facts/when_where.py
	$(PY) benchmarks/gva_facts/figures.py --json benchmarks/results/gva_figures.json

bench-muc4: $(STAMP)
	$(PY) benchmarks/muc4/run.py

# builds GVA dev (about 7 minutes) unless OUT_GVA=dir of an earlier build is given
bench-consolidation: $(STAMP)
	$(PY) benchmarks/consolidation/run.py $(if $(OUT_GVA),--out $(OUT_GVA))

# synthetic corpora resampled from GVA dev; SIZES="1000 10000 100000" for the full run
bench-throughput: $(STAMP)
	$(PY) benchmarks/throughput/run.py --sizes $(or $(SIZES),1000 10000)

bench-entities: $(STAMP)
	$(PY) benchmarks/entities/run.py

# builds GVA dev first unless DB=path/to/storyline.db is given
bench-serve: $(STAMP)
	$(PY) benchmarks/serve/run.py $(if $(DB),--db $(DB))

# Retrain the story pair model on GVA dev (../shared); writes src/storyline/stories/data/.
train-stories: $(STAMP)
	$(PY) scripts/train_story_model.py

# Retrain the role model on MUC-4 train (../shared); writes src/storyline/extract/data/.
train-roles: $(STAMP)
	$(PY) scripts/train_roles.py

clean:
	rm -rf $(VENV) out
