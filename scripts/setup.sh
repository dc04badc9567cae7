#!/usr/bin/env bash
# Installs what the tests need besides npm packages: promtool, from Debian's prometheus package,
# which the SLO tests run as a subprocess. Idempotent and quiet: nothing happens, and nothing is
# printed, when promtool is already on the PATH (so a machine without apt but with promtool is
# fine). Runs as root in CI; elsewhere it uses sudo when sudo needs no password.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  exit 0
fi

fail() {
  echo "setup: $*" >&2
  exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
  fail "promtool is missing and apt-get is not available: install Prometheus' promtool another way (brew install prometheus, or a release from prometheus.io)"
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root() { sudo -n "$@"; }
else
  fail "promtool is missing: run this as root (or with password-less sudo) to install Debian's prometheus package"
fi

log=$(mktemp)
policy=/usr/sbin/policy-rc.d
own_policy=false
cleanup() {
  if [ "$own_policy" = true ]; then as_root rm -f "$policy"; fi
  rm -f "$log"
}
trap cleanup EXIT

# Only promtool is wanted, but the package starts a Prometheus server on :9090 when installed.
# policy-rc.d is how Debian tells maintainer scripts not to start services; one already there is kept.
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
  as_root chmod 755 "$policy"
  own_policy=true
fi

install_prometheus() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >>"$log" 2>&1
}

# apt-get update only when the package lists do not know the package, or are too old to fetch it.
if ! apt-cache show prometheus >/dev/null 2>&1 || ! install_prometheus; then
  as_root apt-get update -qq >>"$log" 2>&1 || true
  if ! install_prometheus; then
    echo "setup: could not install Debian's prometheus package for promtool:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
fi

command -v promtool >/dev/null 2>&1 || fail "the prometheus package is installed but promtool is not on the PATH"
echo "setup: installed $(promtool --version 2>&1 | head -n 1)"
