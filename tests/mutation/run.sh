#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the version pinned in .config/dotnet-tools.json), unattended.
#
#   bash tests/mutation/run.sh                      # src/InstanceManager, the emulator, InstanceManager.Redis, the CLI
#   bash tests/mutation/run.sh library              # only src/InstanceManager (tests/InstanceManager.Tests)
#   bash tests/mutation/run.sh emulator             # only src/InstanceManager.Emulator (tests/InstanceManager.Emulator.Tests)
#   bash tests/mutation/run.sh redis                # only src/InstanceManager.Redis (tests/InstanceManager.Redis.Tests)
#   bash tests/mutation/run.sh cli                  # only src/InstanceManager.Cli (tests/InstanceManager.Cli.Tests)
#   bash tests/mutation/run.sh library --mutate "**/Polling/*.cs"   # further arguments go to Stryker
#   bash tests/mutation/run.sh area caching         # one area of src/InstanceManager with the tests that exercise it
#   bash tests/mutation/run.sh areas                # every area of tests/mutation/areas.tsv in turn, then one table
#   bash tests/mutation/run.sh areas caching http   # those areas in turn, then one table
#
# Each target uses the stryker-config.json next to its test project; the reports (JSON and HTML) land in
# artifacts/mutation/<target>/reports (artifacts/mutation/area-<name>/reports for an area), and the score of every
# file is printed (tests/mutation/summarize.sh). It takes long (a whole library run is hours on two cores, an area
# minutes to an hour); it is not part of .ci/run. Stryker builds the test project in place and swaps the library in
# its output: do not build or test that project in the same tree while it runs. MUTATION_CONCURRENCY (default: the
# configuration's 1) sets Stryker's --concurrency.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="${1:-all}"
[ $# -gt 0 ] && shift

concurrency=()
[ -n "${MUTATION_CONCURRENCY:-}" ] && concurrency=(--concurrency "$MUTATION_CONCURRENCY")

cd "$root"
dotnet tool restore >/dev/null

# run <name> <test project> [stryker arguments...]: one Stryker run, reported under artifacts/mutation/<name>.
run() {
  local name="$1" tests="$2"
  shift 2
  local output="$root/artifacts/mutation/$name"
  rm -rf "$output"
  echo "== mutation testing: $name ($tests)"
  if ! (cd "$tests" && dotnet stryker --skip-version-check --output "$output" "${concurrency[@]}" "$@"); then
    echo "Stryker failed for $name" >&2
    return 1
  fi
  bash "$root/tests/mutation/summarize.sh" "$output/reports/mutation-report.json"
}

# area <name> [stryker arguments...]: the area's line of areas.tsv as --mutate and --test-case-filter arguments.
area() {
  local name="$1"
  shift
  local line
  line="$(grep -v '^#' "$root/tests/mutation/areas.tsv" | awk -F '\t' -v name="$name" '$1 == name' || true)"
  if [ -z "$line" ]; then
    echo "unknown area '$name'; areas: $(grep -v '^#' "$root/tests/mutation/areas.tsv" | cut -f1 | tr '\n' ' ')" >&2
    return 2
  fi
  local globs filter arguments=()
  globs="$(cut -f2 <<<"$line")"
  filter="$(cut -f3 <<<"$line")"
  local glob
  for glob in $globs; do
    arguments+=(--mutate "$glob")
  done
  [ -n "$filter" ] && arguments+=(--test-case-filter "$filter")
  run "area-$name" tests/InstanceManager.Tests "${arguments[@]}" "$@"
}

status=0
case "$target" in
  all | library | emulator | redis | cli)
    targets=(library emulator redis cli)
    [ "$target" != all ] && targets=("$target")
    for name in "${targets[@]}"; do
      case "$name" in
        library) tests="tests/InstanceManager.Tests" ;;
        emulator) tests="tests/InstanceManager.Emulator.Tests" ;;
        redis) tests="tests/InstanceManager.Redis.Tests" ;;
        cli) tests="tests/InstanceManager.Cli.Tests" ;;
      esac
      run "$name" "$tests" "$@" || status=1
    done
    ;;
  area)
    [ $# -gt 0 ] || { echo "usage: $0 area <name> [stryker arguments...]" >&2; exit 2; }
    area "$@" || status=$?
    ;;
  areas)
    names=("$@")
    [ ${#names[@]} -gt 0 ] || mapfile -t names < <(grep -v '^#' "$root/tests/mutation/areas.tsv" | cut -f1)
    reports=()
    for name in "${names[@]}"; do
      if area "$name"; then
        reports+=("$root/artifacts/mutation/area-$name/reports/mutation-report.json")
      else
        status=1
      fi
    done
    if [ ${#reports[@]} -gt 0 ]; then
      echo "== every area measured"
      bash "$root/tests/mutation/summarize.sh" "${reports[@]}" --no-survivors
    fi
    ;;
  *)
    echo "usage: $0 [all|library|emulator|redis|cli|area <name>|areas [names...]] [stryker arguments...]" >&2
    exit 2
    ;;
esac

exit "$status"
