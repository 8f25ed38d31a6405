#!/usr/bin/env bash
# OSB conformance: runs the osb-checker suite (Node.js/mocha edition for OSB 2.13) against the stand-alone emulator's
# own broker (/osb) and prints its mocha summary. Exits non-zero when a test fails or the suite does not run.
# The suite is copied from OSB_CHECKER_DIR (default: ../shared/osb-checker next to the repository) to a temporary
# directory, because its source folder may be read-only, and its npm dependencies are installed there; exit code 3
# means they could not be installed (no npm registry), so the suite did not run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source_dir="${OSB_CHECKER_DIR:-$root/../shared/osb-checker}"
port="${PORT:-$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")}"
[ -d "$source_dir/2.13/tests" ] || { echo "osb-checker not found in $source_dir (set OSB_CHECKER_DIR)"; exit 1; }

work="$(mktemp -d)"
emulator=""
cleanup() { [ -n "$emulator" ] && kill "$emulator" 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT
cp -r "$source_dir" "$work/osb-checker"
(cd "$work/osb-checker/common" && npm install --no-audit --no-fund --silent) \
  && (cd "$work/osb-checker/2.13/tests" && npm install --no-audit --no-fund --silent --omit=dev) \
  || { echo "the osb-checker's npm dependencies could not be installed"; exit 3; }

dotnet build "$root/src/InstanceManager.Emulator" -c Release --nologo -v quiet
dotnet run --project "$root/src/InstanceManager.Emulator" -c Release --no-build -- --urls "http://127.0.0.1:$port" \
  --Emulator:OpenServiceBroker:OperationDelay=00:00:00.5 > "$work/emulator.log" 2>&1 &
emulator=$!
# At most 60 s for the emulator to answer; its log says why it did not.
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/emulator/health" > /dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/emulator/health" > /dev/null || { echo "the emulator did not start:"; cat "$work/emulator.log"; exit 1; }

OSB="$(curl -sf "http://127.0.0.1:$port/emulator/osb")" node "$here/osb-checker-config.js" > "$work/config.json"
cd "$work/osb-checker/2.13/tests"
set +e
OSB_CHECKER_CONFIG_FILE="$work/config.json" ./node_modules/.bin/mocha --reporter spec 2>&1 | tee "$work/mocha.log"
result=${PIPESTATUS[0]}
set -e
passing=$(grep -oE '^\s*[0-9]+ passing' "$work/mocha.log" | grep -oE '[0-9]+' || echo 0)
failing=$(grep -oE '^\s*[0-9]+ failing' "$work/mocha.log" | grep -oE '[0-9]+' || echo 0)
echo "osb-checker: $passing passing, $failing failing"
[ "$result" -eq 0 ] && [ "$failing" -eq 0 ] && [ "$passing" -gt 0 ]
