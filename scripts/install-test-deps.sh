#!/usr/bin/env bash
# Installs what the test suite needs beyond Node: Debian's nginx, nats-server, etcd and
# chromium (the report test renders HTML headless), tmux (the interactive-mode pseudo-terminal test). Root only; skips what is present.
set -euo pipefail
need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v nats-server >/dev/null 2>&1 || need+=(nats-server)
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
command -v ps >/dev/null 2>&1 || need+=(procps)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "install-test-deps: not root; missing: ${need[*]} (tests that need them will skip)" >&2
  exit 0
fi
echo "install-test-deps: apt-get install ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The packages start system services we do not want holding ports 80/2379/4222.
for svc in nginx nats-server etcd; do
  (systemctl stop "$svc" || service "$svc" stop) >/dev/null 2>&1 || true
done
pkill -x nginx >/dev/null 2>&1 || true
pkill -x nats-server >/dev/null 2>&1 || true
pkill -x etcd >/dev/null 2>&1 || true
