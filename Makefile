# juesuan — every job has one entry point here.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLES ?= samples
OUT ?= out
BENCH_DOCS ?= 200

.PHONY: extract test golden schemas bench lint system-deps clean score

$(BIN)/juesuan: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,ray,ocr]'
	$(BIN)/python -m compileall -q pipeline extractors  # as pip does for a wheel: no module compiled at each start
	touch $@

extract: $(BIN)/juesuan  ## extract every document in samples/ into out/
	$(BIN)/juesuan extract $(SAMPLES) --out $(OUT)

test: $(BIN)/juesuan  ## the whole test suite
	$(BIN)/python -m pytest

golden: $(BIN)/juesuan  ## regenerate tests/golden/ (review the diff before committing)
	JUESUAN_GEN_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

schemas: $(BIN)/juesuan  ## regenerate schemas/ from the models
	$(BIN)/python -m pipeline.schema_gen schemas

bench: $(BIN)/juesuan  ## speed and memory, never part of make test
	$(BIN)/python -m compileall -q pipeline extractors
	$(BIN)/python benchmarks/bench_pdf.py $(SAMPLES)
	$(BIN)/python benchmarks/bench_extract.py $(SAMPLES)
	$(BIN)/python benchmarks/bench_batch.py $(SAMPLES) --docs $(BENCH_DOCS)
	$(BIN)/python benchmarks/bench_ocr.py --pages 6-8,15

score: extract  ## the dev scorer on out/
	$(BIN)/python ../shared/eval/score.py --out $(OUT) --gold ../shared/eval/gold

lint: $(BIN)/juesuan
	$(BIN)/ruff check pipeline extractors tests benchmarks

system-deps:  ## system packages: LibreOffice (.doc/.wps/.et), CJK fonts, Chromium (report test), libGL (OpenCV)
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	    libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-zenhei \
	    chromium chromium-driver fonts-noto-cjk \
	    libgl1 libglib2.0-0

clean:
	rm -rf $(OUT) .pytest_cache
