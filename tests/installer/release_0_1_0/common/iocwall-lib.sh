# Shell helpers shared by the maintainer scripts of iocwall-wall and iocwall-server.
# scripts/build-deb.sh pastes this file into each script in place of the line "#IOCWALL_LIB#", so that
# every maintainer script stays one self-contained file, as dpkg runs them.
#
# DPKG_ROOT: dpkg sets it to the --root directory when it runs the scripts "chrootless" (the tests do,
# and so does bootstrapping a system image). Every file path below is prefixed with it, users and groups
# are made with the shadow tools' --prefix, and nothing that acts on the running host (debconf,
# systemctl) is done when it is set.
DPKG_ROOT="${DPKG_ROOT:-}"

iocwall_on_host() { [ -z "$DPKG_ROOT" ]; }

# A system group/user exists in the (possibly prefixed) files. Not getent: it cannot look into DPKG_ROOT,
# and these are local system accounts.
iocwall_group_exists() { grep -q "^$1:" "$DPKG_ROOT/etc/group" 2>/dev/null; }
iocwall_user_exists() { grep -q "^$1:" "$DPKG_ROOT/etc/passwd" 2>/dev/null; }

iocwall_prefix_args() {
    if iocwall_on_host; then
        return 0
    fi
    printf '%s\n' --prefix "$DPKG_ROOT"
}

iocwall_ensure_group() {
    local prefix
    iocwall_group_exists iocwall && return 0
    mapfile -t prefix < <(iocwall_prefix_args)
    groupadd "${prefix[@]}" --system iocwall
}

# The server's service account: no login shell, home = its state directory (not created here:
# systemd's StateDirectory= makes it, owned by this user).
iocwall_ensure_user() {
    local prefix
    iocwall_ensure_group
    iocwall_user_exists iocwall && return 0
    mapfile -t prefix < <(iocwall_prefix_args)
    useradd "${prefix[@]}" --system --gid iocwall --home-dir /var/lib/iocwall --no-create-home \
        --shell /usr/sbin/nologin --comment "IOC Wall server" iocwall
}

# Value of `key = "value"` in a flat TOML file (only the simple string form this package writes).
iocwall_toml_get() {
    sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*\"\\(.*\\)\"[[:space:]]*\$/\\1/p" "$1" 2>/dev/null | tail -n 1
}

# Escape a value for a TOML basic string and for a sed replacement ("\", "\"", "&", "|").
iocwall_toml_escape() {
    printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# Set `key = "value"` in FILE: replace the line if the key is there, else append it.
iocwall_toml_set() {
    local file="$1" key="$2" value escaped
    value="$(iocwall_toml_escape "$3")"
    if grep -q "^[[:space:]]*${key}[[:space:]]*=" "$file"; then
        escaped="$(printf '%s' "$value" | sed -e 's/[\\&|]/\\&/g')"
        sed -i "s|^[[:space:]]*${key}[[:space:]]*=.*\$|$key = \"$escaped\"|" "$file"
    else
        printf '%s = "%s"\n' "$key" "$value" >> "$file"
    fi
}
