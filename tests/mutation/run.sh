#!/usr/bin/env bash
# Mutation testing with Stryker.NET (the version pinned in .config/dotnet-tools.json), unattended.
#
#   bash tests/mutation/run.sh                      # src/InstanceManager, then src/InstanceManager.Emulator
#   bash tests/mutation/run.sh library              # only src/InstanceManager (tests/InstanceManager.Tests)
#   bash tests/mutation/run.sh emulator             # only src/InstanceManager.Emulator (tests/InstanceManager.Emulator.Tests)
#   bash tests/mutation/run.sh library --mutate "**/Polling/*.cs"   # further arguments go to Stryker
#
# Each target uses the stryker-config.json next to its test project; the reports (JSON and HTML) land in
# artifacts/mutation/<target>/reports, and the score of every file is printed (tests/mutation/summarize.sh).
# It takes long (the whole test suite runs once per mutant); it is not part of .ci/run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="${1:-all}"
[ $# -gt 0 ] && shift

case "$target" in
  all) targets=(library emulator) ;;
  library | emulator) targets=("$target") ;;
  *) echo "usage: $0 [all|library|emulator] [stryker arguments...]" >&2; exit 2 ;;
esac

cd "$root"
dotnet tool restore >/dev/null

status=0
for name in "${targets[@]}"; do
  case "$name" in
    library) tests="tests/InstanceManager.Tests" ;;
    emulator) tests="tests/InstanceManager.Emulator.Tests" ;;
  esac
  output="$root/artifacts/mutation/$name"
  rm -rf "$output"
  echo "== mutation testing: $name ($tests)"
  if ! (cd "$tests" && dotnet stryker --skip-version-check --output "$output" "$@"); then
    echo "Stryker failed for $name" >&2
    status=1
    continue
  fi
  bash "$root/tests/mutation/summarize.sh" "$output/reports/mutation-report.json"
done

exit "$status"
