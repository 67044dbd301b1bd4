#!/usr/bin/env bash
# bench-std.sh measures wall time and peak memory of locklint over the
# standard library, next to two baselines: the default go vet suite and a
# bare load + SSA build (bench/ssabuild). See BENCHMARKS.md for the method.
#
#   bash scripts/bench-std.sh
#
# It prints a Markdown table row per command and writes the raw numbers
# (GNU time -v output, each command's output, results.tsv) to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/bench/out
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# GNU time gives the peak RSS; bash's time keyword only the wall time.
timer=gnu
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null &&
		{ apt-get install -y time >/dev/null 2>&1 ||
			{ apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; }; }; then
		echo "installed GNU time (apt-get install -y time)" >&2
	else
		timer=bash
		echo "warning: /usr/bin/time (GNU time) is missing and could not be installed:" \
			"measuring wall time with bash's time; peak memory is unavailable" >&2
	fi
fi

echo "building locklint and bench/ssabuild" >&2
go build -o "$work/locklint" ./cmd/locklint
go build -o "$work/ssabuild" ./bench/ssabuild

# A private build cache in which every package is compiled but no go vet
# result is cached (go vet caches them per package and flags). go vet also
# vets test files, so it needs the test variants of std compiled, which
# go build std does not do: go vet -atomic std (one cheap analyzer, hence
# a different vet cache key from the measured run) compiles them. Untimed.
export GOCACHE=$work/gocache
echo "warming a private build cache: go build std; go vet -atomic std" >&2
go build std
go vet -atomic std

printf 'command\twall_s\tpeak_rss_kib\texit\n' >"$out/results.tsv"
echo "| command | wall time (s) | peak RSS (MiB) | exit status |"
echo "|---|---:|---:|---:|"

# measure NAME CMD...: runs CMD from the repository root, saves its output
# to bench/out/NAME.log and the timer's report to bench/out/NAME.time.
measure() {
	local name=$1 shown=$2
	shift 2
	local tf=$out/$name.time log=$out/$name.log wall rss status=0
	if [ "$timer" = gnu ]; then
		/usr/bin/time -v -o "$tf" "$@" >"$log" 2>&1 || status=$?
		# "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.35"
		wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$tf" |
			awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }')
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tf")
	else
		local TIMEFORMAT=%R
		{ time "$@" >"$log" 2>&1 || status=$?; } 2>"$tf"
		wall=$(printf '%.1f' "$(tail -n 1 "$tf")")
		rss=
	fi
	printf '%s\t%s\t%s\t%s\n' "$shown" "$wall" "${rss:-NA}" "$status" >>"$out/results.tsv"
	local mib=n/a
	[ -n "$rss" ] && mib=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
	echo "| \`$shown\` | $wall | $mib | $status |"
}

# locklint exits 3 when it reports something: a status, not a failure.
measure locklint "locklint -test=false std" "$work/locklint" -test=false std
# The engine runs whatever passes are enabled; the difference is the
# cost of lockorder's and condwait's own work on top of it.
measure locklint2 "locklint -test=false -doubleacquire -unreleased std" "$work/locklint" -test=false -doubleacquire -unreleased std
measure govet "go vet std" go vet std
# locklint as a vet tool: one process per package (test variants
# included), facts passed between them, so memory stays per package.
measure vettool "go vet -vettool=locklint std" go vet -vettool="$work/locklint" std
measure ssabuild "go run ./bench/ssabuild (prebuilt)" "$work/ssabuild"

{
	echo "go: $(go version)"
	echo "cpus: $(nproc)"
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "timer: $timer"
} >"$out/env.txt"
echo "raw numbers in bench/out/ (results.tsv, *.time, *.log, env.txt)" >&2
