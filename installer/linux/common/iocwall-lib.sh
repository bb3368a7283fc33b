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

# The two packages' groups. The server's user and group iocwall own its database and may read server.toml
# and its TLS key. The wall's token is readable by the group iocwall-wall, the kiosk user's only IOC Wall
# group: a kiosk user in iocwall could read the server's signing key and camera passwords.
IOCWALL_SERVER_GROUP=iocwall
IOCWALL_WALL_GROUP=iocwall-wall

iocwall_ensure_group() {
    local prefix
    iocwall_group_exists "$1" && return 0
    mapfile -t prefix < <(iocwall_prefix_args)
    groupadd "${prefix[@]}" --system "$1"
}

iocwall_gid() { awk -F: -v g="$1" '$1 == g { print $3 }' "$DPKG_ROOT/etc/group"; }
iocwall_uid() { awk -F: -v u="$1" '$1 == u { print $3 }' "$DPKG_ROOT/etc/passwd"; }

# The server's service account: no login shell, home = its state directory (not created here:
# systemd's StateDirectory= makes it, owned by this user).
iocwall_ensure_user() {
    local prefix
    iocwall_ensure_group "$IOCWALL_SERVER_GROUP"
    iocwall_user_exists iocwall && return 0
    mapfile -t prefix < <(iocwall_prefix_args)
    useradd "${prefix[@]}" --system --gid "$IOCWALL_SERVER_GROUP" --home-dir /var/lib/iocwall --no-create-home \
        --shell /usr/sbin/nologin --comment "IOC Wall server" iocwall
}

# USER is listed as a member of GROUP (a supplementary group) in the group file.
iocwall_in_group() {
    awk -F: -v u="$1" -v g="$2" '
        $1 == g { n = split($4, members, ","); for (i = 1; i <= n; i++) if (members[i] == u) found = 1 }
        END { exit !found }' "$DPKG_ROOT/etc/group"
}

# Take USER out of GROUP, keeping its other supplementary groups. Neither gpasswd --delete (no --prefix
# for DPKG_ROOT) nor usermod --remove (not in the shadow 4.8 of Ubuntu 22.04): usermod --groups with the
# list of the groups it keeps.
iocwall_leave_group() {
    local user="$1" group="$2" keep prefix
    iocwall_in_group "$user" "$group" || return 0
    keep="$(awk -F: -v u="$user" -v g="$group" '
        $1 != g { n = split($4, members, ","); for (i = 1; i <= n; i++) if (members[i] == u) { printf "%s%s", sep, $1; sep = "," } }
    ' "$DPKG_ROOT/etc/group")"
    mapfile -t prefix < <(iocwall_prefix_args)
    usermod "${prefix[@]}" --groups "$keep" "$user"
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
    elif grep -q '^[[:space:]]*\[' "$file"; then
        # A new top-level key goes before the first [table]: after it, it would belong to that table.
        escaped="$(printf '%s' "$value" | sed -e 's/[\\&|]/\\&/g')"
        sed -i "0,/^[[:space:]]*\[/s|^[[:space:]]*\[|$key = \"$escaped\"\n&|" "$file"
    else
        printf '%s = "%s"\n' "$key" "$value" >> "$file"
    fi
}

# Value of KEY in [SECTION] of a TOML file, quotes and a trailing comment removed (the simple forms
# `key = "text"`, `key = 8765`, `key = true`); nothing when the key or the section is not there.
iocwall_toml_section_get() {
    awk -v want="[$2]" -v key="$3" '
        /^[[:space:]]*\[/ { line = $0; sub(/#.*/, "", line); gsub(/[[:space:]]/, "", line); section = line; next }
        section == want && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
            value = $0; sub(/^[^=]*=[[:space:]]*/, "", value)
            if (value ~ /^"/) { sub(/^"/, "", value); sub(/".*/, "", value) }
            else { sub(/[[:space:]]*#.*/, "", value); sub(/[[:space:]]+$/, "", value) }
            found = value
        }
        END { if (found != "") print found }' "$1" 2>/dev/null
}

# FILE has the table [SECTION].
iocwall_toml_has_section() { grep -Eq "^[[:space:]]*\[$2\][[:space:]]*(#.*)?\$" "$1" 2>/dev/null; }

# Loopback addresses: a server there is reachable from this machine only.
iocwall_is_loopback() {
    case "$1" in
        localhost | 127.* | ::1 | "[::1]") return 0 ;;
        *) return 1 ;;
    esac
}
