#!/usr/bin/env bash
# Makes a Docker engine answer on this machine: installs Debian's docker.io when dockerd is
# missing, starts dockerd in the background when no daemon answers, and waits for it.
# Idempotent: on a machine where `docker info` already works it only checks and exits.
# Needs root (apt-get, dockerd). Tested on Debian 12.
set -euo pipefail

LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
SOCK="${DOCKER_SOCK:-/var/run/docker.sock}"
TIMEOUT_S="${DOCKER_UP_TIMEOUT_S:-60}"

fail() { echo "docker-up: $*" >&2; exit 1; }

answers() { docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && answers; then
  echo "docker-up: a Docker daemon already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
  exit 0
fi

[ "$(id -u)" = 0 ] || fail "no Docker daemon answers and installing/starting one needs root (run as root or start Docker yourself)"

if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker-up: dockerd missing: installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends docker.io >/dev/null || fail "apt-get install docker.io failed"
  command -v dockerd >/dev/null 2>&1 || fail "docker.io installed but dockerd is still not on PATH"
fi
command -v docker >/dev/null 2>&1 || fail "dockerd is installed but the docker CLI is not on PATH"

# cgroups must be mounted for dockerd; most hosts have them, bare containers/VMs sometimes not.
if [ ! -e /sys/fs/cgroup/cgroup.controllers ] && [ -z "$(ls -A /sys/fs/cgroup 2>/dev/null)" ]; then
  if command -v cgroupfs-mount >/dev/null 2>&1; then cgroupfs-mount || true; fi
fi

if ! answers; then
  if pgrep -x dockerd >/dev/null 2>&1; then
    echo "docker-up: dockerd is running but does not answer yet; waiting"
  else
    echo "docker-up: starting dockerd (log: $LOG)"
    # A stale pid file from a killed daemon makes dockerd refuse to start.
    rm -f /var/run/docker.pid
    nohup dockerd >>"$LOG" 2>&1 </dev/null &
    disown || true
  fi
fi

deadline=$((SECONDS + TIMEOUT_S))
until [ -S "$SOCK" ]; do
  [ $SECONDS -lt $deadline ] || { tail -n 30 "$LOG" >&2 || true; fail "no socket at $SOCK after ${TIMEOUT_S}s (see $LOG)"; }
  sleep 0.2
done
until answers; do
  [ $SECONDS -lt $deadline ] || { tail -n 30 "$LOG" >&2 || true; fail "docker info does not answer after ${TIMEOUT_S}s (see $LOG)"; }
  sleep 0.2
done
echo "docker-up: Docker $(docker version --format '{{.Server.Version}}') answers on $SOCK"
