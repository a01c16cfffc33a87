#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages TokenDesk needs to build, run and test. Idempotent and quick:
# it asks dpkg what is missing and runs apt-get only for that.
#   packaging/install-deps.sh [run|test|bench|package]   (default: test; bench adds wrk and nginx;
#   package: what packaging/package.sh needs to build and check the .deb, also part of test)
set -euo pipefail

purpose=${1:-test}

run_packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6svg6 qt6-svg-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libssl-dev zlib1g-dev libsqlite3-dev
    qt6-websockets-dev libcurl4-openssl-dev libboost-dev
    qtkeychain-qt6-dev libqt6sql6-psql libpq-dev
)
test_packages=(
    libgtest-dev libgmock-dev libbenchmark-dev
    xvfb xauth clang-format clang-tidy sqlite3 python3
    python3-aiosmtpd
    postgresql-15
    # gcore, for the tests that dump a process and look for the secrets it handled (tests/memory).
    gdb
    # The fuzz preset (tests/fuzz/run.sh): libclang-rt-14-dev holds libFuzzer and the sanitizer
    # runtimes, which clang-14 only recommends.
    clang-14 libclang-rt-14-dev
)

# The .deb (packaging/package.sh, run by packaging/test.sh): dpkg-shlibdeps (dpkg-dev) and file for
# CPack's computed dependencies, rsvg-convert for the icon's PNG sizes, and the validators of the
# package, its menu entry, its AppStream metainfo, its man pages and its systemd unit.
package_packages=(
    dpkg-dev file librsvg2-bin python3
    lintian desktop-file-utils appstream man-db systemd
)

# The HTTP benchmark's load generator and its nginx ceiling (tests/bench/verify-http), and
# QtHttpServer for the HTTP library comparison (tests/bench/http-compare).
bench_packages=(wrk nginx-light qt6-httpserver-dev)

packages=("${run_packages[@]}")
[ "$purpose" = "test" ] && packages+=("${test_packages[@]}" "${package_packages[@]}")
[ "$purpose" = "package" ] && packages+=("${package_packages[@]}")
[ "$purpose" = "bench" ] && packages+=("${test_packages[@]}" "${bench_packages[@]}")

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing missing packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
