#!/usr/bin/env bash
# A primary/backup pair of standalone Artemis brokers (replication HA) with the project's broker.xml.
#
#   pair.sh create ARTEMIS_HOME DIR PRIMARY_PORT BACKUP_PORT [HOST]
#       Two instances, DIR/primary and DIR/backup, made by ARTEMIS_HOME/bin/artemis create; each gets
#       etc/broker.xml = this directory's broker.xml plus ha-primary.xml or ha-backup.xml (connectors,
#       cluster connection, ha-policy). HOST (default 127.0.0.1) is the address both bind to and
#       announce. The cluster password is ARTEMIS_CLUSTER_PASSWORD, or random; the admin password
#       (role amq) is ARTEMIS_ADMIN_PASSWORD, or random (written to DIR/admin-password, mode 600).
#       Extra -D properties for both brokers (see README.md's table) go in PAYMENTS_BROKER_OPTS.
#   pair.sh start DIR      start the primary, wait until it is active, start the backup, wait until
#                          it is in sync; pids in DIR/<role>.pid, logs in DIR/<role>.log
#   pair.sh stop DIR       stop both (SIGTERM: a clean shutdown; SIGKILL after 60 s)
#   pair.sh status DIR     the pid and role line of each
#
# The bundle then connects with
#   payments.broker.url=(tcp://HOST:PRIMARY_PORT,tcp://HOST:BACKUP_PORT)?ha=true&reconnectAttempts=-1
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
roles=(primary backup)

die() { echo "pair.sh: $*" >&2; exit 2; }

random_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

