#!/usr/bin/env bash
# The main job: builds the command line and runs `helpline demo`. Installs a JDK and Maven when missing.
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

mvn -B -q -ntp -pl sdk-server-sample -am package -DskipTests
exec java -jar sdk-server-sample/target/helpline.jar demo
