# The commands people type. Everything real lives in CMake; this file only sequences it.
BUILD   ?= build
JOBS    ?= $(shell nproc)
PREFIX  ?= /usr/local
CMAKE_FLAGS ?=

.PHONY: all deps build run test install bench clean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

run: build
	@$(BUILD)/examples/runtime_demo
	@$(BUILD)/examples/seed_flow

test: build
	@cd $(BUILD) && ctest --output-on-failure --no-label-summary -j$(JOBS)

install: build
	@cmake --install $(BUILD) --prefix $(abspath $(PREFIX))

bench: build
	@bash bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD)
