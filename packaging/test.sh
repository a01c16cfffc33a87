#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds and runs the whole test suite: a debug build with all tests,
# then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer, a bounded SIGKILL run
# (tests/crash, TOKENDESK_CRASH_SECONDS for each of 4 modes, default 12), the fuzz targets' seed
# corpora replayed (tests/fuzz/run.sh), then a format check and clang-tidy over every file
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

# SIGKILL at random moments of the CLI's and the server's writes, on SQLite and on a throwaway
# PostgreSQL cluster, bounded (tests/crash/README.md has the documented 500-kill runs): the store
# must stay whole and lose nothing acknowledged.
echo "== crash safety (bounded)"
seconds=${TOKENDESK_CRASH_SECONDS:-12}
for engine in "" --postgres; do
    python3 tests/crash/crash.py --cli build/dev/app/tokendesk-cli $engine --seconds "$seconds" --kills 100000
    python3 tests/crash/crash.py --cli build/dev/app/tokendesk-cli --server build/dev/app/tokendesk-server \
        $engine --seconds "$seconds" --kills 100000
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
