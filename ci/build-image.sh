#!/usr/bin/env bash
# Builds the local server image mc-login-harness/embedded:local without any registry (FROM
# scratch; see fixtures/image/Dockerfile). A no-op when the image is current. Needs a Docker
# daemon (ci/docker-up.sh) and the repository's node_modules. FORCE=1 rebuilds anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node_modules/.bin/tsx harness/server/container/build-image-cli.ts ${FORCE:+--force}
