#!/usr/bin/env bash
# Removes every container and network the harness left behind (label mc-login-harness=1), e.g.
# after a run that was SIGKILLed. Only run it when no other harness run is in progress on this
# Docker daemon: it does not know which run a leftover belongs to. RUN=<id> limits it to one run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
exec tsx harness/cli/main.ts containers cleanup ${RUN:+--run "$RUN"}
