#!/usr/bin/env bash
# Stops the broker started by start.sh, by the pid it wrote; waits for a clean shutdown, then forces it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pidfile="${KAFKA_STATE_DIR:-${KAFKA_CACHE_DIR:-$here/.cache}}/kafka.pid"
[[ -f "$pidfile" ]] || { echo "kafka: not started by start.sh (no pid file)"; exit 0; }
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "kafka: pid $pid ignored SIGTERM; killing"; kill -9 "$pid"; fi
  echo "kafka: stopped (pid $pid)"
else
  echo "kafka: pid $pid was not running"
fi
rm -f "$pidfile"
