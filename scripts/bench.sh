#!/usr/bin/env bash
# bench.sh measures locklint's wall time and peak memory against its
# baselines and its peers, as BENCHMARKS.md describes. Each comparison is
# paired: the commands alternate (A B, B A, A B, ...) and the medians of
# the runs are compared, since a shared machine's timings drift.
#
#   bash scripts/bench.sh [-n RUNS] [SUITE...]
#
# Suites (default: all but corpus and corpustests, which need CORPUS):
#   std          locklint -test=false std, against the load + SSA floor
#                (bench/ssabuild) and golintmu -test=false std
#   stdtests     locklint std (test files included) against staticcheck std
#   vet          go vet -vettool=locklint std against go vet std: a fresh
#                build cache per run in which std and its test variants are
#                compiled, but no vet result is cached
#   corpus       locklint -test=false against golintmu -test=false on each
#                module of ../shared/realworld (CORPUS=dir made by its
#                fetch.sh; ONLY="name ..." to restrict)
#   corpustests  locklint with test files on each module of CORPUS
#   determinism  locklint -test=false std under GOMAXPROCS=1, 2 and 4:
#                the outputs must be identical
#
# Needs GNU time (/usr/bin/time; installed with apt-get when missing and
# possible), the module proxy (golintmu's and staticcheck's builds), and
# ../shared/peers/golintmu. Raw figures go to bench/out/results.tsv (one
# row per run) and each command's output and time report to bench/out/;
# the summary (medians, ratios) is printed as Markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=3
if [ "${1:-}" = -n ]; then
	runs=$2
	shift 2
fi
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(std stdtests vet determinism)
out=$root/bench/out
mkdir -p "$out"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null &&
		{ apt-get install -y time >/dev/null 2>&1 ||
			{ apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; }; }; then
		echo "installed GNU time (apt-get install -y time)" >&2
	else
		echo "bench.sh: needs GNU time at /usr/bin/time" >&2
		exit 2
	fi
fi

echo "building locklint, bench/ssabuild, golintmu" >&2
go build -o "$work/locklint" ./cmd/locklint
go build -o "$work/ssabuild" ./bench/ssabuild
(cd "$root/../shared/peers/golintmu" && go build -o "$work/golintmu" ./cmd/golintmu)
{
	go version
	echo "CPUs: $(nproc)"
	free -m | awk '/Mem:/ {print "memory: " $2 " MiB"}'
	echo "locklint: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (dirty)')"
	date -u
} >"$out/env.txt"
cat "$out/env.txt" >&2

printf 'suite\tcommand\trun\twall_s\tuser_s\tpeak_kib\texit\n' >"$out/results.tsv"

# measure SUITE NAME RUN DIR CMD...: runs CMD in DIR under GNU time and
# appends a row to results.tsv.
measure() {
	local suite=$1 name=$2 run=$3 dir=$4
	shift 4
	local tag
	tag=$(printf '%s-%s-%s' "$suite" "$name" "$run" | tr -c 'A-Za-z0-9.\n-' '_')
	local status=0
	(cd "$dir" && /usr/bin/time -f '%e %U %M' -o "$out/$tag.time" "$@" >"$out/$tag.log" 2>&1) || status=$?
	local wall user kib
	read -r wall user kib < <(tail -n 1 "$out/$tag.time")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$suite" "$name" "$run" "$wall" "$user" "$kib" "$status" >>"$out/results.tsv"
	printf '  %-28s run %s: %6ss wall, %6ss user, %5s MiB, exit %s\n' "$name" "$run" "$wall" "$user" $((kib / 1024)) "$status" >&2
}

