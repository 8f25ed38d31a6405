#!/usr/bin/env bash
# Starts the stand-alone emulator, creates a tenant over raw HTTP (as another client would), then runs the official
# Node.js client against the emulator's VCAP_SERVICES document: create, get, getAll, get of the other tenant,
# delete, and a duplicate create (409).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../.."
port="${PORT:-5089}"
(cd "$here" && npm install --no-audit --no-fund --silent)
dotnet build "$root/src/InstanceManager.Emulator" -c Release --nologo -v quiet
dotnet run --project "$root/src/InstanceManager.Emulator" -c Release --no-build -- --urls "http://127.0.0.1:$port" > "$here/emulator.log" 2>&1 &
emulator=$!
trap 'kill $emulator' EXIT
# At most 60 s for the emulator to answer; its log says why it did not.
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/emulator/health" > /dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/emulator/health" > /dev/null || { echo "the emulator did not start:"; cat "$here/emulator.log"; exit 1; }
curl -sf -u emulator:emulator-password -X POST "http://127.0.0.1:$port/instance-manager/managed/managed_instances/emulated-managed-service/dotnet-tenant" > /dev/null
VCAP_SERVICES="$(curl -sf "http://127.0.0.1:$port/emulator/vcap-services")" node "$here/im-interop.js" "node tenant/1" dotnet-tenant
