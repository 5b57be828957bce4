# The commands people type. Everything real lives in CMake; this file only sequences it.
BUILD   ?= build
JOBS    ?= $(shell nproc)
PREFIX  ?= /usr/local
CMAKE_FLAGS ?=

.PHONY: all deps build run test install bench bench-ort clean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

# The demo: a small CNN built with the C graph API and written as ONNX (examples/demo_model),
# then run by the CLI through a session on a stream with device memory, 20 timed runs.
run: build
	@$(BUILD)/examples/seed_flow_cxx
	@$(BUILD)/examples/demo_model $(BUILD)/demo_cnn.onnx
	@$(BUILD)/tools/geflow run $(BUILD)/demo_cnn.onnx --repeat 20

test: build
	@cd $(BUILD) && ctest --output-on-failure --no-label-summary -j$(JOBS)

install: build
	@cmake --install $(BUILD) --prefix $(abspath $(PREFIX))

bench: build
	@bash bench/run.sh $(BUILD)

# geflow vs ONNX Runtime side by side only (the last step of `make bench`).
bench-ort: build
	@bash bench/vs_ort.sh $(BUILD)

clean:
	rm -rf $(BUILD)
