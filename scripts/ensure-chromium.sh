#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests is installed: Debian's package when we are root,
# otherwise a message saying what to install.
set -euo pipefail
for b in "${ORDERDESK_CHROMIUM:-}" chromium chromium-browser google-chrome; do
	[ -n "$b" ] && command -v "$b" >/dev/null 2>&1 && exit 0
done
if [ "$(id -u)" -ne 0 ]; then
	echo "ensure-chromium: the browser tests need Chromium. Install it with: sudo apt-get install chromium" >&2
	exit 1
fi
echo "ensure-chromium: installing Debian's chromium (one time, about 25 s)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null
