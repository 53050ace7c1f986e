#!/usr/bin/env bash
# quality-gate.sh CHORUS_BINARY: a quick check, on the datasets in
# ../shared/data, that quality has not fallen below the figures the issues
# closed with (set a little under them, since the gate runs on small samples).
# Each evaluation prints chorus beside its in-project baseline; the gate
# reads the chorus row. Skips (exit 0) when ../shared/data is absent.
set -euo pipefail
chorus=${1:?usage: quality-gate.sh CHORUS_BINARY}
data=../shared/data
if [ ! -d "$data" ]; then
	echo "quality gate: $data not found, skipped"
	exit 0
fi
fail=0
# check NAME VALUE MIN: fail when VALUE < MIN.
check() {
	if awk -v v="$2" -v m="$3" 'BEGIN { exit !(v + 0 >= m + 0) }'; then
		printf '  ok    %-40s %s >= %s\n' "$1" "$2" "$3"
	else
		printf '  FAIL  %-40s %s <  %s\n' "$1" "$2" "$3"
		fail=1
	fi
}

echo "-- brief on the seeds"
"$chorus" brief --format json "$data/seeds" > /tmp/chorus-gate-seeds.json
stories=$(grep -c '"headline"' /tmp/chorus-gate-seeds.json || true)
if [ "$stories" -eq 1 ]; then
	echo "  ok    seeds: one story"
else
	echo "  FAIL  seeds: $stories stories, want 1"
	fail=1
fi

echo "-- clustering, ECB+ dev topics (B-cubed F1)"
out=$("$chorus" eval cluster --data "$data/ecbplus/docs.jsonl.gz" --split dev)
echo "$out"
check "ECB+ dev chorus F1" "$(echo "$out" | awk '$1 == "chorus" { print $5 }')" 0.88

echo "-- quotes, PolNeAR dev"
out=$("$chorus" eval quotes --data "$data/polnear" --split dev)
echo "$out"
row=$(echo "$out" | awk '$1 == "chorus"')
check "PolNeAR dev precision" "$(echo "$row" | awk '{ print $4 }')" 0.93
check "PolNeAR dev recall" "$(echo "$row" | awk '{ print $5 }')" 0.93
check "PolNeAR dev speaker accuracy" "$(echo "$row" | awk '{ print $7 }')" 0.80

echo "-- summaries, Multi-News val, first 300 clusters (ROUGE at 300 words)"
out=$("$chorus" eval summarize --data "$data/multinews/val.jsonl.gz" --limit 300 --systems chorus,lead,textrank)
echo "$out"
check "Multi-News val[:300] R-1 chorus - lead + 1" "$(echo "$out" | awk '$1 == "chorus" { c = $2 } $1 == "lead" { l = $2 } END { print c - l + 1 }')" 1

exit $fail
