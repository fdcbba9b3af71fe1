#!/usr/bin/env bash
# Installs dynalite (the local cloud's DynamoDB) from package-lock.json, once per lock change.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "charter-sync: the local cloud needs Node.js 20+ and npm for its DynamoDB (dynalite)." >&2
  echo "Install them (Debian: apt-get install nodejs npm) and run the command again." >&2
  exit 1
fi
major=$(node --version | sed -E 's/^v([0-9]+).*/\1/')
if [ "$major" -lt 20 ]; then
  echo "charter-sync: Node.js $(node --version) is too old for dynalite; install Node.js 20 or newer." >&2
  exit 1
fi
stamp=node_modules/.installed-lock
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
