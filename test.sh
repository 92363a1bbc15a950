#!/usr/bin/env bash
# Every test, on a fresh machine with only the .NET SDK: installs what the tests need (poppler for the PDF checks,
# Debian's chromium for the browser tests, Liberation fonts), then runs `dotnet test` and ends with "N passed, N failed".
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
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

dotnet tool restore >/dev/null

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
