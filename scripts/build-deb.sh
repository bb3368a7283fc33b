#!/usr/bin/env bash
# Build the Debian packages of IOC Wall (amd64) from this checkout.
#
#   scripts/build-deb.sh [wall|server|all] [--out DIR] [--version V] [--compress xz|zstd|gzip]
#                        [--build-dir DIR] [--reuse-bundle]
#
#   wall    dist/iocwall-wall_VERSION_amd64.deb    the wall client (kiosk), /opt/iocwall/wall
#   server  dist/iocwall-server_VERSION_amd64.deb  the server (systemd service), /opt/iocwall/server
#
# Each package holds a PyInstaller one-folder build (installer/linux/pyinstaller/*.spec) with its own
# Python, so it does not depend on the distribution's Python; see installer/linux/README.md for why.
# The bundle is made in a virtualenv of its own (DIR/venv-wall, DIR/venv-server) holding the project's
# wheel with only its extra, ".[wall]" or ".[server]", at the versions of the development venv (pip freeze
# as constraints): what the extra does not name cannot end up in the bundle. The wheel is built once
# (DIR/wheel); the venvs are kept while pyproject.toml and the constraints are unchanged.
#   --version V       package version (default: __version__ of wall_protocol/version.py)
#   --compress C      dpkg-deb compressor: xz (default) at level 1: measured on the wall package, 6 s
#                     and 58 MB, where dpkg-deb's default level 6 took 62 s for 59 MB; gzip or zstd
#                     (zstd: 1 s but 78 MB, and bookworm's lintian does not read it)
#   --build-dir DIR   PyInstaller work and staging trees (default: build)
#   --reuse-bundle    skip PyInstaller when DIR/pyinstaller/dist already has the bundle
# Needs: .venv with the dev extra (hatchling builds the wheel; $PYTHON names another venv), the package
# index for the bundles' venvs, dpkg-deb, binutils' strip, gzip (bash scripts/bootstrap.sh test, or make
# dist, installs them). The compiled translations (wall_client/translations/*.qm, `make translations`)
# go into the wall package when they are built, the leaders' view (server/web_assets, `make web`) into
# the server package.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
# Under `make test` the test that builds the packages runs this with coverage's variables set: tracing
# PyInstaller measures none of our code and cost a minute, so the build runs without them.
unset COVERAGE_PROCESS_CONFIG COVERAGE_PROCESS_START
LINUX="$ROOT/installer/linux"
SPECS="$LINUX/pyinstaller"
MAINTAINER="${IOCWALL_MAINTAINER:-IOC Wall maintainers <iocwall@example.org>}"
HOMEPAGE="${IOCWALL_HOMEPAGE:-https://example.org/iocwall}"

say() { echo "build-deb: $*" >&2; }
die() { echo "build-deb: error: $*" >&2; exit 1; }

targets=()
out=dist
version=""
compress=xz
build_dir=build
reuse=0
while [ $# -gt 0 ]; do
    case "$1" in
        wall | server) targets+=("$1") ;;
        all) targets+=(wall server) ;;
        --out) out="${2:?--out needs a folder}"; shift ;;
        --version) version="${2:?--version needs a value}"; shift ;;
        --compress) compress="${2:?--compress needs xz, zstd or gzip}"; shift ;;
        --build-dir) build_dir="${2:?--build-dir needs a folder}"; shift ;;
        --reuse-bundle) reuse=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
[ "${#targets[@]}" -gt 0 ] || targets=(wall server)
case "$compress" in xz | zstd | gzip) ;; *) die "--compress must be xz, zstd or gzip" ;; esac

# --- tools ------------------------------------------------------------------------------------------
PY="${PYTHON:-$ROOT/.venv/bin/python}"
missing=()
command -v dpkg-deb >/dev/null 2>&1 || missing+=("dpkg-deb (apt-get install dpkg-dev)")
command -v strip >/dev/null 2>&1 || missing+=("strip (apt-get install binutils)")
command -v gzip >/dev/null 2>&1 || missing+=("gzip")
if ! "$PY" -c 'import hatchling, PyInstaller' >/dev/null 2>&1; then
    missing+=("hatchling and PyInstaller in $PY (bash scripts/bootstrap.sh test installs the dev extra)")
fi
if [ "${#missing[@]}" -gt 0 ]; then
    die "missing build tools: ${missing[*]}"
fi
[ "$(dpkg --print-architecture)" = amd64 ] || die "the packages are amd64; this machine is $(dpkg --print-architecture)"

# --- version ----------------------------------------------------------------------------------------
# The one version (pyproject.toml reads it from there too: [tool.hatch.version]).
code_version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' wall_protocol/version.py)"
[ -n "$code_version" ] || die "no __version__ line in wall_protocol/version.py"
version="${version:-$code_version}"
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "'$version' is not a Debian version"

mkdir -p "$out" "$build_dir"
out="$(cd "$out" && pwd)"
build_dir="$(cd "$build_dir" && pwd)"

