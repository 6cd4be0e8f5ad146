#!/usr/bin/env bash
# The main job: builds the SDK and runs the demo. Installs a JDK and Maven when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_install=()
command -v javac >/dev/null 2>&1 || need_install+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_install+=(maven)
if [ ${#need_install[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need_install[@]}"
fi

mvn -B -q -ntp -pl sdk-core -am package -DskipTests
cp_file=sdk-core/target/demo.classpath
mvn -B -q -ntp -pl sdk-core dependency:build-classpath -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
exec java -Dslf4j.internal.verbosity=ERROR -cp "sdk-core/target/classes:$(cat "$cp_file")" scripts/PreviewDemo.java
