#!/usr/bin/env bash
# Builds the local server image mc-login-harness/embedded:local without any registry (FROM
# scratch; see fixtures/image/Dockerfile). A no-op when the image is current. Needs a Docker
# daemon (ci/docker-up.sh) and the repository's node_modules. FORCE=1 rebuilds anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
# The pinned Node 24 (the `node` devDependency), not the machine's own.
export PATH="$PWD/node_modules/.bin:$PATH"
exec tsx harness/cli/main.ts containers build-image ${FORCE:+--force}
