#!/usr/bin/env bash
# Makes sure an etcd server is installed (Debian's etcd-server package) and prints its path.
# The channel tests start their own etcd on free loopback ports with a temporary data directory;
# this script only installs it. QP_ETCD, if set, names the binary to use instead.
set -euo pipefail
if [ -n "${QP_ETCD:-}" ]; then
  echo "$QP_ETCD"
  exit 0
fi
if ! command -v etcd >/dev/null 2>&1; then
  echo "installing etcd (Debian package etcd-server)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends etcd-server >&2
  # The package may start a system etcd on the default ports; the tests use their own.
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now etcd >/dev/null 2>&1 || true; fi
fi
command -v etcd
