#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs clang-tidy (checks in .clang-tidy) over every translation unit of the project in a
# configured build (default build/dev; generated sources under build/ are left out).
# Exits non-zero on any finding.   packaging/tidy.sh [BUILD_DIR] [FILE_REGEX]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/dev}
files=${2:-'^(?!.*/build/).*/(models|ui|app|tests)/'}
run_clang_tidy=$(command -v run-clang-tidy-14 || command -v run-clang-tidy)
"$run_clang_tidy" -quiet -p "$build_dir" -j "$(nproc)" "$files" > "$build_dir/clang-tidy.log" 2>&1 || status=$?
# Show the findings only (the log also holds clang-tidy's own counts of suppressed warnings).
grep -E '(warning|error): ' "$build_dir/clang-tidy.log" | sort -u || true
exit "${status:-0}"
