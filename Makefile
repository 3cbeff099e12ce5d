# wmiport: every target sets itself up on a fresh Debian 12 machine (as root: apt-get installs what is missing).
#   make demo   build the release preset into build/release and run wmiport's main job
#   make test   every test under ASan+UBSan (GCC); the whole tree under clang+libFuzzer and a short fuzz of each target
#   make fuzz   run each fuzz target longer (FUZZ_SECONDS each, default 300)
#   make tsan   the concurrency tests under ThreadSanitizer
#   make bench  the benchmarks (see BENCHMARKS.md)
#   make format check the formatting with clang-format

SHELL := /bin/bash
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 300
# Extra arguments for wmiport_bench, e.g. BENCH_ARGS="--benchmark_filter=Single --benchmark_repetitions=5"
BENCH_ARGS ?=

BUILD_PACKAGES := cmake ninja-build g++ libfmt-dev libcli11-dev nlohmann-json3-dev libgtest-dev libgmock-dev
TEST_PACKAGES := $(BUILD_PACKAGES) clang libclang-rt-14-dev mingw-w64-x86-64-dev g++-mingw-w64-x86-64
BENCH_PACKAGES := $(BUILD_PACKAGES) libbenchmark-dev
FORMAT_PACKAGES := clang-format

# Installs the named Debian packages that are not installed yet (nothing to do, nothing printed, when all are).
define ensure_packages
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "missing packages:$$missing (run as root, or install them)"; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

.PHONY: all demo test fuzz tsan bench format deps-build deps-test deps-bench release asan fuzz-build clean

all: release

deps-build:
	$(call ensure_packages,$(BUILD_PACKAGES))

deps-test:
	$(call ensure_packages,$(TEST_PACKAGES))

deps-bench:
	$(call ensure_packages,$(BENCH_PACKAGES))

release: deps-build
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

# The demo builds what it runs (the command and the two sample drivers), not the whole tree with its tests.
demo: deps-build
	cmake --preset release
	cmake --build --preset release -j $(JOBS) --target wmiport fchba wdmdev
	build/release/bin/wmiport demo

asan: deps-test
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)

fuzz-build: deps-test
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS)

# Every test under GCC+ASan+UBSan, then the clang build's compiler-dependent tests and the fuzz targets' bounded
# smoke runs (the fuzz preset builds the whole product but only some test folders: docs/decisions.md D1).
test: asan fuzz-build
	ctest --preset asan -j $(JOBS)
	ctest --preset fuzz -j $(JOBS)

fuzz: fuzz-build
	@set -e; for t in $$(ctest --test-dir build/fuzz -N -L fuzz | sed -n 's/.*fuzz_smoke\.\([A-Za-z0-9_]*\).*/\1/p'); do \
	  echo "== $$t ($(FUZZ_SECONDS)s)"; mkdir -p build/fuzz/fuzz/corpus/$$t; \
	  seeds=fuzz/corpus/$$t; [ -d $$seeds ] || seeds=""; \
	  build/fuzz/bin/$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 build/fuzz/fuzz/corpus/$$t $$seeds; \
	done

tsan: deps-test
	cmake --preset tsan
	cmake --build --preset tsan -j $(JOBS)
	ctest --preset tsan -j $(JOBS)

# Only what the benchmarks need (the program, its drivers, the command and fchba), not the test suites.
bench: deps-bench
	cmake --preset bench
	cmake --build --preset bench -j $(JOBS) --target wmiport_bench
	build/bench/bin/wmiport_bench $(BENCH_ARGS)

format:
	$(call ensure_packages,$(FORMAT_PACKAGES))
	git ls-files '*.c' '*.h' '*.cpp' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build
