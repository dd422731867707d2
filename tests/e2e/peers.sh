#!/usr/bin/env bash
# defimpact against peer tools' numbers: the Stata estudy fixture (market
# model in calendar time; constant-mean and market-adjusted models in event
# time) and the R package estudy2's example data (log returns, late IPOs).
set -euo pipefail
BIN=$1 PROJ=$2
export DI_PEERS=$PROJ/tests/data/peers
P=$DI_PEERS/stata-estudy
E2=$DI_PEERS/estudy2-example
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
check=$PROJ/tests/e2e/lib/peers_check.py
all12() { local p=$1; echo ${p}01,${p}02,${p}03,${p}04,${p}05,${p}06,${p}07,${p}08,${p}09,${p}10,${p}11,${p}12; }
common=(--estimation -200:-11 --event-window -5:5 --car -1:1 --car 0:0 --car -5:5 --min-estimation 100 --quiet)

"$BIN" run --prices "$P/prices.csv" --events "$P/events.csv" --market mkt --tickers "$(all12 s)" \
	"${common[@]}" --out "$T/sim"
python3 "$check" stata SIM "$T/sim"

"$BIN" run --prices "$P/prices_evt.csv" --events "$P/events_evt.csv" --model mean --tickers "$(all12 s)" \
	"${common[@]}" --out "$T/hmm"
python3 "$check" stata HMM "$T/hmm"

"$BIN" run --prices "$P/prices_evt.csv" --events "$P/events_evt.csv" --market flat \
	--model market-adjusted --tickers "$(all12 x)" "${common[@]}" --out "$T/mam"
python3 "$check" stata MAM "$T/mam"

# estudy2: the COVID-19 lockdown week, log returns; ZM and UBER listed late.
printf 'id,date,label\nlockdown,2020-03-16,US national emergency / lockdowns\n' > "$T/ev.csv"
"$BIN" run --prices "$E2/prices.csv" --events "$T/ev.csv" --market GSPC --returns log \
	--estimation -200:-11 --min-estimation 100 --quiet --out "$T/e2"
python3 "$check" estudy2 "$T/e2"
