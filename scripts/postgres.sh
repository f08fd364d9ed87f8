#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries are installed (Debian's postgresql package) and prints
# their folder. The hub starts its own server from them (embedded, in the network's folder, on a
# free loopback port); this script only installs them. QP_POSTGRES_BIN, if set, names the folder.
set -euo pipefail
if [ -n "${QP_POSTGRES_BIN:-}" ]; then
  echo "$QP_POSTGRES_BIN"
  exit 0
fi
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(find_bin)" ]; then
  echo "installing PostgreSQL (Debian package postgresql)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  # The package may start a system cluster on 5432; the hub and its tests use their own servers.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now postgresql >/dev/null 2>&1 || true; fi
fi
find_bin
