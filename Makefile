# Thin wrapper over CMake: `make atlas` and `make test` each do all set-up.
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: atlas test deps configure build sanitize install clean golden \
        coverage fuzz bench bench-qgis

deps:
	@scripts/install-deps

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# Statistics table and maps from the bundled sample survey, into out/.
atlas: build
	@mkdir -p out
	$(BUILD)/cli/kahriz-atlas stats --overwrite --format csv -o out/stats.csv
	$(BUILD)/cli/kahriz-atlas stats --overwrite --format table -o out/stats.txt
	$(BUILD)/cli/kahriz-atlas stats --overwrite --by region --format csv -o out/regions.csv
	$(BUILD)/cli/kahriz-atlas map --overwrite --national -o out/national.pdf
	$(BUILD)/cli/kahriz-atlas map --overwrite --district AZ-ORD -o out/ordubad.pdf
	$(BUILD)/cli/kahriz-atlas build --overwrite --jobs $(JOBS) -o out/atlas.pdf
	@echo "written: out/stats.csv out/stats.txt out/regions.csv out/national.pdf out/ordubad.pdf out/atlas.pdf"

test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Rewrite the golden images in tests/golden/ after a deliberate change to
# the cartography (the test run only compares with them): then look at
# them and commit them.
golden: configure
	cmake --build $(BUILD) -j$(JOBS) --target golden

# Benchmarks, not tests (docs/performance.md): `bench` times the atlas
# (bench/bench_atlas.sh --quick) and the district maps against a QGIS atlas
# of the same data; `bench-qgis` the latter alone.  Best on a quiet machine.
bench: build
	cmake --build $(BUILD) --target bench

bench-qgis: build
	cmake --build $(BUILD) --target bench-qgis

# Every libFuzzer target for FUZZ_SECONDS each (clang; scripts/fuzz), its
# corpus seeded from the test data first (scripts/fuzz-seed).
FUZZ_SECONDS ?= 180
fuzz: deps
	scripts/fuzz-seed
	scripts/fuzz $(FUZZ_SECONDS)

# Line and function coverage per directory (gcovr), from build-cov/.
coverage: deps
	JOBS=$(JOBS) scripts/coverage build-cov

# Every test again under AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DKZ_SANITIZE=ON -DKZ_WERROR=ON
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ctest --output-on-failure -j$(JOBS)

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) build-asan build-cov out
