#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian packages (tokendesk, tokendesk-server; packaging/CMakeLists.txt says why two)
# from the package preset (Release with Debian's hardening flags) and checks them; run by
# packaging/test.sh. Exits non-zero when a check fails:
#   - the menu entry under desktop-file-validate, the metainfo under appstreamcli validate --no-net,
#     the man pages under man --warnings and against each program's --help;
#   - both packages unpacked with dpkg -x into a scratch root: tokendesk-cli --version,
#     tokendesk-server --help and the console's --version (offscreen) run from there, and no
#     binary carries an RPATH or RUNPATH (they link only system libraries);
#   - the systemd unit under systemd-analyze verify and security (exposure at most 2.0);
#   - lintian: no error and no warning (packaging/deb/*.lintian-overrides say why for each
#     override).
# The .deb files are left in build/package/.
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh package
echo "== package: configure, build and cpack"
cmake --preset package >/dev/null
cmake --build --preset package -j "$(nproc)"
build=build/package
rm -f "$build"/*.deb
(cd "$build" && cpack --config CPackConfig.cmake >/dev/null)
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
arch=$(dpkg --print-architecture)
debs=()
for package in tokendesk tokendesk-server; do
    deb=$(ls "$build/${package}_${version}-"*"_${arch}.deb")
    debs+=("$deb")
    echo "-- $deb"
    dpkg-deb --field "$deb" Depends Recommends
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
for deb in "${debs[@]}"; do
    dpkg -x "$deb" "$root"
done

echo "== package: the programs from the unpacked packages"
for program in tokendesk tokendesk-cli tokendesk-server; do
    if readelf -d "$root/usr/bin/$program" | grep -E 'R(UN)?PATH'; then
        echo "error: $program carries an RPATH" >&2
        exit 1
    fi
done
"$root/usr/bin/tokendesk-cli" --version
"$root/usr/bin/tokendesk-server" --help >/dev/null
echo "tokendesk-server --help: exit 0"
# XDG_RUNTIME_DIR keeps Qt's offscreen platform from warning that it is unset.
runtime=$(mktemp -d)
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=$runtime "$root/usr/bin/tokendesk" --version
rmdir "$runtime"

echo "== package: menu entry, metainfo, icons, man pages"
desktop-file-validate "$root/usr/share/applications/tokendesk.desktop"
echo "desktop-file-validate: clean"
appstreamcli validate --no-net --pedantic "$root"/usr/share/metainfo/*.metainfo.xml
for size in 16x16 22x22 24x24 32x32 48x48 64x64 128x128 256x256 512x512; do
    file "$root/usr/share/icons/hicolor/$size/apps/tokendesk.png" | grep -q "PNG image data, ${size/x/ x }"
done
test -s "$root/usr/share/icons/hicolor/scalable/apps/tokendesk.svg"
echo "icons: scalable SVG and 9 PNG sizes"
for program in tokendesk tokendesk-cli tokendesk-server; do
    page="$root/usr/share/man/man1/$program.1.gz"
    warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    if [ -n "$warnings" ]; then
        echo "$warnings" >&2
        exit 1
    fi
    gunzip -c "$page" >"$root/$program.1"
    python3 packaging/check-manpage.py "$root/$program.1" "$root/usr/bin/$program" \
        QT_QPA_PLATFORM=offscreen
done

echo "== package: systemd unit"
unit="$root/usr/lib/systemd/system/tokendesk-server.service"
# verify resolves ExecStart= against the real /usr/bin, so only where the package is installed.
if [ -x /usr/bin/tokendesk-server ]; then
    systemd-analyze verify "$unit"
fi
systemd-analyze security --offline=yes --threshold=20 "$unit" | tail -1

echo "== package: lintian"
lintian --fail-on error,warning --info "${debs[@]}"
echo "lintian: no errors, no warnings"