# --- helpers ----------------------------------------------------------------------------------------

# The project's wheel in $wheel, built once per run without a download (hatchling from $PY's venv).
wheel=""
project_wheel() {
    if [ -z "$wheel" ]; then
        rm -rf "$build_dir/wheel"
        say "wheel of the project (translations: $(find wall_client/translations -name '*.qm' 2>/dev/null | wc -l) .qm, leaders' view: $(find server/web_assets -type f 2>/dev/null | wc -l) files)"
        [ -f server/web_assets/index.html ] \
            || say "warning: the leaders' view is not built (make web): the server package will answer /view/ with 503"
        "$PY" -m wall_client.ui.video.build_sink >&2 \
            || say "warning: the C frame sink is not built: the wall will play video through Python callbacks"
        "$PY" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$build_dir/wheel" . >&2 </dev/null
        wheel="$(find "$build_dir/wheel" -name 'iocwall-*.whl' | head -n 1)"
        [ -n "$wheel" ] || die "pip wheel made no iocwall wheel in $build_dir/wheel"
    fi
}

# $build_dir/venv-$1: the wheel with the extra $1 (wall or server) and PyInstaller, nothing else.
bundle_venv() {
    local pkg="$1" venv="$build_dir/venv-$1" stamp constraints="$build_dir/constraints.txt"
    # The development venv's versions (the ones the tests ran with), setuptools (PyInstaller's) too: a newer
    # one brought 1.4 MB of itself into the wall bundle. The project itself and packages installed from a
    # path cannot be constraints.
    "$PY" -m pip freeze --all --exclude-editable | grep -v -e '^iocwall=' -e ' @ ' > "$constraints"
    stamp="$venv/.built-$(cat pyproject.toml "$constraints" | sha256sum | cut -c1-16)"
    project_wheel
    if [ ! -e "$stamp" ]; then
        say "virtualenv for iocwall-$pkg: .[$pkg] + PyInstaller"
        rm -rf "$venv"
        # $PY's pip installs into it (pip --python): no pip of its own to set up. No .pyc either:
        # PyInstaller compiles what it bundles.
        "$PY" -m venv --without-pip "$venv"
        "$PY" -m pip --python "$venv/bin/python" install --quiet --no-compile -c "$constraints" \
            "$wheel[$pkg]" pyinstaller </dev/null >&2
        touch "$stamp"
    else
        # The code may have changed since: the venv's copy of the project is replaced.
        "$PY" -m pip --python "$venv/bin/python" install --quiet --no-compile --no-deps --force-reinstall \
            "$wheel" </dev/null >&2
    fi
}

# PyInstaller one-folder build of installer/linux/pyinstaller/iocwall-$1.spec into $build_dir/pyinstaller/dist.
build_bundle() {
    local pkg="$1" dist="$build_dir/pyinstaller/dist/iocwall-$1"
    if [ "$reuse" = 1 ] && [ -d "$dist" ]; then
        say "reusing the PyInstaller bundle $dist"
        return 0
    fi
    bundle_venv "$pkg"
    say "PyInstaller: iocwall-$pkg"
    # From the build folder: the analysis must find the venv's installed project, not this checkout.
    (cd "$build_dir" && "$build_dir/venv-$pkg/bin/python" -m PyInstaller --noconfirm --log-level WARN \
        --workpath "$build_dir/pyinstaller/work" --distpath "$build_dir/pyinstaller/dist" \
        "$SPECS/iocwall-$pkg.spec")
    # Strip only the interpreter and its standard extension modules (copied from the build machine with
    # their debug symbols: 22 of the 23 MB of libpython). The libraries that come from wheels were
    # rewritten by auditwheel/patchelf, and binutils' strip breaks such files ("ELF load command
    # address/offset not page-aligned"), so they stay as the wheels ship them.
    find "$dist/_internal" -maxdepth 1 -name 'libpython3*.so*' -type f -exec strip --strip-unneeded {} +
    find "$dist/_internal" -path '*/lib-dynload/*.so' -type f -exec strip --strip-unneeded {} +
}

# Installed-Size as dpkg-gencontrol computes it: KiB per file rounded up, 1 per directory or link.
installed_size() {
    find "$1" -path "$1/DEBIAN" -prune -o -printf '%y %s\n' \
        | awk '$1 == "f" { kib += int(($2 + 1023) / 1024); next } { kib += 1 } END { print kib }'
}

# A maintainer script with installer/linux/common/iocwall-lib.sh pasted in at the "#IOCWALL_LIB#" line.
install_script() {
    local src="$1" dest="$2"
    awk -v lib="$LINUX/common/iocwall-lib.sh" '
        /^#IOCWALL_LIB#$/ { while ((getline line < lib) > 0) print line; close(lib); next }
        { print }
    ' "$src" > "$dest"
    chmod 0755 "$dest"
}

