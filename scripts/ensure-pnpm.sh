#!/usr/bin/env bash
# Installs pnpm (the version pinned in package.json) when it is missing. Node 20 + npm suffice.
set -euo pipefail
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
  echo "installing pnpm@$want with npm..." >&2
  npm install -g "pnpm@$want" >/dev/null 2>&1 || npm install -g "pnpm@$want"
fi
