#!/usr/bin/env bash
# Every test, on a fresh machine with only the .NET SDK: installs what the tests need (poppler for the PDF checks,
# Debian's chromium for the browser tests, Liberation fonts, PostgreSQL for the multi-node tests), starts a throwaway
# PostgreSQL server owned by this run, then runs `dotnet test` and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Browser tests drive Debian's chromium; Playwright must never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

need_apt=()
command -v pdfsig >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
[ -f /usr/share/java/preflight.jar ] && [ -f /usr/share/java/jaxb-api.jar ] && command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -d /usr/share/fonts/truetype/liberation2 ] || need_apt+=(fonts-liberation2)
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

dotnet tool restore >/dev/null

# A PostgreSQL server for this run only: a fresh cluster in a temporary folder on a free port, trusted local logins,
# no fsync (nothing here outlives the run). Tests create their own database per test class.
start_postgres() {
  local bin port user
  bin=$(pg_bin)
  pg_dir=$(mktemp -d /tmp/consentflow-pg.XXXXXX)
  pg_run=()
  if [ "$(id -u)" -eq 0 ]; then
    # initdb and postgres refuse to run as root.
    user=postgres
    id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
    chown "$user" "$pg_dir"
    pg_run=(runuser -u "$user" --)
  fi
  "${pg_run[@]}" "$bin/initdb" -D "$pg_dir/data" -U consentflow --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log"; return 1; }
  # Another run on this machine may take the port between the probe and the start: try the next free one.
  port=55432
  for attempt in 1 2 3 4 5; do
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    "${pg_run[@]}" "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start \
      -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c full_page_writes=off" >/dev/null && break
    [ "$attempt" -eq 5 ] && { cat "$pg_dir/server.log"; return 1; }
    port=$((port + 1))
  done
  export CONSENTFLOW_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=consentflow;Database=postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{ print $3 }') for this run on port $port"
}
stop_postgres() {
  [ -n "${pg_dir:-}" ] || return 0
  "${pg_run[@]}" "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$pg_dir"
}
trap stop_postgres EXIT
start_postgres || echo "PostgreSQL could not start: the PostgreSQL tests will fail"

log=$(mktemp)
dotnet test ConsentFlow.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 25, Skipped: 0, ..."
sum() { grep -E '^(Passed|Failed)! ' "$log" | grep -Eo "$1:[[:space:]]+[0-9]+" | awk '{ s += $2 } END { print s + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any test could report: count that as a failure, never as green.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
