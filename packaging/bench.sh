#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds the Release benchmark and runs it. Arguments go to
# tokendesk-bench (--tokens N, default 1000000; --runs R; --no-naive; --json).
# The store is built once (/tmp/tokendesk-bench-N.tokendesk) and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh test
cmake --preset bench >/dev/null
cmake --build --preset bench
exec build/bench/tests/bench/tokendesk-bench "$@"
