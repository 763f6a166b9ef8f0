#!/usr/bin/env bash
# `bench --scenario sinks` with its kafka row, against the one-node KRaft broker of the sink-kafka
# module's tests started as a process of its own (the collector's jar carries no broker): the broker
# starts, creates the topic docusign-bench, the bench runs from the launcher with
# --kafka-bootstrap pointing at it, and the broker is stopped (its files deleted) on exit.
# Usage: bench/scripts/sinks-kafka.sh [bench options, e.g. --events 1000000 --json]
# Maven options (e.g. -Dmaven.repo.local=DIR, -o) go in MVN_ARGS. The fat jar is the one in
# cli/target (bin/docusign-collector builds it when missing; rebuild it after changing the code).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
broker=
cleanup() {
  if [ -n "$broker" ]; then
    kill -TERM "$broker" 2>/dev/null || true
    wait "$broker" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck disable=SC2086 # MVN_ARGS is a list of options
(cd "$root" && mvn -B -q ${MVN_ARGS:-} -Dspotless.check.skip=true -pl sink-kafka -am test-compile \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" 2>&1 |
  sed $'s/\x1b\\[[0-9;]*[A-Za-z]//g' >&2)
cp="$root/sink-kafka/target/test-classes:$root/sink-kafka/target/classes:$(cat "$work/cp.txt")"
java -cp "$cp" io.github.docusigncollector.sink.kafka.BenchBroker docusign-bench \
  >"$work/broker.out" 2>"$work/broker.err" &
broker=$!
for _ in $(seq 600); do
  grep -q '^bootstrap ' "$work/broker.out" 2>/dev/null && break
  kill -0 "$broker" 2>/dev/null || { cat "$work/broker.err" >&2; exit 1; }
  sleep 0.1
done
bootstrap=$(sed -n 's/^bootstrap //p' "$work/broker.out")
[ -n "$bootstrap" ] || { echo "sinks-kafka: the broker did not start" >&2; cat "$work/broker.err" >&2; exit 1; }
echo "sinks-kafka: broker at $bootstrap (pid $broker)" >&2
"$root/bin/docusign-collector" bench --scenario sinks --kafka-bootstrap "$bootstrap" "$@"
