#!/bin/sh
# Installs the Debian packages deals needs (when missing), then configures and builds it
# in build/. Run as root or as a user with sudo. Extra arguments go to cmake.
set -eu
cd "$(dirname "$0")"
packages="cmake g++ make pkg-config git python3 python3-yaml python3-icalendar libcli11-dev libtomlplusplus-dev libfmt-dev libyaml-cpp-dev doctest-dev"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$(nproc)"
