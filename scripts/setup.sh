#!/usr/bin/env bash
# Installs what the tests need besides npm packages, from Debian's packages: promtool (package
# prometheus), which the SLO tests run as a subprocess, and the openssl CLI, which the TLS tests
# of the OTLP client use to make throwaway certificates. Idempotent and quiet: nothing happens,
# and nothing is printed, when both are already on the PATH (so a machine without apt but with
# them is fine). Runs as root in CI; elsewhere it uses sudo when sudo needs no password.
set -euo pipefail

packages=()
command -v promtool >/dev/null 2>&1 || packages+=(prometheus)
command -v openssl >/dev/null 2>&1 || packages+=(openssl)
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi

fail() {
  echo "setup: $*" >&2
  exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
  fail "${packages[*]} missing and apt-get is not available: install promtool (brew install prometheus, or a release from prometheus.io) and openssl another way"
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root() { sudo -n "$@"; }
else
  fail "${packages[*]} missing: run this as root (or with password-less sudo) to install Debian's packages"
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

install_packages() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >>"$log" 2>&1
}

# apt-get update only when the package lists do not know a package, or are too old to fetch it.
if ! apt-cache show "${packages[@]}" >/dev/null 2>&1 || ! install_packages; then
  as_root apt-get update -qq >>"$log" 2>&1 || true
  if ! install_packages; then
    echo "setup: could not install Debian's ${packages[*]}:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
fi

command -v promtool >/dev/null 2>&1 || fail "the prometheus package is installed but promtool is not on the PATH"
command -v openssl >/dev/null 2>&1 || fail "the openssl package is installed but openssl is not on the PATH"
echo "setup: installed ${packages[*]} ($(promtool --version 2>&1 | head -n 1))"
