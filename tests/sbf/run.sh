#!/usr/bin/env bash
# End to end through a broker built on SAP's Service Broker Framework (@sap/sbf from npm): starts the stand-alone
# emulator and the broker (broker.js), each on a free 127.0.0.1 port, and runs sbf-e2e.js, which registers the broker
# with the emulated Service Manager and drives it with the official Node.js client and this repository's .NET client.
# Both processes are stopped by PID. Exits non-zero on any mismatch.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
free_port() { node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }
emulator_port="$(free_port)"
broker_port="$(free_port)"
while [ "$broker_port" = "$emulator_port" ]; do broker_port="$(free_port)"; done
(cd "$here" && npm install --no-audit --no-fund --silent)
dotnet build "$root/src/InstanceManager.Emulator" -c Release --nologo -v quiet
dotnet build "$root/tests/interop/dotnet/InteropClient" -c Release --nologo -v quiet

emulator=""
broker=""
cleanup() {
  [ -n "$broker" ] && kill "$broker" 2> /dev/null
  [ -n "$emulator" ] && kill "$emulator" 2> /dev/null
  return 0
}
trap cleanup EXIT

# Waits at most $2 seconds for $1 to answer; the log $3 says why it did not.
wait_for() {
  for _ in $(seq $(($2 * 5))); do curl -sf "$1" > /dev/null && return 0; sleep 0.2; done
  echo "$1 did not answer within $2 s:"; cat "$3"; return 1
}

# The emulator polls the broker's last_operation every 0.2 s when it sends no Retry-After.
dotnet run --project "$root/src/InstanceManager.Emulator" -c Release --no-build -- --urls "http://127.0.0.1:$emulator_port" \
  --Emulator:ServiceManager:BrokerPollingInterval=00:00:00.2 > "$here/emulator-sbf.log" 2>&1 &
emulator=$!
broker_user="sbf-broker"
broker_password="$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")"
(cd "$here" && PORT="$broker_port" SBF_BROKER_CREDENTIALS="{\"$broker_user\": \"$broker_password\"}" SBF_CATALOG_FILE="$here/catalog.json" \
  SBF_ENABLE_AUDITLOG=false exec node broker.js > "$here/broker.log" 2>&1) &
broker=$!
wait_for "http://127.0.0.1:$emulator_port/emulator/health" 60 "$here/emulator-sbf.log"
wait_for "http://127.0.0.1:$broker_port/health" 30 "$here/broker.log"

export EMULATOR="http://127.0.0.1:$emulator_port"
export BROKER="http://127.0.0.1:$broker_port"
export BROKER_USER="$broker_user"
export BROKER_PASSWORD="$broker_password"
export VCAP_SERVICES="$(curl -sf "$EMULATOR/emulator/vcap-services")"
export DOTNET_CLIENT="dotnet $root/tests/interop/dotnet/InteropClient/bin/Release/net10.0/InteropClient.dll"
node "$here/sbf-e2e.js"
