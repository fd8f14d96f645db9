#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release for Node 20) into .e2e/code-server,
# offline except for the npm registry, as shared/recipes/e2e-real-vscode.md describes. Idempotent:
# an install whose version answers is kept. Needs: chromium, ripgrep, libkrb5-dev, g++, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=4.100.3
DIR="$PWD/.e2e/code-server"
BIN="$DIR/node_modules/.bin/code-server"
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$VERSION"; then
  echo "code-server $VERSION already installed in $DIR"
  exit 0
fi
export CI=true npm_config_yes=true
# node-gyp must build against the installed Node's headers, not download them (no network).
export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"
[ -d "$npm_config_nodedir/include/node" ] || export npm_config_nodedir=/usr
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install -y ripgrep" >&2; exit 1; }
rm -rf "$DIR" && mkdir -p "$DIR" && cd "$DIR"
echo '{"name":"fixture-lens-code-server","private":true}' > package.json
npm install --no-audit --no-fund "code-server@$VERSION" --ignore-scripts </dev/null
cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts </dev/null
# ripgrep's postinstall downloads a binary from GitHub: use Debian's instead.
mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild </dev/null
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --no-audit --no-fund --omit=dev </dev/null)
cd "$DIR" && npm rebuild argon2 </dev/null
"$BIN" --version