create() {
  [ $# -ge 4 ] || die "usage: pair.sh create ARTEMIS_HOME DIR PRIMARY_PORT BACKUP_PORT [HOST]"
  local home="$1" dir="$2" primary_port="$3" backup_port="$4" host="${5:-127.0.0.1}"
  [ -f "$home/bin/artemis" ] || die "$home is not an Artemis distribution (no bin/artemis)"
  for p in "$primary_port" "$backup_port"; do [[ "$p" =~ ^[0-9]+$ ]] || die "port '$p' is not a number"; done
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  local cluster_password="${ARTEMIS_CLUSTER_PASSWORD:-$(random_secret)}"
  local admin_password="${ARTEMIS_ADMIN_PASSWORD:-$(random_secret)}"
  (umask 077 && printf '%s\n' "$admin_password" > "$dir/admin-password")
  for role in "${roles[@]}"; do
    local port peer
    if [ "$role" = primary ]; then port="$primary_port"; peer="$backup_port"; else port="$backup_port"; peer="$primary_port"; fi
    # --no-web: no console; the pair is driven by the CLI and the bundle. The generated broker.xml is
    # replaced below, so the acceptor options given to create do not matter.
    # --no-autotune: skip the disk benchmark (it only tunes journal-buffer-timeout, which our broker.xml
    # leaves at the default). ARTEMIS_JAVA_MEMORY: the broker's -Xmx (default 1G).
    bash "$home/bin/artemis" create --silent --force --no-web --no-autotune --require-login \
        --java-memory "${ARTEMIS_JAVA_MEMORY:-1G}" \
        --user admin --password "$admin_password" --role amq \
        --host "$host" --default-port "$port" --name "payments-$role" "$dir/$role" > "$dir/$role-create.log"
    mv "$dir/$role/etc/broker.xml" "$dir/$role/etc/broker.xml.generated"
    # Our broker.xml with the role's HA fragment just before </core>.
    sed -e "s|@SELF@|$host:$port|" -e "s|@PEER@|$host:$peer|" -e "s|@CLUSTER_PASSWORD@|$cluster_password|" \
        "$here/ha-$role.xml" > "$dir/$role/etc/ha.fragment"
    awk -v fragment="$dir/$role/etc/ha.fragment" '
        /<\/core>/ { while ((getline line < fragment) > 0) print line }
        { print }' "$here/broker.xml" > "$dir/$role/etc/broker.xml"
    rm "$dir/$role/etc/ha.fragment"
    chmod 600 "$dir/$role/etc/broker.xml"
    # The placeholders of broker.xml (README.md): where it listens, a node name, HALT on a critical
    # failure (a stuck broker must die so that its partner takes over). JAVA_ARGS_APPEND adds to the
    # profile's memory and GC settings instead of replacing them.
    cat >> "$dir/$role/etc/artemis.profile" <<PROFILE

# payment-routes (artemis/pair.sh): values for the placeholders in etc/broker.xml
JAVA_ARGS_APPEND="\$JAVA_ARGS_APPEND -Dpayments.broker.host=$host -Dpayments.broker.port=$port -Dpayments.broker.name=payments-$role -Dpayments.broker.critical-analyzer-policy=HALT ${PAYMENTS_BROKER_OPTS:-}"
PROFILE
  done
  echo "pair.sh: created $dir/primary ($host:$primary_port) and $dir/backup ($host:$backup_port)"
  echo "payments.broker.url=(tcp://$host:$primary_port,tcp://$host:$backup_port)?ha=true&reconnectAttempts=-1"
}

# Waits until the log has the line (an Artemis message id), or fails with the log's end.
await_log() {
  local log="$1" pattern="$2" pid="$3" seconds="$4"
  for _ in $(seq 1 $((seconds * 4))); do
    grep -q "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; die "the broker ($pid) exited; see $log"; }
    sleep 0.25
  done
  tail -20 "$log" >&2
  die "no '$pattern' in $log after $seconds s"
}

start_role() {
  local dir="$1" role="$2"
  [ -d "$dir/$role" ] || die "$dir/$role does not exist: run pair.sh create first"
  if [ -f "$dir/$role.pid" ] && kill -0 "$(cat "$dir/$role.pid")" 2>/dev/null; then
    die "$role already runs (pid $(cat "$dir/$role.pid"))"
  fi
  # bin/artemis execs java: $! is the broker's own pid (what kill -9 must hit).
  nohup "$dir/$role/bin/artemis" run >> "$dir/$role.log" 2>&1 < /dev/null &
  echo $! > "$dir/$role.pid"
}

start() {
  [ $# -eq 1 ] || die "usage: pair.sh start DIR"
  local dir
  dir="$(cd "$1" && pwd)"
  : > "$dir/primary.log"
  : > "$dir/backup.log"
  start_role "$dir" primary
  # AMQ221007: Server is now active
  await_log "$dir/primary.log" AMQ221007 "$(cat "$dir/primary.pid")" 120
  start_role "$dir" backup
  # AMQ221024: Backup server ... is synchronized with primary server
  await_log "$dir/backup.log" AMQ221024 "$(cat "$dir/backup.pid")" 120
  echo "pair.sh: primary pid $(cat "$dir/primary.pid") active, backup pid $(cat "$dir/backup.pid") in sync"
}

stop() {
  [ $# -eq 1 ] || die "usage: pair.sh stop DIR"
  local dir="$1" pid
  # Backup first: stopping the primary first would make the backup take over for nothing.
  for role in backup primary; do
    [ -f "$dir/$role.pid" ] || continue
    pid="$(cat "$dir/$role.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 240); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$dir/$role.pid"
  done
  echo "pair.sh: stopped"
}

status() {
  [ $# -eq 1 ] || die "usage: pair.sh status DIR"
  local dir="$1"
  for role in "${roles[@]}"; do
    if [ -f "$dir/$role.pid" ] && kill -0 "$(cat "$dir/$role.pid")" 2>/dev/null; then
      echo "$role: pid $(cat "$dir/$role.pid"), $(grep -o 'AMQ2210\(07\|10\|24\|31\)[^,]*' "$dir/$role.log" | tail -1)"
    else
      echo "$role: not running"
    fi
  done
}

command="${1:-}"
shift || true
case "$command" in
  create) create "$@" ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  status) status "$@" ;;
  *) die "usage: pair.sh create|start|stop|status ... (see the top of this file)" ;;
esac
