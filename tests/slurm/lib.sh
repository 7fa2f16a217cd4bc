# shellcheck shell=bash
# shellcheck disable=SC2034  # variables here are used by the scripts that source this file
# Helpers shared by the test cluster scripts (start-cluster.sh, stop-cluster.sh).
# This file is sourced, not run. Everything the cluster writes lives under
# $SRT_SLURM_DIR (default /var/lib/srt-local-slurm).

SRT_SLURM_DIR="${SRT_SLURM_DIR:-/var/lib/srt-local-slurm}"
SRT_SLURM_DIR="${SRT_SLURM_DIR%/}"
SRT_CONF="$SRT_SLURM_DIR/etc/slurm.conf"
SRT_STATE_ENV="$SRT_SLURM_DIR/cluster.env"
SRT_RUN_DIR="$SRT_SLURM_DIR/run"
SRT_LOG_DIR="$SRT_SLURM_DIR/log"
SRT_MUNGE_SOCKET="$SRT_RUN_DIR/munge.socket"
SRT_MARKER="$SRT_SLURM_DIR/.srt-local-slurm"
SRT_BRIDGE="srtbr0"
SRT_HOSTS_BEGIN="# BEGIN srt-local-slurm (written by start-cluster.sh, removed by stop-cluster.sh)"
SRT_HOSTS_END="# END srt-local-slurm"
export SLURM_CONF="$SRT_CONF"

# srt_usage SCRIPT: print the comment block at the top of SCRIPT.
srt_usage() { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$1"; }

srt_log() { printf '[srt-slurm] %s\n' "$*" >&2; }
srt_die() {
  printf '[srt-slurm] ERROR: %s\n' "$*" >&2
  exit 1
}

# srt_lock: serialize start-cluster.sh / stop-cluster.sh runs (fd 9). Daemons
# are started through srt_spawn so they never inherit the lock.
srt_lock() {
  mkdir -p "$SRT_SLURM_DIR"
  exec 9>"$SRT_SLURM_DIR/.lock"
  flock -w 300 9 || srt_die "another start-cluster.sh/stop-cluster.sh has held $SRT_SLURM_DIR/.lock for 300s"
}

# srt_spawn COMMAND...: run a daemon with every file descriptor above 2 closed.
# A caller may hold a lock on an inherited descriptor (e.g. `flock /tmp/srt-e2e.lock
# start-cluster.sh`); a daemon that kept it would hold that lock for its lifetime.
srt_spawn() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if ((fd > 2)); then eval "exec $fd>&-"; fi
    done
    exec "$@"
  )
}

srt_require_root() {
  [[ "$(id -u)" -eq 0 ]] || srt_die "must run as root (uid 0), not uid $(id -u)"
}

