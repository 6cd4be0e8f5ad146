#!/usr/bin/env bash
# Fuzzes Jazzer fuzz tests for a given time (coverage-guided, libFuzzer under the hood).
#
#   bash scripts/fuzz.sh DURATION TARGET [MODULE]
#
#   DURATION  seconds, or a number with a unit: 90s, 10m, 2h (per fuzz test)
#   TARGET    Class#method, e.g. dev.helpline.diagnostics.RedactorFuzzTest#plantedSecretNeverComesBack;
#             a bare class fuzzes each of its @FuzzTest methods in turn
#   MODULE    the Maven module that holds the test (default: sdk-core)
#
#   bash scripts/fuzz.sh 10m dev.helpline.diagnostics.RedactorFuzzTest
#
# A finding (an exception, a failed property, a hang past FUZZ_INPUT_TIMEOUT seconds, default 60)
# stops the run with exit status 1 and is written as crash-<sha1> (or timeout-<sha1>) into the
# test's inputs directory, src/test/resources/<package>/<Class>Inputs/<method>/. The normal build
# (mvn verify) replays every file there, so the finding is a failing regression test until fixed:
# fix the bug, keep the file, commit both. The corpus the fuzzer grows stays in
# MODULE/target/fuzz-corpus/<Class>/<method>/ and is not checked in.
#
# Adding a fuzz test for another parser (network or disk input) follows one pattern:
#   1. A class named *FuzzTest in the module's test sources, with one @FuzzTest method per property,
#      taking byte[] (the raw bytes the parser reads) and failing with an exception or an
#      AssertionError. Give the class a @Timeout: JUnit bounds the regression run with it.
#   2. Seed inputs, one file each, in src/test/resources/<package>/<Class>Inputs/<method>/
#      (realistic documents, edge cases, past crashes). Without files the normal build would only
#      run the empty input.
#   3. The module's pom: jazzer-junit in test scope, and the two surefire executions of sdk-core's
#      pom that run *FuzzTest classes in a JVM of their own (Jazzer installs an agent there).
#   4. bash scripts/fuzz.sh 10m your.package.YourFuzzTest YOUR-MODULE
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '2,14p' "$0" >&2
  exit 2
}
[ $# -ge 2 ] && [ $# -le 3 ] || usage
duration=$1
target=$2
module=${3:-sdk-core}

case "$duration" in
  *h) seconds=$(( ${duration%h} * 3600 )) ;;
  *m) seconds=$(( ${duration%m} * 60 )) ;;
  *s) seconds=${duration%s} ;;
  *) seconds=$duration ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "fuzz.sh: bad duration '$duration'" >&2; usage; }

class=${target%%#*}
methods=()
if [[ "$target" == *"#"* ]]; then
  methods=("${target#*#}")
fi
source_file="$module/src/test/java/${class//.//}.java"
[ -f "$source_file" ] || { echo "fuzz.sh: no test source $source_file for $class in module $module" >&2; exit 2; }
if [ ${#methods[@]} -eq 0 ]; then
  # The method declared after each @FuzzTest annotation.
  mapfile -t methods < <(awk '/@FuzzTest/ {found=1; next} found && /void [A-Za-z0-9_]+\(/ {
      match($0, /void [A-Za-z0-9_]+\(/); print substr($0, RSTART + 5, RLENGTH - 6); found=0 }' "$source_file")
fi
[ ${#methods[@]} -gt 0 ] || { echo "fuzz.sh: no @FuzzTest method found in $source_file" >&2; exit 2; }

echo "Building $module and its test class path ..."
mvn -B -q -ntp ${MVN_FLAGS:-} -pl "$module" -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
classpath="$module/target/test-classes:$module/target/classes:$(cat "$module/target/test.classpath")"

package_dir=$(dirname "${class//.//}")
simple=${class##*.}
status=0
for method in "${methods[@]}"; do
  inputs="$module/src/test/resources/$package_dir/${simple}Inputs/$method"
  corpus="$module/target/fuzz-corpus/$simple/$method"
  mkdir -p "$inputs" "$corpus"
  echo "Fuzzing $class#$method for ${seconds}s; findings go to $inputs"
  set +e
  java -Xmx2g -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
    --target_class="$class" --target_method="$method" \
    -max_total_time="$seconds" -timeout="${FUZZ_INPUT_TIMEOUT:-60}" -rss_limit_mb=2560 \
    -max_len="${FUZZ_MAX_LEN:-16384}" -artifact_prefix="$inputs/" "$corpus" "$inputs"
  rc=$?
  set -e
  if [ $rc -ne 0 ]; then
    echo "fuzz.sh: $class#$method found a problem (exit $rc); the input is in $inputs:" >&2
    ls -t "$inputs" | grep -E '^(crash|timeout|oom|leak)-' | head -n 3 >&2 || true
    status=1
  fi
done
exit $status
