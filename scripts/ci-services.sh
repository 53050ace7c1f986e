#!/bin/sh
# ci-services.sh: install and start everything chorus's tests need beyond Go
# (a throwaway PostgreSQL for the store conformance suite, Debian's Chromium
# for the browser tests), then print the environment that points the tests
# at them:
#
#     eval "$(scripts/ci-services.sh)"
#
# Runs as root; idempotent. Everything but export lines goes to stderr.
set -eu
cd "$(dirname "$0")/.."
if [ -x scripts/ci-postgres.sh ]; then
	scripts/ci-postgres.sh
fi
if [ -x scripts/ci-chromium.sh ]; then
	scripts/ci-chromium.sh >&2
fi
