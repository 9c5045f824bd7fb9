#!/bin/sh
# Installs the Debian/Ubuntu packages bouncescan needs to build and test,
# skipping those already installed. Uses sudo when not run as root. The
# tests read the xlsx output back with Debian's python3-openpyxl.
set -eu
packages="build-essential autoconf automake libtool pkg-config
libglib2.0-dev libgmime-3.0-dev libcmocka-dev libjson-glib-dev
libsqlite3-dev libmimalloc-dev libxlsxwriter-dev
python3-openpyxl"
missing=
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
        grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "install-deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
