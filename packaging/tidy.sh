#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs clang-tidy (checks in .clang-tidy) over every source file of the project. Exits non-zero on
# any finding; the findings are printed, the whole log is in BUILD_DIR/clang-tidy.log.
#
#   packaging/tidy.sh            every file, every check except clang-analyzer-*, read in unity
#                                batches of 8 files (preset "tidy", build/tidy): each batch parses
#                                Qt's headers once. Run by packaging/test.sh.
#   packaging/tidy.sh --full [REGEX]
#                                every file (or those matching REGEX) on its own (build/tidy-full: the dev
#                                preset with the tests unbatched, built first), every check of
#                                .clang-tidy, clang-analyzer-* included for models/ and app/
#                                (ui/.clang-tidy and tests/.clang-tidy leave it out). The analyzer
#                                only looks at the file it is given, never at an #included .cpp,
#                                which is why it cannot run on the batches.
#
# Figures on this 2-core machine (143 files): batches ~6.5 min; --full ~28 min (5.5 s per file to
# parse, ~7 s for bugprone/modernize/performance, ~12 s for the analyzer).
set -euo pipefail
cd "$(dirname "$0")/.."
run_clang_tidy=$(command -v run-clang-tidy-14 || command -v run-clang-tidy)

if [ "${1:-}" = "--full" ]; then
    # The dev preset's own build batches the tests (TOKENDESK_UNITY_TESTS): this one has every
    # file on its own.
    build_dir=build/tidy-full
    cmake --preset dev -B "$build_dir" -DTOKENDESK_UNITY_TESTS=OFF >/dev/null
    # Generated headers (moc, ui) must exist before the sources that include them can be read.
    cmake --build "$build_dir" >/dev/null
    files=${2:-'^(?!.*/build/).*/(models|ui|app|tests)/'}
    checks=()
else
    build_dir=build/tidy
    cmake --preset tidy >/dev/null
    # The batches need moc's output, which only a build makes: take it from the dev build rather
    # than compile the whole tree a second time.
    [ -f build/dev/build.ninja ] || cmake --preset dev >/dev/null
    cmake --build build/dev >/dev/null
    sed -i "s#$PWD/build/tidy/\([^ ]*_autogen/include\)#$PWD/build/dev/\1#g" "$build_dir/compile_commands.json"
    # The unity batches, and the files kept out of them (CMakeLists.txt says which and why).
    # Qt's resource targets are batched too; their only source is rcc's output (generated, and
    # only made by a build of build/tidy itself), so they are left out like every qrc_ file.
    files='^(?!.*/mocs_compilation)(?!.*/qrc_)(?!.*_resources_[0-9]+\.dir/).*/(Unity/unity_|models/|ui/|app/|tests/)'
    # bugprone-suspicious-include would report every .cpp a batch includes.
    checks=(-checks=-clang-analyzer-*,-bugprone-suspicious-include)
fi

status=0
# The compile commands are GCC's; clang need not know every GCC warning option in them.
"$run_clang_tidy" -quiet -p "$build_dir" -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option "${checks[@]}" "$files" >"$build_dir/clang-tidy.log" 2>&1 ||
    status=$?
# Show the findings only (the log also holds clang-tidy's own counts of suppressed warnings).
grep -E '(warning|error): ' "$build_dir/clang-tidy.log" | sed 's/\x1b\[[0-9;]*m//g' | sort -u || true
exit "$status"
