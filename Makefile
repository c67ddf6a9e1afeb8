# Two commands set up and use a fresh machine (see README):
#   make run   execute a notebook headless (default: topic 01, PyTorch) into output/
#   make test  lint, check the generated notebooks, run every test and notebook
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TOPIC ?= 01_mlp_autoencoder
FRAMEWORK ?= pytorch
PROFILE ?=
WORKERS ?= 2
# Threads per test worker: oversubscribed OpenMP threads spin and slow a 2-core machine 4x.
THREADS ?= $(shell echo $$(( $$(nproc) / $(WORKERS) > 0 ? $$(nproc) / $(WORKERS) : 1 )))

.PHONY: run test lint notebooks bench clean

$(STAMP): requirements.txt requirements-chainer.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-build-isolation -r requirements-chainer.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m course_utils.run --topic $(TOPIC) --framework $(FRAMEWORK) $(if $(PROFILE),--profile $(PROFILE))

lint: $(STAMP)
	$(PY) -m ruff check .

notebooks: $(STAMP)
	$(PY) -m course_utils.build

# A busy machine can take longer than nbval's 60 s to start a notebook's kernel.
test: lint
	$(PY) -m course_utils.build --check
	COURSE_PROFILE=smoke OMP_NUM_THREADS=$(THREADS) TF_NUM_INTRAOP_THREADS=$(THREADS) \
		$(PY) -m pytest -n $(WORKERS) --dist loadscope --no-loadscope-reorder --nbval-lax \
		--nbval-kernel-startup-timeout=300 solutions tests

bench: $(STAMP)
	$(PY) -m course_utils.bench

clean:
	rm -rf $(VENV) output bench checkpoints
