#!/usr/bin/env bash
# Build the leaders' view (web/, TypeScript + Vite) into server/web_assets/, which the server serves under
# /view/ (server/api/view.py) and the wheel and the server's .deb ship. `make web` runs this.
#
#   scripts/build-web.sh            npm ci (when web/package-lock.json changed), check the generated protocol
#                                   types, type-check, vite build
#   scripts/build-web.sh --types    regenerate web/src/protocol.gen.ts from docs/protocol.schema.json first
#
# Needs nodejs >= 18.19 (Vite 6; Debian 12's is 18.20) and npm (scripts/bootstrap.sh installs them). npm ci
# fetches from the npm registry only, the exact versions of web/package-lock.json, and runs no install
# scripts (web/.npmrc). The install is skipped while package-lock.json is unchanged since the last successful
# one (stamp web/node_modules/.installed-<sha256 of package-lock.json>), so repeated builds take a second.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../web"

say() { echo "build-web: $*" >&2; }
die() { echo "build-web: error: $*" >&2; exit 1; }

regenerate=0
case "${1:-}" in
    "") ;;
    --types) regenerate=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
esac

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || die "node and npm are missing: bash scripts/bootstrap.sh installs them (Debian: apt-get install nodejs npm)"
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 19) ? 0 : 1)' \
    || die "node $(node --version) is too old: Vite 6 needs >= 18.19 (Debian 12's nodejs is 18.20)"

stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -e "$stamp" ]; then
    say "npm ci (web/package-lock.json changed or first build)"
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error </dev/null >&2
    touch "$stamp"
fi

if [ "$regenerate" = 1 ]; then
    node scripts/gen-types.mjs
fi
node scripts/gen-types.mjs --check
say "type-check (tsc --noEmit)"
npx --no-install tsc --noEmit
say "vite build -> server/web_assets/"
npx --no-install vite build --logLevel warn
say "done: $(find ../server/web_assets -type f ! -name '*.gz' | wc -l) files"
