#!/usr/bin/env bash
# Package consumption test: proves that the packages install and work outside this repository, as a new user gets them.
#  1. packs the solution into a temporary folder feed, warnings as errors, and checks the packages
#     (README, repository, symbols packages with Source Link: VerifyPackages.cs);
#  2. outside the repository, with a nuget.config whose package source mapping takes InstanceManager* from that feed
#     only (everything else from the machine's configured feeds) and an empty global packages folder, creates a
#     `dotnet new web` and a `dotnet new console` project, adds the packages, builds both with warnings as errors;
#  3. installs the emulator .NET tool from the feed (--tool-path) and starts it on a free loopback port;
#  4. runs the web application against it and drives create, get, list and delete over HTTP, checking each answer
#     and the emulator's own view; installs the instance-manager .NET tool and drives it against the emulator too;
#     runs the console application (stand-alone emulator, then the embedded one).
# Any failing step fails the script. Set PACK_NO_BUILD=1 to pack what a previous Release build produced, and
# KEEP_WORK=1 to keep the temporary folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
started=$SECONDS

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work="$(mktemp -d "${TMPDIR:-/tmp}/instance-manager-consume.XXXXXX")"
feed="$work/feed"
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; done
  if [ "$status" -ne 0 ]; then
    for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $(basename "$log")"; tail -n 40 "$log"; }; done
    echo "consumption test FAILED after $((SECONDS - started)) s (work folder: $work)"
  fi
  [ "${KEEP_WORK:-0}" = 1 ] || [ "$status" -ne 0 ] || rm -rf "$work"
}
trap cleanup EXIT
step() { echo "== consume: $* ($((SECONDS - started)) s)"; }
fail() { echo "consume: $*" >&2; exit 1; }

step "pack the solution into $feed"
pack_args=(-c Release -o "$feed" -warnaserror --nologo)
[ "${PACK_NO_BUILD:-0}" = 1 ] && pack_args+=(--no-build)
dotnet pack "$root/InstanceManager.sln" "${pack_args[@]}" > "$work/pack.log" 2>&1 || fail "dotnet pack failed"
if grep -E ": warning [A-Z]*[0-9]*|warning :" "$work/pack.log"; then fail "dotnet pack printed warnings"; fi
library=$(ls "$feed"/InstanceManager.[0-9]*.nupkg 2> /dev/null) || fail "no InstanceManager package in the feed"
version=$(basename "$library" .nupkg); version=${version#InstanceManager.}
for id in InstanceManager InstanceManager.Emulator InstanceManager.Emulator.Tool InstanceManager.Cli; do
  [ -f "$feed/$id.$version.nupkg" ] && [ -f "$feed/$id.$version.snupkg" ] || fail "$id $version: package or symbols package missing"
done
echo "packages $version: $(cd "$feed" && ls | tr '\n' ' ')"

step "check the packages and their symbols (in the background)"
verify_args=("$feed"); [ "${CI:-}" = true ] && verify_args+=(--ci)
dotnet run --file "$here/VerifyPackages.cs" -- "${verify_args[@]}" > "$work/verify.log" 2>&1 &
verify=$!
pids+=("$verify")

step "a nuget.config outside the repository: InstanceManager* from the feed only"
# The machine's enabled feeds (read before this folder has its own nuget.config) serve every other package.
sources=$(cd "$work" && dotnet nuget list source --format short | awk '$1 == "E" { print $2 }')
[ -n "$sources" ] || sources="https://api.nuget.org/v3/index.json"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"local-feed\" value=\"$feed\" />"
  n=0; for s in $sources; do n=$((n + 1)); echo "    <add key=\"feed-$n\" value=\"$s\" />"; done
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="local-feed">'
  echo '      <package pattern="InstanceManager" />'
  echo '      <package pattern="InstanceManager.*" />'
  echo '    </packageSource>'
  n=0; for s in $sources; do n=$((n + 1)); echo "    <packageSource key=\"feed-$n\"><package pattern=\"*\" /></packageSource>"; done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} > "$work/nuget.config"
