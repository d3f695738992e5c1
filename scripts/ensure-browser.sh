#!/usr/bin/env bash
# Make sure the browser tests (tests/e2e) have what they need; quick when everything is present.
# 1. Debian's chromium at /usr/bin/chromium (Playwright's own browser download does not work here),
#    installed with apt-get when missing — which needs root (CI runs as root).
#    Plus a Japanese font (fonts-ipafont-gothic), without which the pages and screenshots show boxes.
# 2. axe-core from the npm registry, pinned by tests/e2e/package-lock.json, into tests/e2e/node_modules.
set -euo pipefail

say() { echo "ensure-browser: $*" >&2; }
cd "$(dirname "$0")/.."

CHROMIUM=${TODOKE_CHROMIUM:-/usr/bin/chromium}
FONT=/usr/share/fonts/opentype/ipafont-gothic
if [ ! -x "$CHROMIUM" ] || [ ! -d "$FONT" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "$CHROMIUM or the Japanese font $FONT is missing, and installing them needs root:"
        say "run 'sudo apt-get install chromium fonts-ipafont-gothic' (or 'make test' as root), then try again"
        exit 1
    fi
    say "installing Debian's chromium and fonts-ipafont-gothic packages"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic >&2
fi

AXE=tests/e2e/node_modules/axe-core/axe.min.js
LOCK=tests/e2e/package-lock.json
if [ ! -f "$AXE" ] || [ "$LOCK" -nt "$AXE" ]; then
    if ! command -v npm >/dev/null; then
        if [ "$(id -u)" -ne 0 ]; then say "npm is missing: install Debian's npm package"; exit 1; fi
        say "installing Debian's npm package"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >&2
    fi
    say "installing axe-core from the npm registry"
    npm ci --prefix tests/e2e --no-audit --no-fund --silent >&2
    touch "$AXE"
fi
