#!/usr/bin/env bash
# Makes sure the scan has a Chromium, in the order the tool looks for one: COOKIE_AUDIT_BROWSER,
# Playwright's own download, a system Chromium. Where none exists and this is Debian/Ubuntu run as
# root, installs Debian's chromium (Playwright's CDN may be unreachable: apt is the dependable way).
set -euo pipefail

if [ -n "${COOKIE_AUDIT_BROWSER:-}" ]; then
  [ -x "$COOKIE_AUDIT_BROWSER" ] && { echo "browser: $COOKIE_AUDIT_BROWSER (COOKIE_AUDIT_BROWSER)"; exit 0; }
  echo "COOKIE_AUDIT_BROWSER=$COOKIE_AUDIT_BROWSER is not an executable." >&2; exit 1
fi

playwright_path=$(node -e "try{const p=require('playwright-core').chromium.executablePath();if(require('fs').existsSync(p))console.log(p)}catch{}" 2>/dev/null || true)
[ -n "$playwright_path" ] && { echo "browser: $playwright_path (Playwright)"; exit 0; }

for name in chromium chromium-browser google-chrome-stable google-chrome; do
  if path=$(command -v "$name"); then echo "browser: $path (system)"; exit 0; fi
done

if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "No Chromium found: installing Debian's chromium with apt-get (about a minute)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
  echo "browser: $(command -v chromium) (system, just installed)"
  exit 0
fi

cat >&2 <<'TEXT'
No Chromium found, and it cannot be installed from here automatically. Any one of these works:
  - Debian/Ubuntu, as root:   apt-get install -y chromium
  - with access to Playwright's CDN:   npx playwright install chromium
  - an existing Chromium/Chrome:   export COOKIE_AUDIT_BROWSER=/path/to/chrome
TEXT
exit 1
