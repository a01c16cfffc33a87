#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds and runs the whole test suite: a debug build with all tests,
# then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer, then the fuzz targets'
# seed corpora replayed (tests/fuzz/run.sh), then a format check and clang-tidy over every file
# (packaging/tidy.sh; its --full run adds the static analyzer). Exits non-zero on any failure.
#   TOKENDESK_SKIP_ASAN=1 skips the sanitizer pass; TOKENDESK_FUZZ_SECONDS=N also fuzzes each
#   target for N seconds after the replay.
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh test
jobs=$(nproc)

presets=(dev)
[ "${TOKENDESK_SKIP_ASAN:-0}" = "1" ] || presets+=(asan)

for preset in "${presets[@]}"; do
    echo "== ${preset}: configure and build"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    echo "== ${preset}: test"
    ctest --preset "$preset" -j "$jobs"
done

echo "== fuzz: replay every corpus"
tests/fuzz/run.sh replay
if [ -n "${TOKENDESK_FUZZ_SECONDS:-}" ]; then
    TOKENDESK_FUZZ_NO_BUILD=1 tests/fuzz/run.sh --seconds "$TOKENDESK_FUZZ_SECONDS"
fi

echo "== format check"
cmake --build build/dev --target format-check

echo "== clang-tidy"
packaging/tidy.sh