# alternate SUITE DIR NAME CMD... [-- NAME CMD...]...: runs the commands
# in turn, RUNS times, rotating their order from one run to the next.
alternate() {
	local suite=$1 dir=$2
	shift 2
	local names=() cmds=() cur=""
	while [ $# -gt 0 ]; do
		names+=("$1")
		shift
		cur=""
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			cur+=" $(printf '%q' "$1")"
			shift
		done
		cmds+=("$cur")
		[ $# -gt 0 ] && shift
	done
	local n=${#names[@]}
	for ((i = 1; i <= runs; i++)); do
		for ((j = 0; j < n; j++)); do
			local k=$(((i - 1 + j) % n))
			eval "measure \"\$suite\" \"\${names[$k]}\" \"\$i\" \"\$dir\" ${cmds[$k]}"
		done
	done
}

for suite in "${suites[@]}"; do
	echo "== $suite" >&2
	case $suite in
	std)
		alternate std "$root" locklint "$work/locklint" -test=false std -- ssabuild "$work/ssabuild" -- golintmu "$work/golintmu" -test=false std
		;;
	stdtests)
		GOBIN=$work go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
		# staticcheck caches its results (per package, across runs): each
		# run gets a fresh cache, or the runs after the first measure
		# nothing.
		cat >"$work/staticcheck-fresh" <<EOS
#!/usr/bin/env bash
d=\$(mktemp -d)
STATICCHECK_CACHE=\$d "$work/staticcheck" "\$@"
s=\$?
rm -rf "\$d"
exit \$s
EOS
		chmod +x "$work/staticcheck-fresh"
		alternate stdtests "$root" locklint "$work/locklint" std -- staticcheck "$work/staticcheck-fresh" std
		;;
	vet)
		# A warm cache: every package and test variant compiled, no vet
		# result for these flags cached (-atomic is a different key).
		GOCACHE=$work/warm go build std
		GOCACHE=$work/warm go vet -atomic std >/dev/null 2>&1 || true
		for ((i = 1; i <= runs; i++)); do
			for cmd in govet vettool; do
				rm -rf "$work/gocache"
				cp -a "$work/warm" "$work/gocache"
				if [ $cmd = govet ]; then
					GOCACHE=$work/gocache measure vet "go-vet" "$i" "$root" go vet std
				else
					GOCACHE=$work/gocache measure vet "go-vet-vettool-locklint" "$i" "$root" go vet -vettool="$work/locklint" std
				fi
			done
		done
		;;
	corpus | corpustests)
		corpus=${CORPUS:?set CORPUS to a directory made by ../shared/realworld/fetch.sh}
		for d in "$corpus"/*/; do
			n=$(basename "$d")
			[ -f "$d/PACKAGES" ] || continue
			if [ -n "${ONLY:-}" ] && ! printf ' %s ' "$ONLY" | grep -q " $n "; then continue; fi
			# shellcheck disable=SC2046 # one word per package
			if [ "$suite" = corpus ]; then
				alternate corpus "$d" "$n/locklint" "$work/locklint" -test=false $(cat "$d/PACKAGES") -- "$n/golintmu" "$work/golintmu" -test=false $(cat "$d/PACKAGES")
			else
				for ((i = 1; i <= runs; i++)); do
					measure corpustests "$n/locklint" "$i" "$d" "$work/locklint" $(cat "$d/PACKAGES")
				done
			fi
		done
		;;
	determinism)
		for p in 1 2 4; do
			GOMAXPROCS=$p measure determinism "GOMAXPROCS=$p" 1 "$root" "$work/locklint" -test=false std
		done
		if cmp -s "$out/determinism-GOMAXPROCS_1-1.log" "$out/determinism-GOMAXPROCS_2-1.log" &&
			cmp -s "$out/determinism-GOMAXPROCS_1-1.log" "$out/determinism-GOMAXPROCS_4-1.log"; then
			echo "  outputs identical under GOMAXPROCS=1, 2 and 4" >&2
		else
			echo "  OUTPUTS DIFFER under GOMAXPROCS=1, 2, 4 (see bench/out/determinism-*.log)" >&2
		fi
		;;
	*)
		echo "bench.sh: unknown suite $suite" >&2
		exit 2
		;;
	esac
done

# The summary: medians per suite and command.
python3 - "$out/results.tsv" <<'PY'
import csv, sys, statistics, collections
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by = collections.OrderedDict()
for r in rows:
    by.setdefault((r["suite"], r["command"]), []).append(r)
print("| suite | command | runs | median wall (s) | median user (s) | median peak (MiB) | exit |")
print("|---|---|---:|---:|---:|---:|---|")
for (suite, cmd), rs in by.items():
    med = lambda k: statistics.median(float(r[k]) for r in rs)
    exits = ",".join(sorted({r["exit"] for r in rs}))
    print(f"| {suite} | {cmd} | {len(rs)} | {med('wall_s'):.1f} | {med('user_s'):.1f} | {med('peak_kib')/1024:.0f} | {exits} |")
PY