srt_check_dir() {
  [[ "$SRT_SLURM_DIR" == /* ]] || srt_die "SRT_SLURM_DIR must be an absolute path (got '$SRT_SLURM_DIR')"
  # slurmstepd puts unix sockets under the spool dir; their paths must stay
  # under the 108-byte socket limit, so keep the base path short.
  ((${#SRT_SLURM_DIR} <= 48)) || srt_die "SRT_SLURM_DIR is too long (${#SRT_SLURM_DIR} > 48 chars): unix socket paths under it would not fit"
  # It must be a folder of its own (stop-cluster.sh --purge deletes it).
  case "$SRT_SLURM_DIR" in
    /*/*) ;;
    *) srt_die "SRT_SLURM_DIR=$SRT_SLURM_DIR is not a private folder (use at least two levels, e.g. /var/lib/srt-local-slurm)" ;;
  esac
  case "$SRT_SLURM_DIR" in
    /etc | /etc/* | /usr/* | /var/lib | /var/log | /var/tmp | "${HOME:-/nonexistent}") srt_die "SRT_SLURM_DIR=$SRT_SLURM_DIR is not a private folder" ;;
  esac
}

# srt_pid_of PIDFILE COMM: print the pid recorded in PIDFILE if that process is
# alive (not a zombie), its name starts with COMM and its command line mentions
# $SRT_SLURM_DIR (so a recycled pid is never mistaken for one of ours).
srt_pid_of() {
  local pidfile=$1 comm=$2 pid stat st
  [[ -s "$pidfile" ]] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  [[ -n "$pid" ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  st=${stat##*) }
  st=${st%% *}
  [[ "$st" != Z && "$st" != X ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$comm"* ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$SRT_SLURM_DIR" || return 1
  printf '%s\n' "$pid"
}

# srt_pid_gone PID: true when PID no longer exists or is a zombie.
srt_pid_gone() {
  local stat st
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  st=${stat##*) }
  st=${st%% *}
  [[ "$st" == Z || "$st" == X ]]
}

# srt_wait_pids TIMEOUT_S PID...: wait until all PIDs are gone; SIGKILL the rest.
srt_wait_pids() {
  local timeout=$1 pid left deadline
  shift
  deadline=$((SECONDS + timeout))
  while :; do
    left=()
    for pid in "$@"; do srt_pid_gone "$pid" || left+=("$pid"); done
    ((${#left[@]} == 0)) && return 0
    if ((SECONDS >= deadline)); then
      srt_log "still running after ${timeout}s, sending SIGKILL to: ${left[*]}"
      kill -KILL "${left[@]}" 2>/dev/null || true
      sleep 0.5
      return 0
    fi
    sleep 0.2
  done
}

srt_ctld_alive() { srt_pid_of "$SRT_RUN_DIR/slurmctld.pid" slurmctld >/dev/null; }

srt_hosts_remove_block() {
  [[ -f /etc/hosts ]] || return 0
  grep -qF "$SRT_HOSTS_BEGIN" /etc/hosts || return 0
  local tmp
  tmp=$(mktemp)
  awk -v b="$SRT_HOSTS_BEGIN" -v e="$SRT_HOSTS_END" '
    $0 == b {skip=1; next}
    skip && $0 == e {skip=0; next}
    !skip {print}' /etc/hosts >"$tmp"
  # /etc/hosts may be a bind mount: rewrite it in place instead of renaming.
  cat "$tmp" >/etc/hosts
  rm -f "$tmp"
}

# srt_stop_all: stop what the last start-cluster.sh started, as recorded in
# $SRT_STATE_ENV and the pid files under $SRT_RUN_DIR.
srt_stop_all() {
  local SRT_SLURM_NODES="" SRT_SLURM_NET="" node pid pids=() jobs i ns nspids f
  if [[ -f "$SRT_STATE_ENV" ]]; then
    # shellcheck disable=SC1090
    source "$SRT_STATE_ENV"
  fi

  # 1. Cancel jobs still known to our slurmctld so that no step outlives it.
  if srt_ctld_alive && [[ -f "$SRT_CONF" ]]; then
    jobs=$(timeout 15 squeue -h -o '%A' 2>/dev/null | tr '\n' ' ' || true)
    if [[ -n "${jobs// /}" ]]; then
      srt_log "cancelling jobs: $jobs"
      # shellcheck disable=SC2086
      timeout 15 scancel $jobs 2>/dev/null || true
      for ((i = 0; i < 60; i++)); do
        [[ -z "$(timeout 5 squeue -h -o '%A' 2>/dev/null || true)" ]] && break
        sleep 0.5
      done
    fi
  fi

  # 2. Daemons, in reverse start order: slurmd(s), slurmctld, munged.
  pids=()
  for f in "$SRT_RUN_DIR"/slurmd-*.pid; do
    [[ -e "$f" ]] || continue
    if pid=$(srt_pid_of "$f" slurmd); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  if ((${#pids[@]})); then
    srt_log "stopping slurmd pids: ${pids[*]}"
    srt_wait_pids 15 "${pids[@]}"
  fi
  rm -f "$SRT_RUN_DIR"/slurmd-*.pid

  if pid=$(srt_pid_of "$SRT_RUN_DIR/slurmctld.pid" slurmctld); then
    srt_log "stopping slurmctld pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    srt_wait_pids 15 "$pid"
  fi
  rm -f "$SRT_RUN_DIR/slurmctld.pid"

  if pid=$(srt_pid_of "$SRT_RUN_DIR/munged.pid" munged); then
    srt_log "stopping munged pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    srt_wait_pids 10 "$pid"
  fi
  rm -f "$SRT_RUN_DIR/munged.pid"

  # 3. Network namespaces (netns mode). Anything still inside a node namespace
  #    was started by this cluster's jobs; end it before removing the namespace.
  if [[ "$SRT_SLURM_NET" == netns ]] && command -v ip >/dev/null; then
    i=0
    for node in $SRT_SLURM_NODES; do
      i=$((i + 1))
      ns="srt-$node"
      if ip netns list 2>/dev/null | awk '{print $1}' | grep -qxF "$ns"; then
        nspids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ' || true)
        if [[ -n "${nspids// /}" ]]; then
          srt_log "ending leftover processes in namespace $ns: $nspids"
          # shellcheck disable=SC2086
          kill -TERM $nspids 2>/dev/null || true
          # shellcheck disable=SC2086
          srt_wait_pids 5 $nspids
        fi
        ip netns del "$ns" 2>/dev/null || srt_log "warning: could not delete namespace $ns"
      fi
      ip link del "srtv$i" 2>/dev/null || true
    done
    ip link del "$SRT_BRIDGE" 2>/dev/null || true
  fi

  srt_hosts_remove_block
}
