#!/usr/bin/env bash
# start-cluster.sh [NODES] [GPUS_PER_NODE]  (defaults: 4 nodes, 4 GPUs per node)
#
# Starts the project's test cluster: a real single-machine Slurm 22.05 cluster
# (Debian packages) with one munged, one slurmctld and one slurmd per node
# (gpu-01, gpu-02, ...), and a pyxis-compatible container runtime (a SPANK
# plugin compiled here from container/spank_srt_container.c) for every step.
# Idempotent: when the same cluster is already up it only checks it; when the
# wanted layout differs it stops the old one first.
# stdout: only `export NAME=value` lines (use: eval "$(start-cluster.sh)").
# stderr: progress and errors.
#
# Settings (environment):
#   SRT_SLURM_DIR          folder for config, state, logs, pid files (/var/lib/srt-local-slurm)
#   SRT_SLURM_NET          auto | netns | loopback (auto: netns when usable)
#   SRT_SLURM_NET_PREFIX   first three octets of the node subnet in netns mode (10.250.0)
#   SRT_SLURM_NODE_PREFIX  node name prefix (gpu-)
#   SRT_SLURM_PARTITIONS   partition names, the first is the default ("batch gpu")
#   SRT_SLURM_CPUS         CPUs advertised per node (32)
#   SRT_SLURM_MEM_MB       memory advertised per node in MB (256000)
#   SRT_SLURM_MKDIR_OUTPUT 1: create missing --output/--error folders of batch jobs, as newer Slurm does (1)
#   SRT_SLURM_JOB_START_DELAY seconds every job is held before its batch script starts (0)
#   SRT_SLURM_BATCH_SCHED_DELAY Slurm's batch_sched_delay in seconds (unset: Slurm's default, 3);
#                          0 makes jobs start about 1 s after sbatch instead of about 3 s
#   SRT_SLURM_IMAGES       container images to create in $SRT_SLURM_DIR/images ("mock"); each
#                          is a rootfs with a view of this machine's /usr and /etc
#   SRT_SLURM_NO_INSTALL   1: never run apt-get; fail if packages are missing (0)
#   SRT_SLURM_START_TIMEOUT seconds to wait for all nodes to be up (60)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  srt_usage "$0"
  exit 0
fi

T0=$SECONDS
NODES="${1:-4}"
GPUS="${2:-4}"
NET_WANTED="${SRT_SLURM_NET:-auto}"
NET_PREFIX="${SRT_SLURM_NET_PREFIX:-10.250.0}"
NODE_PREFIX="${SRT_SLURM_NODE_PREFIX:-gpu-}"
PARTITIONS="${SRT_SLURM_PARTITIONS:-batch gpu}"
CPUS="${SRT_SLURM_CPUS:-32}"
MEM_MB="${SRT_SLURM_MEM_MB:-256000}"
MKDIR_OUTPUT="${SRT_SLURM_MKDIR_OUTPUT:-1}"
START_DELAY="${SRT_SLURM_JOB_START_DELAY:-0}"
SCHED_DELAY="${SRT_SLURM_BATCH_SCHED_DELAY:-}"
NO_INSTALL="${SRT_SLURM_NO_INSTALL:-0}"
IMAGES="${SRT_SLURM_IMAGES:-mock}"
START_TIMEOUT="${SRT_SLURM_START_TIMEOUT:-60}"

