#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds and runs the whole test suite: a debug build (its tests at
# full depth where the sanitizer pass runs them shallower), then every test under
# AddressSanitizer + UndefinedBehaviorSanitizer, whose ctest also replays
# every fuzz target's corpus once (FuzzReplay.*: the targets of tests/fuzz built with g++ and
# tests/fuzz/ReplayMain.cpp instead of libFuzzer, so no clang build), a bounded SIGKILL run
# (tests/crash, TOKENDESK_CRASH_SECONDS for each of 4 modes, default 12),
# the Debian packages built and checked (packaging/package.sh), then a format check and clang-tidy
# over every file (packaging/tidy.sh; its --full run adds the static analyzer). Exits non-zero on
# any failure. Each step's heading says how many seconds the run had taken when it began.
#   TOKENDESK_SKIP_TSAN=1 skips the ThreadSanitizer pass over the concurrency tests.
#   TOKENDESK_SKIP_PACKAGE=1 skips building and checking the .deb files.
#   TOKENDESK_SKIP_ASAN=1 skips the sanitizer pass (the corpora are then replayed by the libFuzzer
#   targets of the fuzz preset: tests/fuzz/run.sh replay); TOKENDESK_FUZZ_SECONDS=N also builds
#   the fuzz preset and fuzzes each target for N seconds (tests/fuzz/run.sh --seconds N).
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh test
jobs=$(nproc)

# The dev build compiles each product file on its own (which proves it includes what it uses; the
# sanitizer builds use unity batches), the test suites in unity batches of 8 (446 s cold for the
# whole build on 2 cores against 715 s with every test file alone), and its binaries serve the
# crash runs. Its tests run in full only where the asan pass below runs them
# shallower (a third of the hostile values per slot, no core dumps under the sanitizer: the
# dev-depth test preset); every other test runs once, under the sanitizers. Without the asan
# pass the dev build runs every test. Stop 28's CI reached the tsan step after 2,166 s with the
# whole dev suite run twice; this saves ~4 of its 5 minutes.
echo "== [${SECONDS} s] dev: configure and build"
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$jobs"
if [ "${TOKENDESK_SKIP_ASAN:-0}" = "1" ]; then
    echo "== [${SECONDS} s] dev: test"
    ctest --preset dev -j "$jobs"
else
    echo "== [${SECONDS} s] dev: the tests the asan pass runs shallower"
    ctest --preset dev-depth -j "$jobs"
    echo "== [${SECONDS} s] asan: configure and build"
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j "$jobs"
    echo "== [${SECONDS} s] asan: test"
    ctest --preset asan -j "$jobs"
fi

# ThreadSanitizer over the concurrency tests only (the tsan preset's filter): verifier threads and
# their registry, last-used bookkeeping, metrics, shared crypto, idempotency and multi-server
# runs, the server's transport and limits; its tokendesk-server is built with it too.
if [ "${TOKENDESK_SKIP_TSAN:-0}" != "1" ]; then
    echo "== [${SECONDS} s] tsan: configure, build and run the concurrency tests"
    cmake --preset tsan >/dev/null
    cmake --build --preset tsan -j "$jobs"
    # A failed test runs up to twice more: GCC 12's sanitizer runtime itself sometimes dies on a
    # CHECK (sanitizer_mutex.h:301, FindThreadByUidLocked) while it writes the report of a race on
    # a QWaitCondition that Qt destroys, which the suppressions would then have dropped. Under load
    # that is about 1 run of ServerTransportTest's 6 tests in 8 (stop 28's CI lost one test twice
    # in a row); a race in our code fails every run. Ignoring Qt's intercepted calls
    # (called_from_lib:libQt6Core.so) is no cure: the sanitizer then misses the eventfd wake-up
    # that orders each SqlWorker job, and the runtime died on that report instead (3 runs in 16).
    # ServerTransportTest.ASilentConnectionIsClosedAfterTheIdleTimeout is left out of this pass (the
    # tsan test preset's exclude): the runtime died on that CHECK in all 5 of its runs in two full runs
    # (stop 28's CI, this stop's fresh clone), in the test process's SqlWorker, never on a race of ours. The dev and asan
    # passes still run it.
    ctest --preset tsan -j "$jobs" --repeat until-pass:3
fi

# SIGKILL at random moments of the CLI's and the server's writes, on SQLite and on a throwaway
# PostgreSQL cluster, bounded (tests/crash/README.md has the documented 500-kill runs): the store
# must stay whole and lose nothing acknowledged.
echo "== [${SECONDS} s] crash safety (bounded)"
seconds=${TOKENDESK_CRASH_SECONDS:-12}
for engine in "" --postgres; do
    python3 tests/crash/crash.py --cli build/dev/app/tokendesk-cli $engine --seconds "$seconds" --kills 100000
    python3 tests/crash/crash.py --cli build/dev/app/tokendesk-cli --server build/dev/app/tokendesk-server \
        $engine --seconds "$seconds" --kills 100000
done

# The fuzz corpora were replayed by the asan step's ctest (FuzzReplay.*). Only without that step,
# or for a timed fuzz run, is the clang fuzz preset built (tests/fuzz/run.sh builds it).
if [ "${TOKENDESK_SKIP_ASAN:-0}" = "1" ]; then
    echo "== [${SECONDS} s] fuzz: replay every corpus (the fuzz preset, as the asan step did not run)"
    tests/fuzz/run.sh replay
fi
if [ -n "${TOKENDESK_FUZZ_SECONDS:-}" ]; then
    echo "== [${SECONDS} s] fuzz: each target for ${TOKENDESK_FUZZ_SECONDS} s (the fuzz preset)"
    tests/fuzz/run.sh --seconds "$TOKENDESK_FUZZ_SECONDS"
fi

# The Debian packages: built from the package preset (Release in unity batches, no tests: 2-3 min
# on 2 cores from cold, 35 s with a warm ccache, 8 s when nothing changed), unpacked and run, then
# lintian and the validators (packaging/package.sh). TOKENDESK_SKIP_PACKAGE=1 skips it.
if [ "${TOKENDESK_SKIP_PACKAGE:-0}" != "1" ]; then
    echo "== [${SECONDS} s] package: build and check the .deb files"
    packaging/package.sh
fi

echo "== [${SECONDS} s] format check"
cmake --build build/dev --target format-check

echo "== [${SECONDS} s] clang-tidy"
packaging/tidy.sh
echo "== [${SECONDS} s] all passed"
