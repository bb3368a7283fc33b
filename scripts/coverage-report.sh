#!/usr/bin/env bash
# Branch coverage of the last test run, per package, against floors (make test runs this after pytest).
#
#   scripts/coverage-report.sh PYTHON PACKAGE[=FLOOR]...
#
# Merges the data of the test process and of every server and client it started (coverage combine;
# [tool.coverage.*] in pyproject.toml), prints one line per package and the total, and fails when a
# package is below its floor (a percentage of statements and branches, as coverage.py counts them).
# Where the lines are missing: `.venv/bin/coverage report -m` or `.venv/bin/coverage html` afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ "$#" -ge 2 ] || { echo "usage: $0 PYTHON PACKAGE[=FLOOR]..." >&2; exit 2; }
py="$1"
shift

# A run that started no subprocess and already combined leaves nothing to combine: not an error.
if ! combined="$("$py" -m coverage combine --quiet 2>&1)" && [ "$combined" != "No data to combine" ]; then
    echo "$combined" >&2
    exit 1
fi

below=()
for entry in "$@"; do
    package="${entry%%=*}"
    floor=""
    [ "$package" = "$entry" ] || floor="${entry#*=}"
    percent="$("$py" -m coverage report --include="$package/*" --format=total 2>/dev/null)" || percent="0"
    line="$(printf '%-14s %5s%%' "$package" "$percent")"
    if [ -n "$floor" ]; then
        if awk -v p="$percent" -v f="$floor" 'BEGIN { exit !(p + 0 < f + 0) }'; then
            below+=("$package $percent% < $floor%")
            line+="   BELOW its floor of $floor%"
        else
            line+="   (floor $floor%)"
        fi
    fi
    echo "$line"
done
printf '%-14s %5s%%\n' "all" "$("$py" -m coverage report --format=total 2>/dev/null || echo 0)"

if [ "${#below[@]}" -gt 0 ]; then
    printf 'coverage: below the floor (raise coverage, or lower COVERAGE_FLOORS in the Makefile with a reason): %s\n' \
        "${below[*]}" >&2
    exit 1
fi