# An empty global packages folder: a package of the same version restored earlier cannot stand in for the new one.
export NUGET_PACKAGES="$work/packages"

step "dotnet new web + console, add the packages, build with warnings as errors"
(cd "$work" && dotnet new web -n ConsumerWeb -o web > "$work/new.log" 2>&1 && dotnet new console -n ConsumerConsole -o console >> "$work/new.log" 2>&1) || fail "dotnet new failed"
cp "$here/consumer/WebProgram.cs" "$work/web/Program.cs"
cp "$here/consumer/ConsoleProgram.cs" "$work/console/Program.cs"
# add_and_build <application> <package…>: both applications at once, their restores overlap.
add_and_build() {
  local app=$1; shift
  for id in "$@"; do dotnet add "$work/$app" package "$id" --version "$version" --no-restore || return 1; done
  dotnet build "$work/$app" -c Release -warnaserror --nologo
}
add_and_build web InstanceManager > "$work/build-web.log" 2>&1 &
web_build=$!
pids+=("$web_build")
add_and_build console InstanceManager InstanceManager.Emulator > "$work/build-console.log" 2>&1 &
console_build=$!
pids+=("$console_build")
wait "$web_build" || fail "adding the package to or building the web application failed"
wait "$console_build" || fail "adding the packages to or building the console application failed"
for app in web console; do
  if grep -qE "[1-9][0-9]* Warning" "$work/build-$app.log"; then fail "the build of the $app application printed warnings"; fi
done
# Every InstanceManager* package came from the feed.
for id in instancemanager instancemanager.emulator; do
  origin="$NUGET_PACKAGES/$id/$version/.nupkg.metadata"
  grep -q "\"source\": \"${feed//\//\\/}\"" "$origin" || fail "$id $version was not restored from the feed: $(cat "$origin")"
done

wait "$verify" || { cat "$work/verify.log"; fail "package check failed"; }
cat "$work/verify.log"

step "install the emulator tool from the feed and start it"
dotnet tool install --tool-path "$work/tools" InstanceManager.Emulator.Tool --version "$version" --configfile "$work/nuget.config" > "$work/tool.log" 2>&1 || fail "dotnet tool install failed"
"$work/tools/instance-manager-emulator" --urls "http://127.0.0.1:0" > "$work/emulator.log" 2>&1 &
pids+=($!)
emulator=""
for _ in $(seq 300); do
  emulator=$(grep -oE "Emulator listening on http://127\.0\.0\.1:[0-9]+" "$work/emulator.log" | head -n 1 | sed 's/^Emulator listening on //') || true
  [ -n "$emulator" ] && break
  kill -0 "${pids[-1]}" 2> /dev/null || fail "the emulator tool exited"
  sleep 0.2
done
[ -n "$emulator" ] || fail "the emulator tool did not say where it listens within 60 s"
curl -sf "$emulator/emulator/health" > /dev/null || fail "the emulator tool does not answer at $emulator"
echo "emulator tool listening on $emulator"
VCAP_SERVICES="$(curl -sf "$emulator/emulator/vcap-services")" || fail "no VCAP_SERVICES document from the emulator"
export VCAP_SERVICES

step "run the web application against the emulator tool"
dotnet "$work/web/bin/Release/net10.0/ConsumerWeb.dll" --urls "http://127.0.0.1:0" > "$work/web.log" 2>&1 &
pids+=($!)
web=""
for _ in $(seq 300); do
  web=$(grep -oE "Now listening on: http://127\.0\.0\.1:[0-9]+" "$work/web.log" | head -n 1 | sed 's/^Now listening on: //') || true
  [ -n "$web" ] && break
  kill -0 "${pids[-1]}" 2> /dev/null || fail "the web application exited"
  sleep 0.2
done
[ -n "$web" ] || fail "the web application did not start within 60 s"
echo "web application listening on $web"

