#!/usr/bin/env bash
# Event times (events.csv `time` and `tz`; methodology, Notation): the
# Anchorage summit entered as it happened (Fri 2025-08-15 15:00
# America/Anchorage = 23:00 UTC, after every European close) has day 0 on
# Monday 18 August for every security, exactly as the date typed in by hand
# (2025-08-18) had; dated 2025-08-15 without a time, day 0 is the Friday
# except for LDO.MI (Borsa closed for Ferragosto), and the summary says
# which security is on which date. A close given in the securities file
# overrides the built-in table: RHM.DE closing at 23:59 America/Anchorage
# (07:59 UTC the next day) has its Friday session close after the news, so
# its day 0 is Friday.
set -euo pipefail
BIN=$1 PROJ=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D=$PROJ/datasets/peace-talks-2025
fail=0
run() { # events-file out [securities]
	"$BIN" run --prices "$D/prices" --events "$1" --securities "${3:-$D/securities.csv}" \
		--market ^STOXX --tickers RHM.DE,BA.L,HO.PA,LDO.MI --currency EUR --placebo 0 \
		--quiet --out "$2"
}
printf 'id,date,label,time,tz\nanchorage,2025-08-15,summit,15:00,America/Anchorage\n' > "$T/timed.csv"
printf 'id,date,label\nanchorage,2025-08-18,summit (hand-dated)\n' > "$T/hand.csv"
printf 'id,date,label\nanchorage,2025-08-15,summit (date only)\n' > "$T/date.csv"
run "$T/timed.csv" "$T/timed"
run "$T/hand.csv" "$T/hand"
run "$T/date.csv" "$T/date"
if cmp -s "$T/timed/ar.csv" "$T/hand/ar.csv" && cmp -s "$T/timed/car.csv" "$T/hand/car.csv"; then
	echo "ok timed event: the same day 0 (Mon 2025-08-18) as the hand-dated one"
else
	echo "FAIL timed event: ar.csv/car.csv differ from the hand-dated event"
	fail=1
fi
grep -q '^anchorage,RHM.DE,0,2025-08-18,' "$T/timed/ar.csv" || { echo "FAIL RHM.DE day 0"; fail=1; }
grep -q '(Fri 2025-08-15 15:00 America/Anchorage)' "$T/timed/summary.txt" ||
	{ echo "FAIL the summary does not give the event's time"; fail=1; }
want='  Day 0 differs by security: Fri 2025-08-15 RHM.DE BA.L HO.PA; Mon 2025-08-18 LDO.MI'
if grep -qxF "$want" "$T/date/summary.txt"; then
	echo "ok date only: the summary lists which security is on which date"
else
	echo "FAIL date only: expected the line: $want"
	grep 'differs' "$T/date/summary.txt" || true
	fail=1
fi
# an own close for RHM.DE (a `close` column, empty for the other rows)
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "close") c = i
		   if (!c) { c = NF + 1; $c = "close" } print; next }
	$1 == "RHM.DE" { $c = "23:59 America/Anchorage" } { NF = c > NF ? c : NF; print }' \
	"$D/securities.csv" > "$T/sec2.csv"
run "$T/timed.csv" "$T/own" "$T/sec2.csv"
if grep -q '^anchorage,RHM.DE,0,2025-08-15,' "$T/own/ar.csv" &&
	grep -q '^anchorage,HO.PA,0,2025-08-18,' "$T/own/ar.csv"; then
	echo "ok own close: RHM.DE closing at 23:59 America/Anchorage reacts on Friday"
else
	echo "FAIL own close"
	head -3 "$T/sec2.csv"
	grep '^anchorage,[A-Z.]*,0,' "$T/own/ar.csv" || true
	fail=1
fi
exit $fail
