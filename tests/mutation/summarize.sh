#!/usr/bin/env bash
# Prints the mutation score of every file of one or more Stryker JSON reports, then the total, then the survivors.
# Score = detected / (detected + undetected), detected = Killed + Timeout, undetected = Survived + NoCoverage;
# ignored mutants (ConfigureAwait, equivalents marked in the code, files outside --mutate) and compile errors do not
# count. With several reports (one per area, or a whole run followed by reruns of some files), each file is taken from
# the last report that mutated it.
#
#   bash tests/mutation/summarize.sh artifacts/mutation/library/reports/mutation-report.json [--no-survivors]
#   bash tests/mutation/summarize.sh artifacts/mutation/area-*/reports/mutation-report.json --no-survivors
set -euo pipefail

reports=()
survivors=true
for argument in "$@"; do
  case "$argument" in
    --no-survivors) survivors=false ;;
    *) reports+=("$argument") ;;
  esac
done
[ ${#reports[@]} -gt 0 ] || { echo "usage: $0 <mutation-report.json>... [--no-survivors]" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is required to summarize ${reports[*]}" >&2; exit 2; }

# One report: of every file, the version of the last report that mutated it (the others left it outside --mutate, or
# are older measures of it).
merged="$(jq -s '
  def tested: [.mutants[] | select(.status != "Ignored" and .status != "CompileError")] | length;
  { projectRoot: .[0].projectRoot,
    files: (reduce (.[] | .files | to_entries[]) as $file ({};
      if (.[$file.key] == null) or (($file.value | tested) > 0) then .[$file.key] = $file.value else . end)) }
' "${reports[@]}")"

jq -r '
  def count(s): [.mutants[] | select(.status == s)] | length;
  def row(name): . as $f
    | { name: name, killed: ($f | count("Killed")), timeout: ($f | count("Timeout")),
        survived: ($f | count("Survived")), nocov: ($f | count("NoCoverage")),
        ignored: ([$f.mutants[] | select(.status == "Ignored" and ((.statusReason // "") | test("mutate filter") | not))] | length) }
    | . + { valid: (.killed + .timeout + .survived + .nocov) }
    | . + { score: (if .valid == 0 then "n/a" else ((.killed + .timeout) * 1000 / .valid | round / 10 | tostring) + "%" end) };
  def line: [.name, .score, (.killed + .timeout), .survived, .nocov, .ignored] | @tsv;
  (.projectRoot // "") as $root
  | (["file", "score", "killed", "survived", "no coverage", "ignored"] | @tsv),
    ( .files | to_entries | sort_by(.key)[]
      | (.key | ltrimstr($root) | ltrimstr("/")) as $name
      | .value | row($name) | select(.valid > 0) | line ),
    ( { mutants: [.files[] | select(row("") | .valid > 0) | .mutants[]] } | row("TOTAL") | line )
' <<<"$merged" | column -t -s $'\t'

if [ "$survivors" = true ]; then
  echo
  echo "survivors and mutants no test covers:"
  jq -r '
    (.projectRoot // "") as $root
    | .files | to_entries | sort_by(.key)[]
    | (.key | ltrimstr($root) | ltrimstr("/")) as $name
    | .value.mutants[] | select(.status == "Survived" or .status == "NoCoverage")
    | "  \($name):\(.location.start.line) \(.status) \(.mutatorName): \(.replacement // "" | gsub("\n"; " ") | .[0:120])"
  ' <<<"$merged"
fi
