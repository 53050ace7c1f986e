#!/bin/sh
# ci-chromium.sh: install Debian's chromium for chorus's browser tests
# (internal/serve/browser_test.go drives /usr/bin/chromium through chromedp).
# Runs as root; idempotent: does nothing when /usr/bin/chromium exists.
set -eu
if [ -x /usr/bin/chromium ]; then
	/usr/bin/chromium --version >&2 || true
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "ci-chromium.sh: run as root (it installs the chromium package)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2
/usr/bin/chromium --version >&2
