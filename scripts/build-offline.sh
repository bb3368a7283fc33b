#!/usr/bin/env bash
# Build the offline installer of the wall client for Debian 12 (bookworm) amd64: one self-extracting
# file that carries iocwall-wall_VERSION_amd64.deb and every Debian package it depends on.
#
#   scripts/build-offline.sh DIST/iocwall-wall_VERSION_amd64.deb [--out DIR]
#       -> DIR/iocwall-wall-offline_VERSION_amd64.run   (DIR defaults to the .deb's folder)
#
# On the wall PC (no network needed):
#   sudo env IOCWALL_SERVER=ws://HOST:8765/ws IOCWALL_WALL=main IOCWALL_TOKEN=... IOCWALL_KIOSK_USER=wall \
#       bash iocwall-wall-offline_VERSION_amd64.run
#
# How: apt downloads the dependency closure as if nothing were installed (an empty dpkg status), so the
# file works on a minimal system too; the packages become a local flat repository (Packages index made
# here with dpkg-scanpackages). The .run makes apt use ONLY that repository (its own sources list and
# lists folder): apt installs what is missing, leaves what is there, and never reaches for the network.
# Needs: root (apt-get --download-only into our own cache), this machine on bookworm with `apt-get update`
# done, dpkg-scanpackages (dpkg-dev).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { echo "build-offline: error: $*" >&2; exit 1; }

deb="${1:-}"
[ -f "$deb" ] || die "usage: $0 DIST/iocwall-wall_VERSION_amd64.deb [--out DIR]"
shift
out="$(dirname "$deb")"
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="${2:?--out needs a folder}"; shift ;;
        *) die "unknown argument '$1'" ;;
    esac
    shift
done
command -v dpkg-scanpackages >/dev/null 2>&1 || die "dpkg-scanpackages is missing (apt-get install dpkg-dev)"
[ "$(id -u)" -eq 0 ] || die "run as root: apt-get --download-only needs it"
# shellcheck disable=SC1091  # (the running system's file)
. /etc/os-release
[ "${VERSION_CODENAME:-}" = bookworm ] || die "the offline bundle is for Debian 12; this machine is ${PRETTY_NAME:-unknown}"

version="$(dpkg-deb --field "$deb" Version)"
work="build/offline"
rm -rf "$work/repo" "$work/state"
mkdir -p "$work/cache/partial" "$work/repo" "$work/state"
: > "$work/state/status"

# The closure of the wall package's Depends, against an empty system.
apt-get install --yes --download-only --no-install-recommends \
    -o Dir::State::status="$PWD/$work/state/status" -o Dir::Cache::archives="$PWD/$work/cache" \
    "$(realpath "$deb")" </dev/null >&2
cp "$work"/cache/*.deb "$work/repo/"
cp "$deb" "$work/repo/"
(cd "$work/repo" && dpkg-scanpackages --multiversion . /dev/null > Packages 2>/dev/null)

mkdir -p "$out"
run="$out/iocwall-wall-offline_${version}_amd64.run"
{
    cat <<'HEADER'
#!/bin/bash
# IOC Wall wall client: offline installer for Debian 12 (bookworm) amd64. It holds the iocwall-wall
# package and the Debian packages it needs; nothing is downloaded. Run as root:
#   sudo env IOCWALL_SERVER=ws://HOST:8765/ws IOCWALL_WALL=main IOCWALL_TOKEN=TOKEN IOCWALL_KIOSK_USER=USER bash THIS.run
# (without the variables it asks, or leaves placeholders to finish with dpkg-reconfigure iocwall-wall).
#   bash THIS.run --extract DIR    only unpacks the packages into DIR
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "run this as root (sudo bash $0)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start="$(awk '/^__IOCWALL_ARCHIVE__$/ { print NR + 1; exit }' "$0")"
tail -n +"$start" "$0" | tar -xf - -C "$work"
if [ "${1:-}" = "--extract" ]; then
    mkdir -p "${2:?--extract needs a folder}"
    cp "$work"/repo/* "$2"/
    echo "packages in $2"
    exit 0
fi
chmod 0755 "$work" "$work/repo"
mkdir -p "$work/lists/partial"
echo "deb [trusted=yes] file:$work/repo ./" > "$work/sources.list"
# apt sees only the bundled repository: no network, no other source's newer version to chase.
apt_opts=(-o Dir::Etc::sourcelist="$work/sources.list" -o Dir::Etc::sourceparts=- \
          -o Dir::State::Lists="$work/lists" -o APT::Get::List-Cleanup=false -o Acquire::Languages=none)
apt-get "${apt_opts[@]}" update </dev/null >/dev/null
apt-get "${apt_opts[@]}" install --yes --no-install-recommends iocwall-wall
exit 0
__IOCWALL_ARCHIVE__
HEADER
    tar -cf - -C "$work" repo
} > "$run"
chmod 0755 "$run"
echo "build-offline: $run: $(( $(stat -c %s "$run") / 1024 / 1024 )) MiB, $(find "$work/repo" -name '*.deb' | wc -l) packages" >&2
echo "$run"
