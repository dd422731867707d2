#!/usr/bin/env bash
# The generated completions: bash completes commands, options and the values
# of enumerated options (also in --opt=VALUE form and in comma lists); the
# zsh function parses and loads.
#   bash tests/tools/completion.sh BASH_COMPLETION_FILE ZSH_COMPLETION_FILE
set -uo pipefail
BASHC=$1 ZSHC=$2
bad=0
# shellcheck source=/dev/null
. "$BASHC"
try() { # expected words... -- command line words (the last one is completed)
	local want=() w
	while [ "$1" != -- ]; do want+=("$1"); shift; done
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_defimpact
	local got
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	w=$(printf '%s\n' "${want[@]}" | sort | tr '\n' ' ')
	if [ "$got" = "$w" ]; then
		echo "ok   '$*' -> $got"
	else
		echo "FAIL '$*': got '$got' want '$w'"
		bad=$((bad + 1))
	fi
}
try run -- defimpact ru
try diff -- defimpact d
try --model -- defimpact run --mod
try mean market-adjusted market factor -- defimpact run --model ""
try market-adjusted market -- defimpact run --model mar
try --model=market-adjusted --model=market -- defimpact run --model=mar
try market-adjusted market -- defimpact run --model = mar
try excel-eu -- defimpact moves --csv-dialect e
try basket -- defimpact moves --benchmark-series b
try csv,svg -- defimpact run --formats csv,s
try yes -- defimpact simulate --clustered y
try --rtol -- defimpact diff --rt
try -- defimpact run --market ST
if command -v zsh > /dev/null; then
	loaded=$(zsh -fc "fpath=($(dirname "$ZSHC") \$fpath); autoload -Uz compinit; compinit -u -D; source '$ZSHC' 2>/dev/null; whence -w _defimpact")
	if zsh -n "$ZSHC" && [[ $loaded == *function* ]]; then
		echo "ok   zsh completion loads"
	else
		echo "FAIL zsh completion does not parse or load"
		bad=$((bad + 1))
	fi
else
	echo "FAIL no zsh to check the zsh completion (Debian package zsh; scripts/deps --test)"
	bad=$((bad + 1))
fi
[ "$bad" -eq 0 ] && echo "PASS completion" || exit 1
