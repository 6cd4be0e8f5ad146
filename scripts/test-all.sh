#!/usr/bin/env bash
# Runs every test of every module on a fresh Debian machine: installs what the build needs
# (a JDK 17+, Maven, Chromium with its driver, Xvfb, PostgreSQL's server binaries, and Request Tracker 5
# with SQLite and the exim4 mail server) when missing, then runs the full Maven build with its tests. Run it
# as root (apt, and RT's database is readable by root only).
set -euo pipefail
cd "$(dirname "$0")/.."

need_install=()
command -v javac >/dev/null 2>&1 || need_install+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_install+=(maven)
# sdk-store-postgres tests start their own PostgreSQL server (initdb in a temporary directory, as the
# unprivileged postgres user the package creates) from /usr/lib/postgresql/<version>/bin.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_install+=(postgresql)
# The agent console is tested in a real headless Chromium, and the desktop screenshot under a real X server.
[ -x /usr/bin/chromium ] || need_install+=(chromium)
[ -x /usr/bin/chromedriver ] || need_install+=(chromium-driver)
[ -x /usr/bin/Xvfb ] || need_install+=(xvfb)
# Readable page screenshots need at least one font family; without recommends Chromium pulls in none.
[ -n "$(fc-list 2>/dev/null | head -n 1)" ] || need_install+=(fonts-dejavu-core fontconfig)
if [ ${#need_install[@]} -gt 0 ]; then
  echo "Installing ${need_install[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need_install[@]}"
fi

# The Request Tracker and e-mail connectors are tested against a real RT 5 server and exim4, which the tests start themselves.
bash scripts/rt-server.sh install

mvn -B -ntp verify "$@"

# Keep the benchmarks compiling and running: every benchmark once, briefly (figures are not judged).
java -jar sdk-benchmarks/target/benchmarks.jar --smoke --out sdk-benchmarks/target/smoke-results
