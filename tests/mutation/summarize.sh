#!/usr/bin/env bash
# Prints the mutation score of every file of a Stryker JSON report, then the total, then the survivors.
# Score = detected / (detected + undetected), detected = Killed + Timeout, undetected = Survived + NoCoverage;
# ignored mutants (ConfigureAwait, equivalents marked in the code) and compile errors do not count.
#
#   bash tests/mutation/summarize.sh artifacts/mutation/library/reports/mutation-report.json [--no-survivors]
set -euo pipefail

report="${1:?usage: $0 <mutation-report.json> [--no-survivors]}"
command -v jq >/dev/null || { echo "jq is required to summarize $report" >&2; exit 2; }

jq -r '
  def count(s): [.mutants[] | select(.status == s)] | length;
  def row(name): . as $f
    | { name: name, killed: ($f | count("Killed")), timeout: ($f | count("Timeout")),
        survived: ($f | count("Survived")), nocov: ($f | count("NoCoverage")), ignored: ($f | count("Ignored")) }
    | . + { valid: (.killed + .timeout + .survived + .nocov) }
    | . + { score: (if .valid == 0 then "n/a" else ((.killed + .timeout) * 1000 / .valid | round / 10 | tostring) + "%" end) };
  def line: [.name, .score, (.killed + .timeout), .survived, .nocov, .ignored] | @tsv;
  (.projectRoot // "") as $root
  | (["file", "score", "killed", "survived", "no coverage", "ignored"] | @tsv),
    ( .files | to_entries | sort_by(.key)[]
      | (.key | ltrimstr($root) | ltrimstr("/")) as $name
      | .value | row($name) | select(.valid > 0 or .ignored > 0) | line ),
    ( { mutants: [.files[].mutants[]] } | row("TOTAL") | line )
' "$report" | column -t -s $'\t'

if [ "${2:-}" != "--no-survivors" ]; then
  echo
  echo "survivors and mutants no test covers:"
  jq -r '
    (.projectRoot // "") as $root
    | .files | to_entries | sort_by(.key)[]
    | (.key | ltrimstr($root) | ltrimstr("/")) as $name
    | .value.mutants[] | select(.status == "Survived" or .status == "NoCoverage")
    | "  \($name):\(.location.start.line) \(.status) \(.mutatorName): \(.replacement // "" | gsub("\n"; " ") | .[0:120])"
  ' "$report"
fi
