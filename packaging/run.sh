#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds a Release build and starts TokenDesk on its default store.
# Extra arguments go to TokenDesk.
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh run
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/app/tokendesk "$@"