# ---------------------------------------------------------------- arguments
if ! [[ "$NODES" =~ ^[0-9]{1,2}$ ]] || ((10#$NODES < 1 || 10#$NODES > 64)); then
  srt_die "NODES must be 1..64 (got '$NODES')"
fi
if ! [[ "$GPUS" =~ ^[0-9]{1,2}$ ]] || ((10#$GPUS < 1 || 10#$GPUS > 16)); then
  srt_die "GPUS_PER_NODE must be 1..16 (got '$GPUS')"
fi
[[ "$START_DELAY" =~ ^[0-9]{1,3}$ ]] || srt_die "SRT_SLURM_JOB_START_DELAY must be whole seconds (got '$START_DELAY')"
[[ -z "$SCHED_DELAY" || "$SCHED_DELAY" =~ ^[0-9]{1,2}$ ]] || srt_die "SRT_SLURM_BATCH_SCHED_DELAY must be whole seconds (got '$SCHED_DELAY')"
[[ "$MKDIR_OUTPUT" =~ ^[01]$ ]] || srt_die "SRT_SLURM_MKDIR_OUTPUT must be 0 or 1 (got '$MKDIR_OUTPUT')"
[[ "$NET_WANTED" =~ ^(auto|netns|loopback)$ ]] || srt_die "SRT_SLURM_NET must be auto, netns or loopback (got '$NET_WANTED')"
if ! [[ "$NET_PREFIX" =~ ^(10\.[0-9]{1,3}|172\.(1[6-9]|2[0-9]|3[01])|192\.168)\.[0-9]{1,3}$ ]]; then
  srt_die "SRT_SLURM_NET_PREFIX must be the first three octets of a private range, e.g. 10.250.0 (got '$NET_PREFIX')"
fi
[[ "$NODE_PREFIX" =~ ^[a-z][a-z0-9-]{0,15}$ ]] || srt_die "SRT_SLURM_NODE_PREFIX must match [a-z][a-z0-9-]* (got '$NODE_PREFIX')"
[[ "$CPUS" =~ ^[0-9]+$ && "$MEM_MB" =~ ^[0-9]+$ ]] || srt_die "SRT_SLURM_CPUS and SRT_SLURM_MEM_MB must be integers"
read -r -a PART_ARR <<<"$PARTITIONS"
((${#PART_ARR[@]} >= 1)) || srt_die "SRT_SLURM_PARTITIONS is empty"
for p in "${PART_ARR[@]}"; do [[ "$p" =~ ^[A-Za-z][A-Za-z0-9_-]*$ ]] || srt_die "bad partition name '$p'"; done
read -r -a IMAGE_ARR <<<"$IMAGES"
for p in "${IMAGE_ARR[@]}"; do [[ "$p" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || srt_die "bad image name '$p' in SRT_SLURM_IMAGES"; done
NODES=$((10#$NODES))
GPUS=$((10#$GPUS))
START_DELAY=$((10#$START_DELAY))

srt_require_root
srt_check_dir
srt_lock

# ---------------------------------------------------------------- packages
need_install() {
  local c
  for c in slurmctld slurmd sbatch srun scontrol sinfo squeue scancel munged mungekey ip unshare; do
    command -v "$c" >/dev/null 2>&1 || return 0
  done
  [[ -e /usr/lib/x86_64-linux-gnu/slurm-wlm/select_cons_tres.so || -n "$(find /usr/lib -name select_cons_tres.so -print -quit 2>/dev/null)" ]] || return 0
  # The container runtime is compiled here: spank.h (libslurm-dev) and a C compiler.
  [[ -e /usr/include/slurm/spank.h ]] || return 0
  command -v cc >/dev/null 2>&1 || return 0
  return 1
}

if need_install; then
  [[ "$NO_INSTALL" == 1 ]] && srt_die "Slurm/munge packages are missing and SRT_SLURM_NO_INSTALL=1"
  command -v apt-get >/dev/null || srt_die "apt-get not found: this script needs Debian 12 (bookworm)"
  srt_log "installing Debian packages: slurmctld slurmd slurm-client munge libslurm-dev gcc libc6-dev iproute2 util-linux ..."
  TI=$SECONDS
  # Keep package scripts from starting the distribution's own services: this
  # script starts its own daemons with its own config.
  POLICY_ADDED=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    POLICY_ADDED=1
  fi
  apt_rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=120 update &&
      DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=120 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        install --no-install-recommends slurmctld slurmd slurm-client munge libslurm-dev gcc libc6-dev iproute2 util-linux
  } >"/tmp/srt-slurm-apt.$$.log" 2>&1 || apt_rc=$?
  ((POLICY_ADDED)) && rm -f /usr/sbin/policy-rc.d
  if ((apt_rc != 0)); then
    tail -n 30 "/tmp/srt-slurm-apt.$$.log" >&2 || true
    srt_die "apt-get failed (rc=$apt_rc); full log: /tmp/srt-slurm-apt.$$.log"
  fi
  rm -f "/tmp/srt-slurm-apt.$$.log"
  need_install && srt_die "packages installed but some commands are still missing"
  srt_log "packages installed in $((SECONDS - TI))s"
fi

# ---------------------------------------------------------------- network mode
netns_usable() {
  local probe="srtp$$" ok=1 # interface names must stay within 15 characters
  ip netns add "$probe" 2>/dev/null || return 1
  if ip link add "${probe}a" type veth peer name "${probe}b" netns "$probe" 2>/dev/null; then
    if ip link add "${probe}br" type bridge 2>/dev/null; then
      ok=0
      ip link del "${probe}br" 2>/dev/null || true
    fi
    ip link del "${probe}a" 2>/dev/null || true
  fi
  ip netns del "$probe" 2>/dev/null || true
  return $ok
}

NET="$NET_WANTED"
if [[ "$NET" == auto ]]; then
  # Keep the mode of a running cluster; otherwise prefer namespaces.
  PREV_NET=""
  [[ -f "$SRT_STATE_ENV" ]] && PREV_NET=$(sed -n 's/^SRT_SLURM_NET=//p' "$SRT_STATE_ENV" | tr -d "'\"")
  if [[ "$PREV_NET" == netns ]] && ip link show "$SRT_BRIDGE" >/dev/null 2>&1; then
    NET=netns
  elif netns_usable; then
    NET=netns
  else
    srt_log "network namespaces are not usable here; falling back to loopback mode"
    NET=loopback
  fi
elif [[ "$NET" == netns ]]; then
  ip link show "$SRT_BRIDGE" >/dev/null 2>&1 || netns_usable || srt_die "SRT_SLURM_NET=netns but network namespaces/veth/bridge cannot be created here (try SRT_SLURM_NET=loopback)"
fi

# ---------------------------------------------------------------- layout
NODE_NAMES=()
NODE_ADDRS=()
for ((i = 1; i <= NODES; i++)); do
  NODE_NAMES+=("$(printf '%s%02d' "$NODE_PREFIX" "$i")")
  if [[ "$NET" == netns ]]; then
    NODE_ADDRS+=("$NET_PREFIX.$((10 + i))")
  else
    NODE_ADDRS+=("127.0.0.$((10 + i))")
  fi
done
if ((NODES == 1)); then NODELIST="${NODE_NAMES[0]}"; else NODELIST="${NODE_PREFIX}[01-$(printf '%02d' "$NODES")]"; fi
if [[ "$NET" == netns ]]; then HEAD_ADDR="$NET_PREFIX.1"; else HEAD_ADDR="127.0.0.1"; fi
CTLD_HOST="$(hostname -s 2>/dev/null || hostname)"
[[ -n "$CTLD_HOST" ]] || srt_die "cannot read this machine's hostname"
if ((GPUS == 1)); then GPU_FILES="$SRT_SLURM_DIR/dev/nvidia0"; else GPU_FILES="$SRT_SLURM_DIR/dev/nvidia[0-$((GPUS - 1))]"; fi

# ---------------------------------------------------------------- config text
gen_slurm_conf() {
  cat <<EOF
# Written by start-cluster.sh; do not edit (regenerated on every start).
ClusterName=srtlocal
SlurmctldHost=$CTLD_HOST($HEAD_ADDR)
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SRT_MUNGE_SOCKET
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$SRT_SLURM_DIR/state
SlurmdSpoolDir=$SRT_SLURM_DIR/spool/slurmd-%n
SlurmctldPidFile=$SRT_RUN_DIR/slurmctld.pid
SlurmdPidFile=$SRT_RUN_DIR/slurmd-%n.pid
SlurmctldLogFile=$SRT_LOG_DIR/slurmctld.log
SlurmdLogFile=$SRT_LOG_DIR/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
GresTypes=gpu
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SlurmdParameters=config_overrides
PropagateResourceLimits=NONE
JobRequeue=0
EnforcePartLimits=ALL
KillWait=5
MinJobAge=600
InactiveLimit=0
PlugStackConfig=$SRT_SLURM_DIR/etc/plugstack.conf
EOF
  if [[ -n "$SCHED_DELAY" ]]; then
    echo "SchedulerParameters=batch_sched_delay=$SCHED_DELAY"
  fi
  if [[ "$MKDIR_OUTPUT" == 1 || "$START_DELAY" != 0 ]]; then
    echo "PrologSlurmctld=$SRT_SLURM_DIR/etc/prolog-slurmctld.sh"
  fi
  local i
  for ((i = 0; i < NODES; i++)); do
    if [[ "$NET" == netns ]]; then
      echo "NodeName=${NODE_NAMES[i]} NodeAddr=${NODE_ADDRS[i]} NodeHostname=${NODE_NAMES[i]} Port=6818 CPUs=$CPUS RealMemory=$MEM_MB Gres=gpu:$GPUS State=UNKNOWN"
    else
      echo "NodeName=${NODE_NAMES[i]} NodeAddr=${NODE_ADDRS[i]} NodeHostname=$CTLD_HOST Port=$((6900 + i + 1)) CPUs=$CPUS RealMemory=$MEM_MB Gres=gpu:$GPUS State=UNKNOWN"
    fi
  done
  local first=1 p
  for p in "${PART_ARR[@]}"; do
    if ((first)); then
      echo "PartitionName=$p Nodes=ALL Default=YES MaxTime=INFINITE State=UP"
      first=0
    else
      echo "PartitionName=$p Nodes=ALL Default=NO MaxTime=INFINITE State=UP"
    fi
  done
}

gen_gres_conf() {
  cat <<EOF
# Fake GPUs: the File= entries are symlinks to /dev/null (Slurm only needs a
# character device per GPU to hand out CUDA_VISIBLE_DEVICES / SLURM_JOB_GPUS).
AutoDetect=off
NodeName=$NODELIST Name=gpu File=$GPU_FILES
EOF
}

# PrologSlurmctld runs on the controller before a batch script starts.
# - Newer Slurm creates missing parent folders of a job's --output/--error
#   files; 22.05 fails the job instead. With SRT_SLURM_MKDIR_OUTPUT=1 the
#   prolog creates them.
# - SRT_SLURM_JOB_START_DELAY=N holds every job N seconds before it starts.
gen_prolog() {
  echo '#!/bin/sh'
  echo '# Written by start-cluster.sh. Must never fail: a failing PrologSlurmctld holds the job.'
  echo "SLURM_CONF='$SRT_CONF'; export SLURM_CONF"
  echo "PATH='/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'; export PATH"
  [[ "$START_DELAY" != 0 ]] && echo "sleep $START_DELAY"
  [[ "$MKDIR_OUTPUT" == 1 ]] || {
    echo "exit 0"
    return 0
  }
  cat <<'EOF'
info=$(scontrol show job "$SLURM_JOB_ID" 2>/dev/null) || exit 0
for key in StdOut StdErr; do
  path=$(printf '%s\n' "$info" | sed -n "s/^ *$key=//p" | head -n 1)
  case "$path" in
    /*) mkdir -p "$(dirname "$path")" 2>/dev/null || true ;;
  esac
done
exit 0
EOF
}

NEW_CONF="$(gen_slurm_conf)"
NEW_GRES="$(gen_gres_conf)"
NEW_PROLOG="$(gen_prolog)"
CUR_CONF=""
CUR_GRES=""
[[ -f "$SRT_CONF" ]] && CUR_CONF="$(cat "$SRT_CONF")"
[[ -f "$SRT_SLURM_DIR/etc/gres.conf" ]] && CUR_GRES="$(cat "$SRT_SLURM_DIR/etc/gres.conf")"

anything_running() {
  local f
  srt_pid_of "$SRT_RUN_DIR/munged.pid" munged >/dev/null && return 0
  srt_ctld_alive && return 0
  for f in "$SRT_RUN_DIR"/slurmd-*.pid; do
    [[ -e "$f" ]] && srt_pid_of "$f" slurmd >/dev/null && return 0
  done
  return 1
}

if [[ "$NEW_CONF" != "$CUR_CONF" || "$NEW_GRES" != "$CUR_GRES" ]]; then
  if [[ -f "$SRT_STATE_ENV" ]] && { anything_running || ip link show "$SRT_BRIDGE" >/dev/null 2>&1; }; then
    srt_log "cluster layout changed: stopping the running cluster first"
    srt_stop_all
  fi
fi

# ---------------------------------------------------------------- files
mkdir -p "$SRT_SLURM_DIR"
chmod 755 "$SRT_SLURM_DIR"
touch "$SRT_MARKER"
mkdir -p "$SRT_SLURM_DIR"/{etc,state,spool,dev} "$SRT_RUN_DIR" "$SRT_LOG_DIR"
chmod 755 "$SRT_RUN_DIR" "$SRT_LOG_DIR"
install -d -m 700 "$SRT_SLURM_DIR/munge"
printf '%s\n' "$NEW_CONF" >"$SRT_CONF.tmp" && mv -f "$SRT_CONF.tmp" "$SRT_CONF"
printf '%s\n' "$NEW_GRES" >"$SRT_SLURM_DIR/etc/gres.conf"
printf '%s\n' "$NEW_PROLOG" >"$SRT_SLURM_DIR/etc/prolog-slurmctld.sh"
chmod 755 "$SRT_SLURM_DIR/etc/prolog-slurmctld.sh"
for ((g = 0; g < GPUS; g++)); do
  ln -sfn /dev/null "$SRT_SLURM_DIR/dev/nvidia$g"
done
for n in "${NODE_NAMES[@]}"; do mkdir -p "$SRT_SLURM_DIR/spool/slurmd-$n"; done

q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
  echo "SRT_SLURM_DIR=$(q "$SRT_SLURM_DIR")"
  echo "SLURM_CONF=$(q "$SRT_CONF")"
  echo "SRT_SLURM_NET=$(q "$NET")"
  echo "SRT_SLURM_NODES=$(q "${NODE_NAMES[*]}")"
  echo "SRT_SLURM_NODE_ADDRS=$(q "${NODE_ADDRS[*]}")"
  echo "SRT_SLURM_NODELIST=$(q "$NODELIST")"
  echo "SRT_SLURM_NUM_NODES=$(q "$NODES")"
  echo "SRT_SLURM_GPUS_PER_NODE=$(q "$GPUS")"
  echo "SRT_SLURM_HEAD_ADDR=$(q "$HEAD_ADDR")"
  echo "SRT_SLURM_PARTITIONS=$(q "${PART_ARR[*]}")"
  echo "SRT_SLURM_DEFAULT_PARTITION=$(q "${PART_ARR[0]}")"
  echo "SRT_SLURM_CONTAINER_IMAGES=$(q "$SRT_SLURM_DIR/images")"
} >"$SRT_STATE_ENV"

# The same facts as JSON, for test runners that are not shells.
json_list() {
  local out="" x
  for x in "$@"; do out+="${out:+, }\"$x\""; done
  printf '[%s]' "$out"
}
{
  echo "{"
  echo "  \"dir\": \"$SRT_SLURM_DIR\","
  echo "  \"slurmConf\": \"$SRT_CONF\","
  echo "  \"net\": \"$NET\","
  echo "  \"nodes\": $(json_list "${NODE_NAMES[@]}"),"
  echo "  \"nodeAddrs\": $(json_list "${NODE_ADDRS[@]}"),"
  echo "  \"nodelist\": \"$NODELIST\","
  echo "  \"gpusPerNode\": $GPUS,"
  echo "  \"headAddr\": \"$HEAD_ADDR\","
  echo "  \"partitions\": $(json_list "${PART_ARR[@]}"),"
  echo "  \"defaultPartition\": \"${PART_ARR[0]}\","
  echo "  \"containerImages\": \"$SRT_SLURM_DIR/images\""
  echo "}"
} >"$SRT_SLURM_DIR/cluster.json"

# Make the plain commands (sbatch, srun, sinfo...) find the config without
# SLURM_CONF, unless this machine already has a slurm.conf of its own.
mkdir -p /etc/slurm
if [[ -L /etc/slurm/slurm.conf || ! -e /etc/slurm/slurm.conf ]]; then
  ln -sfn "$SRT_CONF" /etc/slurm/slurm.conf
else
  srt_log "note: /etc/slurm/slurm.conf exists and is not ours; export SLURM_CONF=$SRT_CONF to use this cluster"
fi

# /etc/hosts: node names -> node addresses (what a tool resolving a node name gets).
srt_hosts_remove_block
if [[ -s /etc/hosts && -n "$(tail -c 1 /etc/hosts)" ]]; then echo >>/etc/hosts; fi
{
  echo "$SRT_HOSTS_BEGIN"
  [[ "$NET" == netns ]] && echo "$HEAD_ADDR srt-slurm-head"
  for ((i = 0; i < NODES; i++)); do echo "${NODE_ADDRS[i]} ${NODE_NAMES[i]}"; done
  echo "$SRT_HOSTS_END"
} >>/etc/hosts

# ---------------------------------------------------------------- container runtime
# The pyxis-compatible SPANK plugin (container/spank_srt_container.c), built with
# the system cc against Debian's spank.h whenever its source changes; Slurm loads
# it for every step through plugstack.conf (srun reads it for the options,
# slurmstepd for the containers), so a rebuild needs no daemon restart.
build_container_runtime() {
  local src="$HERE/container/spank_srt_container.c" lib="$SRT_SLURM_DIR/lib/spank_srt_container.so" sum
  [[ -f "$src" ]] || srt_die "container runtime source $src is missing"
  mkdir -p "$SRT_SLURM_DIR/lib" "$SRT_SLURM_DIR/images" "$SRT_SLURM_DIR/ctr-stage"
  sum=$(sha256sum "$src" | cut -d' ' -f1)
  if [[ ! -f "$lib" || "$(cat "$lib.sha256" 2>/dev/null)" != "$sum" ]]; then
    cc -O2 -Wall -Wno-format-truncation -fPIC -shared -o "$lib.tmp" "$src" 2>"$SRT_LOG_DIR/spank-build.log" ||
      srt_die "compiling the container runtime failed; see $SRT_LOG_DIR/spank-build.log"
    mv -f "$lib.tmp" "$lib"
    echo "$sum" >"$lib.sha256"
    srt_log "container runtime built: $lib"
  fi
  printf '# Written by start-cluster.sh: the pyxis-compatible container runtime of the test cluster.\nrequired %s images=%s stage=%s\n' \
    "$lib" "$SRT_SLURM_DIR/images" "$SRT_SLURM_DIR/ctr-stage" >"$SRT_SLURM_DIR/etc/plugstack.conf"
}

# make_image NAME: $SRT_SLURM_DIR/images/NAME, a rootfs that shows this machine's
# /usr and /etc (listed in .srt-host-dirs, mounted copy-on-write by the runtime),
# the merged-/usr links of Debian, and empty /var, /root, /home, /opt.
# Nothing else of the host (no /work, /tmp or /var/lib contents) is in it.
make_image() {
  local dir="$SRT_SLURM_DIR/images/$1" l
  mkdir -p "$dir"/{usr,etc,var/tmp,var/lib/nginx,var/log/nginx,var/cache,root,home,opt,mnt}
  chmod 1777 "$dir/var/tmp"
  for l in bin sbin lib lib32 lib64 libx32; do
    if [[ -L "/$l" ]]; then
      ln -sfn "$(readlink "/$l")" "$dir/$l"
    elif [[ -d "/$l" ]]; then
      mkdir -p "$dir/$l"
      grep -qxF "/$l" "$dir/.srt-host-dirs" 2>/dev/null || echo "/$l" >>"$dir/.srt-host-dirs"
    fi
  done
  for l in /usr /etc; do grep -qxF "$l" "$dir/.srt-host-dirs" 2>/dev/null || echo "$l" >>"$dir/.srt-host-dirs"; done
}

build_container_runtime
for img in "${IMAGE_ARR[@]}"; do make_image "$img"; done

# ---------------------------------------------------------------- network
if [[ "$NET" == netns ]]; then
  # Safety net: should the bridge ever be missing, traffic to the node subnet
  # fails at once instead of following the default route off this machine.
  ip route replace unreachable "$NET_PREFIX.0/24" metric 4242
  if ! ip link show "$SRT_BRIDGE" >/dev/null 2>&1; then
    ip link add "$SRT_BRIDGE" type bridge
  fi
  ip addr replace "$HEAD_ADDR/24" dev "$SRT_BRIDGE"
  ip link set "$SRT_BRIDGE" up
  for ((i = 0; i < NODES; i++)); do
    n="${NODE_NAMES[i]}"
    ns="srt-$n"
    veth="srtv$((i + 1))"
    if ! ip netns list | awk '{print $1}' | grep -qxF "$ns"; then
      ip netns add "$ns"
    fi
    ip -n "$ns" link set lo up
    if ! ip link show "$veth" >/dev/null 2>&1; then
      ip -n "$ns" link del eth0 2>/dev/null || true
      ip link add "$veth" type veth peer name eth0 netns "$ns"
    fi
    ip link set "$veth" master "$SRT_BRIDGE"
    ip link set "$veth" up
    ip -n "$ns" addr replace "${NODE_ADDRS[i]}/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
fi

# ---------------------------------------------------------------- daemons
wait_for() { # wait_for SECONDS COMMAND...: retry COMMAND until it succeeds
  local t=$1 deadline
  shift
  deadline=$((SECONDS + t))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# munge
if [[ ! -s "$SRT_SLURM_DIR/munge/munge.key" ]]; then
  mungekey --create --bits=1024 --keyfile="$SRT_SLURM_DIR/munge/munge.key" 2>/dev/null ||
    dd if=/dev/urandom of="$SRT_SLURM_DIR/munge/munge.key" bs=128 count=1 status=none
  chmod 600 "$SRT_SLURM_DIR/munge/munge.key"
fi
if ! srt_pid_of "$SRT_RUN_DIR/munged.pid" munged >/dev/null; then
  rm -f "$SRT_MUNGE_SOCKET" "$SRT_MUNGE_SOCKET.lock" "$SRT_RUN_DIR/munged.pid"
  srt_spawn munged --socket="$SRT_MUNGE_SOCKET" --key-file="$SRT_SLURM_DIR/munge/munge.key" \
    --pid-file="$SRT_RUN_DIR/munged.pid" --log-file="$SRT_LOG_DIR/munged.log" \
    --seed-file="$SRT_SLURM_DIR/munge/munged.seed" 9>&- ||
    srt_die "munged failed to start; see $SRT_LOG_DIR/munged.log"
  wait_for 10 test -S "$SRT_MUNGE_SOCKET" || srt_die "munged socket did not appear; see $SRT_LOG_DIR/munged.log"
  srt_log "munged started (pid $(cat "$SRT_RUN_DIR/munged.pid"))"
fi

# slurmctld
CTLD_STARTED=0
OLD_JOBS=""
if ! srt_ctld_alive; then
  if ss -Hltn 'sport = :6817' 2>/dev/null | grep -q .; then
    srt_die "port 6817 is already in use by another program: $(ss -Hltnp 'sport = :6817' | head -n 1)"
  fi
  rm -f "$SRT_RUN_DIR/slurmctld.pid"
  srt_spawn slurmctld -f "$SRT_CONF" || srt_die "slurmctld failed to start; see $SRT_LOG_DIR/slurmctld.log"
  wait_for 20 scontrol ping || {
    tail -n 20 "$SRT_LOG_DIR/slurmctld.log" >&2 || true
    srt_die "slurmctld did not answer within 20s; see $SRT_LOG_DIR/slurmctld.log"
  }
  srt_log "slurmctld started (pid $(cat "$SRT_RUN_DIR/slurmctld.pid"))"
  CTLD_STARTED=1
  # Jobs recovered from the saved state are left over from an earlier run
  # (the controller was down): they are cancelled once the nodes are back.
  OLD_JOBS=$(squeue -h -o '%A' 2>/dev/null | tr '\n' ' ' || true)
fi

# The whole cluster was down but processes remain in the node namespaces:
# they are left over from an earlier run (e.g. a session that ended with jobs
# running) and would hold ports. End them before the nodes come back.
if [[ "$NET" == netns ]] && ((CTLD_STARTED)); then
  LEFT=""
  for n in "${NODE_NAMES[@]}"; do
    srt_pid_of "$SRT_RUN_DIR/slurmd-$n.pid" slurmd >/dev/null && continue
    LEFT+="$(ip netns pids "srt-$n" 2>/dev/null | tr '\n' ' ' || true)"
  done
  if [[ -n "${LEFT// /}" ]]; then
    srt_log "ending processes left over in the node namespaces: $LEFT"
    # shellcheck disable=SC2086
    kill -TERM $LEFT 2>/dev/null || true
    # shellcheck disable=SC2086
    srt_wait_pids 2 $LEFT
  fi
fi

# slurmd, one per node
declare -A STARTED_AT=()
for ((i = 0; i < NODES; i++)); do
  n="${NODE_NAMES[i]}"
  pidf="$SRT_RUN_DIR/slurmd-$n.pid"
  srt_pid_of "$pidf" slurmd >/dev/null && continue
  rm -f "$pidf"
  STARTED_AT[$n]=$(date +%s)
  if [[ "$NET" == netns ]]; then
    # Own network namespace (own address, own ports) and own UTS namespace
    # (`hostname` prints the node name inside jobs).
    # shellcheck disable=SC2016  # $1/$@ belong to the inner sh
    srt_spawn nsenter --net="/run/netns/srt-$n" -- unshare --uts -- /bin/sh -c 'hostname "$1" && shift && exec "$@"' sh "$n" \
      slurmd -f "$SRT_CONF" -N "$n" ||
      srt_die "slurmd for $n failed to start; see $SRT_LOG_DIR/slurmd-$n.log"
  else
    srt_spawn slurmd -f "$SRT_CONF" -N "$n" || srt_die "slurmd for $n failed to start; see $SRT_LOG_DIR/slurmd-$n.log"
  fi
done

# Wait until every node is up: state idle (or busy), and each slurmd started
# now has registered with the controller (its SlurmdStartTime is recent; a
# state recovered from disk alone can read "idle" before that). Nodes left
# DOWN/DRAIN by an earlier run are resumed.
slurmd_registered() {
  local n=$1 t
  [[ -n "${STARTED_AT[$n]:-}" ]] || return 0
  t=$(scontrol show node "$n" 2>/dev/null | sed -n 's/.*SlurmdStartTime=\([^ ]*\).*/\1/p')
  [[ -n "$t" && "$t" != None ]] || return 1
  t=$(date -d "$t" +%s 2>/dev/null) || return 1
  ((t >= STARTED_AT[$n] - 1))
}
# nodes_ready [idle]: all nodes registered and up (busy is fine), or with
# "idle": all nodes idle.
nodes_ready() {
  local out n st bad=0 want=${1:-up}
  out=$(sinfo -h -N -o '%N %t' 2>/dev/null) || return 1
  for n in "${NODE_NAMES[@]}"; do
    st=$(awk -v n="$n" '$1 == n {print $2; exit}' <<<"$out")
    case "$st" in
      idle) slurmd_registered "$n" || bad=1 ;;
      mix | alloc | comp)
        slurmd_registered "$n" || bad=1
        [[ "$want" == idle ]] && bad=1
        ;;
      drain | drng | down | fail | failg | inval)
        if srt_pid_of "$SRT_RUN_DIR/slurmd-$n.pid" slurmd >/dev/null; then
          scontrol update nodename="$n" state=resume >/dev/null 2>&1 || true
        fi
        bad=1
        ;;
      *) bad=1 ;;
    esac
  done
  return $bad
}
if ! wait_for "$START_TIMEOUT" nodes_ready; then
  sinfo -N -o '%N %t %E' >&2 || true
  srt_die "not all nodes came up within ${START_TIMEOUT}s; logs: $SRT_LOG_DIR/slurmd-<node>.log and slurmctld.log"
fi
if [[ -n "${OLD_JOBS// /}" ]]; then
  srt_log "cancelling jobs left over from an earlier run: $OLD_JOBS"
  # shellcheck disable=SC2086
  scancel $OLD_JOBS 2>/dev/null || true
  if ! wait_for 30 nodes_ready idle; then
    sinfo -N -o '%N %t %E' >&2 || true
    srt_die "nodes still busy 30s after cancelling leftover jobs $OLD_JOBS"
  fi
fi

srt_log "cluster up in $((SECONDS - T0))s: $NODES nodes ($NODELIST), $GPUS GPUs each, network mode $NET"
sinfo -o '%P %a %D %t %N %G' >&2 || true

# ---------------------------------------------------------------- env for tests
while IFS= read -r line; do
  echo "export $line"
done <"$SRT_STATE_ENV"
