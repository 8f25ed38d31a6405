#!/usr/bin/env bash
# Service Manager interoperability, both directions: starts the stand-alone emulator and runs sm-interop.js, which
# drives the official Node.js client (@sap/instance-manager, SM mode) and this repository's .NET client
# (tests/interop/dotnet/InteropClient) against the emulator's service-manager binding. Exits non-zero on any mismatch.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
port="${PORT:-5090}"
(cd "$here" && npm install --no-audit --no-fund --silent)
dotnet build "$root/src/InstanceManager.Emulator" -c Release --nologo -v quiet
dotnet build "$root/tests/interop/dotnet/InteropClient" -c Release --nologo -v quiet
dotnet run --project "$root/src/InstanceManager.Emulator" -c Release --no-build -- --urls "http://127.0.0.1:$port" > "$here/emulator-sm.log" 2>&1 &
emulator=$!
trap 'kill $emulator' EXIT
# At most 60 s for the emulator to answer; its log says why it did not.
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/emulator/health" > /dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/emulator/health" > /dev/null || { echo "the emulator did not start:"; cat "$here/emulator-sm.log"; exit 1; }
export EMULATOR="http://127.0.0.1:$port"
export VCAP_SERVICES="$(curl -sf "$EMULATOR/emulator/vcap-services")"
export DOTNET_CLIENT="dotnet $root/tests/interop/dotnet/InteropClient/bin/Release/net10.0/InteropClient.dll"
node "$here/sm-interop.js" "$@"