substitute() {
    sed -e "s|@VERSION@|$version|g" -e "s|@MAINTAINER@|$MAINTAINER|g" -e "s|@HOMEPAGE@|$HOMEPAGE|g" \
        -e "s|@SHORT@|$2|g" "$1"
}

stage_package() {
    local pkg="$1" stage="$build_dir/deb/iocwall-$1" name="iocwall-$1" short="$1" exe
    exe=$([ "$pkg" = wall ] && echo iocwall || echo iocwall-server)
    rm -rf "$stage"
    mkdir -p "$stage/DEBIAN" "$stage/opt/iocwall/$short" "$stage/usr/bin" "$stage/usr/share/doc/$name" \
        "$stage/usr/share/man/man1" "$stage/usr/share/lintian/overrides"
    cp -a "$build_dir/pyinstaller/dist/$name/." "$stage/opt/iocwall/$short/"
    ln -s "/opt/iocwall/$short/$exe" "$stage/usr/bin/$exe"

    # Documentation: copyright (+ the bundled model's licence for the server), changelog, README, man page.
    substitute "$LINUX/common/copyright.in" "$short" > "$stage/usr/share/doc/$name/copyright"
    if [ "$pkg" = server ]; then
        local model_license
        model_license="$(sed -e 's/^$/./' -e 's/^/ /' server/detection/models/LICENSE.ssdlite_person)"
        substitute "$LINUX/common/copyright-model.in" "$short" \
            | awk -v text="$model_license" '/^@MODEL_LICENSE@$/ { print text; next } { print }' \
            >> "$stage/usr/share/doc/$name/copyright"
    fi
    substitute "$LINUX/common/changelog.in" "$short" \
        | sed "s|@DATE@|$(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")|" \
        | gzip -9n > "$stage/usr/share/doc/$name/changelog.gz"
    cp "$LINUX/README.md" "$stage/usr/share/doc/$name/README.md"
    gzip -9n < "$LINUX/man/$exe.1" > "$stage/usr/share/man/man1/$exe.1.gz"
    sed "s/@PKG@/$name/g" "$LINUX/common/lintian-overrides.in" > "$stage/usr/share/lintian/overrides/$name"

    if [ "$pkg" = wall ]; then
        install -D -m 0644 "$LINUX/wall/iocwall-wall.desktop" "$stage/etc/xdg/autostart/iocwall-wall.desktop"
        install -D -m 0755 "$LINUX/wall/wall-autostart" "$stage/usr/libexec/iocwall/wall-autostart"
        echo /etc/xdg/autostart/iocwall-wall.desktop > "$stage/DEBIAN/conffiles"
        install -m 0755 "$LINUX/wall/config" "$stage/DEBIAN/config"
        install -m 0644 "$LINUX/wall/templates" "$stage/DEBIAN/templates"
        install_script "$LINUX/wall/postinst" "$stage/DEBIAN/postinst"
        install_script "$LINUX/wall/postrm" "$stage/DEBIAN/postrm"
    else
        install -D -m 0644 "$LINUX/server/iocwall-server.service" \
            "$stage/lib/systemd/system/iocwall-server.service"
        install_script "$LINUX/server/postinst" "$stage/DEBIAN/postinst"
        install_script "$LINUX/server/prerm" "$stage/DEBIAN/prerm"
        install_script "$LINUX/server/postrm" "$stage/DEBIAN/postrm"
    fi

    # Modes as Debian expects them: directories 0755, shared objects and data 0644, programs 0755.
    find "$stage" -type d -exec chmod 0755 {} +
    find "$stage" -type f ! -path "$stage/DEBIAN/*" -exec chmod u+rw,go+r,go-w {} +
    find "$stage/opt" -type f -name '*.so*' -exec chmod 0644 {} +
    chmod 0755 "$stage/opt/iocwall/$short/$exe"

    substitute "$LINUX/$short/control.in" "$short" \
        | sed "s|@INSTALLED_SIZE@|$(installed_size "$stage")|" > "$stage/DEBIAN/control"
    (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
        > "$stage/DEBIAN/md5sums"
    chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
}

# --- build ------------------------------------------------------------------------------------------
for pkg in "${targets[@]}"; do
    started=$SECONDS
    build_bundle "$pkg"
    stage_package "$pkg"
    deb="$out/iocwall-${pkg}_${version}_amd64.deb"
    say "dpkg-deb ($compress): $deb"
    dpkg-deb --build --root-owner-group "-Z$compress" -z1 "$build_dir/deb/iocwall-$pkg" "$deb" >/dev/null
    size_kib="$(sed -n 's/^Installed-Size: //p' "$build_dir/deb/iocwall-$pkg/DEBIAN/control")"
    say "$(basename "$deb"): $(( $(stat -c %s "$deb") / 1024 / 1024 )) MiB, installed $(( size_kib / 1024 )) MiB, $(( SECONDS - started )) s"
    echo "$deb"
done
