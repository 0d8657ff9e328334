#!/usr/bin/env bash
# konseki's two-shard ClickHouse test cluster on one machine: a ZooKeeper (for ON CLUSTER DDL) and two
# clickhouse-server processes, each with its own data directory and ports, declared as the two shards of the
# cluster `konseki` (server.xml.in). For tests and for trying scale-out; not a production deployment.
#
#   deploy/clickhouse/cluster.sh start DIR [BASE_PORT]   # prints the shards' HTTP URLs when they answer
#   deploy/clickhouse/cluster.sh stop DIR
#
# Ports from BASE_PORT (default 19000): ZooKeeper +181, shard 1 HTTP +123 / TCP +1 / interserver +9,
# shard 2 HTTP +223 / TCP +2 / interserver +19. Needs clickhouse-server and zookeeper (Debian packages).
set -eu
cmd=${1:-}
dir=${2:-}
base=${3:-19000}
if [ -z "$cmd" ] || [ -z "$dir" ]; then echo "usage: $0 start|stop DIR [BASE_PORT]" >&2; exit 2; fi
here=$(cd "$(dirname "$0")" && pwd)
zk_port=$((base + 181))
password=konseki-test-password

stop() {
  for f in "$dir"/shard1/pid "$dir"/shard2/pid "$dir"/zk/pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    # each server runs in its own process group (started by setsid): stop the whole group
    kill -- "-$pid" 2>/dev/null || true
    i=0
    while kill -0 -- "-$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
    kill -9 -- "-$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

wait_http() {
  i=0
  until curl -fsS "http://127.0.0.1:$1/ping" >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -lt 150 ] || { echo "clickhouse on port $1 did not start; see $2/log" >&2; return 1; }
    sleep 0.2
  done
}

case "$cmd" in
stop) stop ;;
start)
  command -v clickhouse-server >/dev/null || { echo "clickhouse-server is not installed" >&2; exit 3; }
  [ -x /usr/share/zookeeper/bin/zkServer.sh ] || { echo "zookeeper is not installed" >&2; exit 3; }
  mkdir -p "$dir/zk/data" "$dir/zk/conf"
  dir=$(cd "$dir" && pwd)
  stop
  cat >"$dir/zk/conf/zoo.cfg" <<ZK
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$dir/zk/data
clientPort=$zk_port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok
ZK
  cp /etc/zookeeper/conf/log4j.properties "$dir/zk/conf/" 2>/dev/null || true
  # shellcheck disable=SC2016 # $$ and $1 belong to the inner shell
  ZOOCFGDIR="$dir/zk/conf" ZOO_LOG_DIR="$dir/zk" ZOO_LOG4J_PROP="WARN,ROLLINGFILE" setsid bash -c \
    'echo $$ >"$1/zk/pid"; exec /usr/share/zookeeper/bin/zkServer.sh start-foreground "$1/zk/conf/zoo.cfg"' \
    _ "$dir" >"$dir/zk/out.log" 2>&1 </dev/null &
  # ClickHouse 18.16 may crash when ON CLUSTER DDL runs before ZooKeeper answers: wait for it first
  i=0
  until [ "$(timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$zk_port && printf ruok >&3 && cat <&3" 2>/dev/null)" = imok ]; do
    i=$((i + 1))
    [ $i -lt 150 ] || { echo "zookeeper on port $zk_port did not start; see $dir/zk/out.log" >&2; exit 1; }
    sleep 0.2
  done
  sha=$(printf %s "$password" | sha256sum | cut -d' ' -f1)
  for s in 1 2; do
    d="$dir/shard$s"
    mkdir -p "$d/log" "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas" "$d/conf"
    off=$(( (s - 1) * 100 ))
    sed -e "s#@DIR@#$d#g" -e "s#@CONF@#$d/conf#g" -e "s#@HTTP_PORT@#$((base + 123 + off))#g" \
      -e "s#@TCP_PORT@#$((base + s))#g" -e "s#@INTERSERVER_PORT@#$((base + 9 + (s - 1) * 10))#g" \
      -e "s#@SHARD1_TCP@#$((base + 1))#g" -e "s#@SHARD2_TCP@#$((base + 2))#g" \
      -e "s#@ZK_PORT@#$zk_port#g" -e "s#@SHARD@#$s#g" "$here/server.xml.in" >"$d/conf/config.xml"
    sed -e "s#@PASSWORD_SHA256@#$sha#g" "$here/users.xml" >"$d/conf/users.xml"
    # shellcheck disable=SC2016 # $$ and $1 belong to the inner shell
    (cd "$d" && setsid bash -c 'echo $$ >"$1/pid"; exec clickhouse-server --config-file="$1/conf/config.xml"' \
      _ "$d" >"$d/log/stdout.log" 2>&1 </dev/null &)
  done
  wait_http $((base + 123)) "$dir/shard1"
  wait_http $((base + 223)) "$dir/shard2"
  echo "http://127.0.0.1:$((base + 123)) http://127.0.0.1:$((base + 223))"
  ;;
*) echo "usage: $0 start|stop DIR [BASE_PORT]" >&2; exit 2 ;;
esac
