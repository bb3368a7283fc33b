#!/usr/bin/env bash
# Prepare this machine to run IOC Wall from the checkout (Debian 12 / bookworm).
#
#   scripts/bootstrap.sh [runtime|test|dist]     (default: runtime)
#
# 1. System packages from scripts/system-packages.txt ([runtime], [web] unless node >= 18.19 and npm are on
#    PATH already, plus [test] and [dist] for "test",
#    plus [dist] for "dist": the tests build and check the Debian packages too;
#    [venv] only when python3 is missing or cannot build a virtualenv). As root, missing ones
#    are installed with apt-get; otherwise the exact sudo command is printed and we exit 1.
# 2. .venv with python3 >= 3.11 (or $PYTHON), then `pip install -e ".[dev]"`: the dev extra names
#    [demo] (= [server] + matplotlib) and [wall], so the checkout runs and tests both sides, plus the
#    tools. (A machine that runs one side installs only its extra: see README.md, "Installing with pip".)
#    The install is skipped while pyproject.toml is unchanged since the last successful one
#    (stamp .venv/.installed-<sha256 of pyproject.toml>), so repeated runs take a second.
# 3. The C frame sink (wall_client/ui/video/build_sink.py), when it is missing or older than its source.
set -euo pipefail

mode="${1:-runtime}"
case "$mode" in
    runtime) sections=(runtime) ;;
    test) sections=(runtime test dist) ;;
    dist) sections=(runtime dist) ;;
    *) echo "usage: $0 [runtime|test|dist]" >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PACKAGES_FILE=scripts/system-packages.txt
VENV=.venv
MIN_PY="3.11"

say() { echo "bootstrap: $*" >&2; }
die() { echo "bootstrap: error: $*" >&2; exit 1; }

# Package names of one [section] of system-packages.txt, one per line.
section_packages() {
    awk -v want="[$1]" '
        { sub(/#.*/, "") }
        /^[[:space:]]*\[/ { gsub(/[[:space:]]/, ""); in_section = ($0 == want); next }
        in_section { for (i = 1; i <= NF; i++) print $i }
    ' "$PACKAGES_FILE"
}

is_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | cut -c1-2)" = "ii" ]
}

# True when "$1" is a Python >= MIN_PY.
python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

can_make_venv() {
    "$1" -c 'import venv, ensurepip' >/dev/null 2>&1
}

# The interpreter to build the venv with: $PYTHON, else the first python3.x >= 3.11 on PATH,
# preferring one that can make a venv with pip.
find_python() {
    local check candidate
    for check in can_make_venv true; do
        for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11 /usr/bin/python3; do
            if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate" && "$check" "$candidate"; then
                command -v "$candidate"
                return 0
            fi
        done
    done
    return 1
}

venv_usable() {
    [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

# --- 1. system packages ------------------------------------------------------------------------
[ -r "$PACKAGES_FILE" ] || die "$PACKAGES_FILE not found"
command -v dpkg-query >/dev/null 2>&1 || die "this script expects Debian 12 (dpkg/apt not found)"

wanted=()
for section in "${sections[@]}"; do
    mapfile -t -O "${#wanted[@]}" wanted < <(section_packages "$section")
done

# node + npm build the leaders' view (make web); one that is there already (NodeSource's, which bundles npm and
# conflicts with Debian's npm package) is kept.
node_ok() {
    command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 && node -e \
        'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 19) ? 0 : 1)'
}
if ! node_ok; then
    mapfile -t -O "${#wanted[@]}" wanted < <(section_packages web)
fi

# python3 + python3-venv only matter when we have to (re)build the venv and cannot.
if ! venv_usable; then
    python_bin="$(find_python || true)"
    if [ -z "$python_bin" ] || ! can_make_venv "$python_bin"; then
        mapfile -t -O "${#wanted[@]}" wanted < <(section_packages venv)
    fi
fi

missing=()
for pkg in "${wanted[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "missing system packages: ${missing[*]}"
        echo "Install them, then run this again:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update </dev/null
    # C.UTF-8 so that a PostgreSQL cluster created by the postgresql postinst is UTF-8, not SQL_ASCII.
    LANG=C.UTF-8 LC_ALL=C.UTF-8 apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
fi

# --- 2. the virtualenv ---------------------------------------------------------------------------
if ! venv_usable; then
    python_bin="$(find_python || true)"
    if [ -z "$python_bin" ]; then
        found="$(command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo none)"
        die "IOC Wall needs Python >= $MIN_PY (python3 on PATH: $found). Install it (Debian 12: apt-get install python3 python3-venv) or point PYTHON=/path/to/python3.11 at one."
    fi
    can_make_venv "$python_bin" \
        || die "$python_bin cannot create a virtualenv with pip (no ensurepip). On Debian: apt-get install python3-venv"
    if [ -e "$VENV" ]; then
        say "$VENV is broken or too old; recreating it"
        rm -rf "$VENV"
    fi
    say "creating $VENV with $python_bin ($("$python_bin" -c 'import sys; print(sys.version.split()[0])'))"
    "$python_bin" -m venv "$VENV"
fi

stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ -e "$stamp" ]; then
    say "$VENV is up to date with pyproject.toml"
else
    pip_opts=(--disable-pip-version-check)
    if [ -n "${CI:-}" ] || [ ! -t 2 ]; then
        pip_opts+=(--progress-bar off)
    fi
    say "installing IOC Wall (both sides, editable) and the tools into $VENV (takes a few minutes the first time)"
    "$VENV/bin/python" -m pip install "${pip_opts[@]}" --upgrade pip </dev/null
    "$VENV/bin/python" -m pip install "${pip_opts[@]}" -e ".[dev]" </dev/null
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi

# --- 3. the C frame sink (wall_client/ui/video/framesink.c): libVLC's per-frame callbacks without Python ---
if ! "$VENV/bin/python" -m wall_client.ui.video.build_sink --check >/dev/null; then
    "$VENV/bin/python" -m wall_client.ui.video.build_sink \
        || say "warning: the wall will play video through Python callbacks (more CPU; see the message above)"
fi
say "done"
