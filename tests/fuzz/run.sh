#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the fuzz preset and replays or fuzzes the libFuzzer targets of tests/fuzz/.
#   tests/fuzz/run.sh replay [TARGET...]            every committed input of each corpus, once
#   tests/fuzz/run.sh --seconds N [TARGET...]       fuzz each target for N s (a scratch copy of
#                                                   its corpus; -print_final_stats=1)
# TARGET is a corpus name (token, api_json, api_service, cli, store_location, store_file); none
# means all. TOKENDESK_FUZZ_MERGE=1 merges what a timed run found into tests/fuzz/corpus/ (-merge=1
# keeps only inputs that add coverage). TOKENDESK_FUZZ_NO_BUILD=1 uses the build as it is.
# Logs and crash artifacts go to build/fuzz/fuzz-out/. Exits non-zero if any target failed.
# (packaging/test.sh replays the corpora in the asan build instead: ctest -R FuzzReplay.)
set -euo pipefail
cd "$(dirname "$0")/../.."

all_targets=(token api_json api_service cli store_location store_file)
mode=
seconds=
case "${1:-}" in
replay) mode=replay; shift ;;
--seconds)
    mode=fuzz
    seconds=${2:?--seconds needs a number}
    shift 2
    ;;
*)
    sed -n '3,11p' "$0" >&2
    exit 2
    ;;
esac
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

if [ "${TOKENDESK_FUZZ_NO_BUILD:-0}" != "1" ]; then
    echo "== fuzz: configure and build"
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz -j "$(nproc)"
fi

# Absolute paths: the CLI target works in its own temporary directory.
bin=$PWD/build/fuzz/tests/fuzz
out=$PWD/build/fuzz/fuzz-out
mkdir -p "$out"
# Qt's own output (and the CLI's, whose stdout the harness already sends to /dev/null) is not
# what a fuzz log is for; stderr stays open for libFuzzer and the sanitizers.
export QT_LOGGING_RULES="*=false" QT_QPA_PLATFORM=offscreen LC_ALL=C
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# Options every run gets; the store-file target reads whole SQLite files, hence its -max_len.
common=(-rss_limit_mb=2048 -timeout=10)
target_options()
{
    case "$1" in
    store_file) echo "-max_len=262144" ;;
    cli) echo "-close_fd_mask=2" ;;
    *) echo "" ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    exe="$bin/fuzz_$target"
    corpus=$PWD/tests/fuzz/corpus/$target
    [ -x "$exe" ] || { echo "no fuzz target $exe" >&2; exit 2; }
    read -r -a extra <<<"$(target_options "$target")"
    mkdir -p "$out/$target"
    if [ "$mode" = replay ]; then
        echo "== fuzz replay: $target ($(find "$corpus" -type f | wc -l) inputs)"
        if ! "$exe" "${common[@]}" "${extra[@]}" -runs=0 -artifact_prefix="$out/$target/" "$corpus" \
            </dev/null >"$out/$target/replay.log" 2>&1; then
            tail -n 40 "$out/$target/replay.log"
            failed+=("$target")
            continue
        fi
        grep -E "^#[0-9]+[[:space:]]+DONE" "$out/$target/replay.log" || true
    else
        scratch=$(mktemp -d)
        cp -r "$corpus/." "$scratch/"
        echo "== fuzz $target for ${seconds}s (log: $out/$target/fuzz.log)"
        if ! "$exe" "${common[@]}" "${extra[@]}" -max_total_time="$seconds" -print_final_stats=1 \
            -artifact_prefix="$out/$target/" "$scratch" </dev/null >"$out/$target/fuzz.log" 2>&1; then
            tail -n 60 "$out/$target/fuzz.log"
            failed+=("$target")
        else
            grep -E "^stat::|^#[0-9]+[[:space:]]+DONE" "$out/$target/fuzz.log" || true
            if [ "${TOKENDESK_FUZZ_MERGE:-0}" = "1" ]; then
                "$exe" "${common[@]}" "${extra[@]}" -merge=1 "$corpus" "$scratch" </dev/null \
                    >"$out/$target/merge.log" 2>&1 || failed+=("$target (merge)")
            fi
        fi
        rm -rf "$scratch"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: failed: ${failed[*]} (artifacts in $out/)" >&2
    exit 1
fi