# expect <what> <expected status> <pattern the body must match, or ""> <curl arguments…>
expect() {
  local what=$1 status=$2 pattern=$3; shift 3
  local got body
  got=$(curl -s -o "$work/body" -w "%{http_code}" "$@") || fail "$what: no answer"
  body=$(cat "$work/body")
  [ "$got" = "$status" ] || fail "$what: HTTP $got, expected $status: $body"
  if [ -n "$pattern" ] && ! grep -qE "$pattern" <<< "$body"; then fail "$what: body $body does not match $pattern"; fi
  echo "$what: HTTP $got ${body:0:160}"
}
expect "create web-a" 200 '"tenantId":"web-a","status":"CreationSucceeded"' -X POST "$web/tenants/web-a"
expect "create web-b" 200 '"tenantId":"web-b","status":"CreationSucceeded"' -X POST "$web/tenants/web-b"
expect "get web-a" 200 '"tenantId":"web-a","status":"CreationSucceeded"' "$web/tenants/web-a"
expect "list" 200 '"tenantId":"web-a".*"tenantId":"web-b"|"tenantId":"web-b".*"tenantId":"web-a"' "$web/tenants"
expect "emulator sees web-a" 200 'web-a' "$emulator/emulator/instances"
expect "delete web-a" 204 "" -X DELETE "$web/tenants/web-a"
expect "get web-a after delete" 404 "" "$web/tenants/web-a"
expect "list after delete" 200 '^\[\{"tenantId":"web-b","status":"CreationSucceeded"\}\]$' "$web/tenants"
expect "delete web-b" 204 "" -X DELETE "$web/tenants/web-b"
expect "list when empty" 200 '^\[\]$' "$web/tenants"
if curl -sf "$emulator/emulator/instances" | grep -qE 'web-a|web-b'; then fail "the emulator still holds web-a or web-b"; fi

step "install the instance-manager tool from the feed and run it against the emulator tool"
dotnet tool install --tool-path "$work/tools" InstanceManager.Cli --version "$version" --configfile "$work/nuget.config" > "$work/cli-tool.log" 2>&1 || fail "dotnet tool install of InstanceManager.Cli failed"
cli="$work/tools/instance-manager"
# expect_cli <expected exit code> <pattern stdout must match, or ""> <arguments…>
expect_cli() {
  local code=$1 pattern=$2 got=0; shift 2
  "$cli" "$@" > "$work/cli.out" 2> "$work/cli.err" || got=$?
  [ "$got" = "$code" ] || fail "instance-manager $*: exit $got, expected $code: $(cat "$work/cli.out" "$work/cli.err")"
  if [ -n "$pattern" ] && ! grep -qE "$pattern" "$work/cli.out"; then fail "instance-manager $*: output $(cat "$work/cli.out") does not match $pattern"; fi
  echo "instance-manager $*: exit $got $(head -c 160 "$work/cli.out" | tr '\n' ' ')"
}
printf 'cli-a\n# a comment\ncli-b\n' > "$work/tenants.txt"
expect_cli 0 '^cli-a created$' create cli-a
expect_cli 0 '"tenant":"cli-a","status":"CREATION_SUCCEEDED"' list --json
expect_cli 0 '"password":"\*\*\*"' get cli-a --json
expect_cli 0 '"created":\["cli-b"\]' reconcile --tenants "$work/tenants.txt" --json
expect_cli 1 "" get nobody
expect_cli 2 "" reconcile --tenants "$work/missing.txt"
expect_cli 0 '^cli-a deleted$' delete cli-a
expect_cli 0 '^cli-b deleted$' delete cli-b

step "run the console application (stand-alone emulator, then embedded)"
dotnet "$work/console/bin/Release/net10.0/ConsumerConsole.dll" > "$work/console.log" 2>&1 || fail "the console application failed"
cat "$work/console.log"

step "passed: $version installed from the feed and worked in a new web and console application"
