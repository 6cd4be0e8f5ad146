#!/usr/bin/env bash
# Runs every benchmark of sdk-benchmarks (JMH and timed harnesses, each against a baseline measured
# in the same run) and writes JSON and a Markdown table to sdk-benchmarks/results/. Takes a few
# minutes on 2 cores. Not part of the test command.
#
#   bash scripts/benchmarks.sh            full run, results in sdk-benchmarks/results/
#   bash scripts/benchmarks.sh --smoke    one short iteration of everything, in sdk-benchmarks/target/smoke-results/
#
# Further arguments go to dev.helpline.benchmarks.RunAll (e.g. --include 'Redaction' for JMH only).
set -euo pipefail
cd "$(dirname "$0")/.."

out=sdk-benchmarks/results
for arg in "$@"; do
  if [ "$arg" = "--smoke" ]; then out=sdk-benchmarks/target/smoke-results; fi
done

# Builds the uber-jar and writes each module's runtime class path to its target/runtime.classpath
# (sdk-core's is what a host app ships: the size figure).
mvn -B -q -ntp -pl sdk-benchmarks -am package dependency:build-classpath -DskipTests \
  -DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath
cp_file=sdk-core/target/runtime.classpath
core_jar=$(ls sdk-core/target/sdk-core-*.jar | grep -v -e '-sources' -e '-javadoc' -e '-tests' | head -n 1)

exec java -jar sdk-benchmarks/target/benchmarks.jar --out "$out" --core-jar "$core_jar" \
  --runtime-classpath "$cp_file" "$@"
