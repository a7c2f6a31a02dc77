# Tala: the two commands a fresh Debian 12 machine needs are `make run` and `make test`.
# This file is thin: packages come from scripts/install-deps.sh, the build from CMake.

JOBS    ?= $(shell nproc)
BUILD   ?= build
DATA    ?= var
PORT    ?= 8080

.PHONY: all deps build run test bench fuzz format clean

all: build

deps:
	@sh scripts/install-deps.sh build

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@npm ci --omit=dev --no-audit --no-fund --loglevel=error || echo "npm ci failed: the dashboard maps (echarts) are missing"
	@if [ ! -f $(DATA)/tala.db ]; then \
		./$(BUILD)/tala init --data $(DATA) && ./$(BUILD)/tala demo --data $(DATA); fi
	./$(BUILD)/tala serve --data $(DATA) --port $(PORT)

# Every test under AddressSanitizer + UBSan, ending with ctest's summary; the browser test
# needs chromium and node (Debian) and playwright-core (npm ci, package-lock.json).
test:
	@sh scripts/install-deps.sh test browser
	@npm ci --no-audit --no-fund --loglevel=error
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTALA_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

bench:
	@sh scripts/install-deps.sh bench
	@cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j $(JOBS)
	@bash bench/run.sh build-release

FUZZ_SECONDS ?= 60
fuzz:
	@sh scripts/install-deps.sh fuzz
	@cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DTALA_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@bash tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-release build-fuzz
