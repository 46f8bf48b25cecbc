#!/usr/bin/env bash
# Debian's Chromium for the HTML-report test (harness/report/html/html.int.test.ts, driven by
# playwright-core, which never downloads a browser itself). Idempotent: installs only when missing.
# Measured here: ~81 MB download, ~290 MB installed, ~30 s.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "chromium: $(command -v chromium || echo "$CHROMIUM_PATH")"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "chromium is missing and this is not root: run 'apt-get install -y chromium' or set CHROMIUM_PATH" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "chromium: $(command -v chromium)"
