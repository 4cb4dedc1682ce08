#!/usr/bin/env bash
# Starts a single-node Apache Kafka (KRaft) on 127.0.0.1:9092 from Maven Central jars, without Docker.
# Idempotent: jars are fetched once into .cache/lib; a broker that already answers is reused, not doubled.
# Started again after a crash (kill -9) on the same state, it recovers its logs and keeps its topics.
# A second broker beside it (a test that kills its own): KAFKA_STATE_DIR (data, pid, logs) and
# KAFKA_PORT / KAFKA_CONTROLLER_PORT; the jars are shared.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${KAFKA_CACHE_DIR:-$here/.cache}"
state="${KAFKA_STATE_DIR:-$cache}"
data="$state/data"
pidfile="$state/kafka.pid"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
address="127.0.0.1:$port"
mkdir -p "$cache" "$state"

alive() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

if node "$here/wait-for-broker.mjs" "$address" 1 2>/dev/null; then
  if alive; then echo "kafka: already running (pid $(cat "$pidfile")) on $address"; else echo "kafka: a broker already answers on $address; reusing it"; fi
  exit 0
fi
if alive; then
  echo "kafka: pid $(cat "$pidfile") is alive but not answering yet; waiting"
  node "$here/wait-for-broker.mjs" "$address" "${KAFKA_START_TIMEOUT:-90}" && exit 0
  echo "kafka: pid $(cat "$pidfile") never answered; see $state/logs/server.log" >&2
  exit 1
fi

if [[ ! -f "$cache/lib/.complete" ]]; then
  echo "kafka: fetching jars from Maven Central (once)"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies
  touch "$cache/lib/.complete"
fi

config="$state/server.properties"
{ sed -e "s/:9092/:$port/g" -e "s/:9093/:$controller_port/g" "$here/server.properties"; echo "log.dirs=$data"; } > "$config"
if [[ ! -f "$data/meta.properties" ]]; then
  # A fixed cluster id keeps a reformat-free restart possible; the data dir is the broker's identity.
  java -cp "$cache/lib/*" -Dlog4j.configuration="file:$here/log4j.properties" -Dkafka.logs.dir="$state/logs" \
    kafka.tools.StorageTool format -t "${KAFKA_CLUSTER_ID:-ZXZlbnRzaG9wLWthZmthMQ}" -c "$config" --ignore-formatted >/dev/null
fi

mkdir -p "$state/logs"
# A small heap: the broker shares 2 cores and the machine with PostgreSQL and five Node services.
nohup java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
  -Djava.awt.headless=true -Dlog4j.configuration="file:$here/log4j.properties" -Dkafka.logs.dir="$state/logs" \
  -cp "$cache/lib/*" kafka.Kafka "$config" > "$state/logs/stdout.log" 2>&1 &
echo $! > "$pidfile"
echo "kafka: starting (pid $!)"
if ! node "$here/wait-for-broker.mjs" "$address" "${KAFKA_START_TIMEOUT:-90}"; then
  echo "kafka: did not answer; last log lines:" >&2
  tail -n 30 "$state/logs/server.log" "$state/logs/stdout.log" >&2 || true
  "$here/stop.sh" || true
  exit 1
fi
echo "kafka: ready on $address (pid $(cat "$pidfile"))"
