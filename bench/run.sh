#!/bin/sh
# make bench: throughput and peak memory of bouncescan against a bare GMime
# parse and walk of the same messages (the ceiling) and Perl Sisimai, on a
# Maildir built by copying a corpus (the fixtures, or BENCH_CORPUS) until it
# holds N messages, at two sizes so that growth in memory shows. Reports;
# asserts nothing.
#   BENCH_CORPUS=DIR   messages to copy (default: tests/fixtures)
#   BENCH_SIZES="A B"  Maildir sizes (default: "10000 100000")
#   BENCH_SISIMAI=0    skip Perl Sisimai (libsisimai-perl)
#   BENCH_REPEAT=N     rounds of the bouncescan and ceiling runs (default
#                      5); times are medians, ratios medians per round
set -eu
LC_ALL=C
export LC_ALL
srcdir=${srcdir:-.}
bin=${builddir:-.}/src/bouncescan
# In a build tree src/bouncescan is libtool's wrapper script, which costs
# some 50 ms a run in shell and sed; time the program itself.
if [ -x "${builddir:-.}/src/.libs/bouncescan" ]; then
    bin=${builddir:-.}/src/.libs/bouncescan
    LD_LIBRARY_PATH=${builddir:-.}/src/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export LD_LIBRARY_PATH
fi
walker=${builddir:-.}/bench/gmime-walk
# bouncescan may link mimalloc (configure --with-mimalloc); the ceiling is
# then measured twice, with the C library's malloc (the issue's figure) and
# with the same allocator, so that the ratio of classifying to parsing
# shows apart from the allocator's gain.
allocator=$(ldd "$bin" 2>/dev/null | awk '/libmimalloc/ { print $3; exit }')
corpus=${BENCH_CORPUS:-$srcdir/tests/fixtures}
sizes=${BENCH_SIZES:-10000 100000}
cpus=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs a command under GNU time; sets $secs and $rss (MiB). The time is
# taken to the microsecond around it: GNU time's own is in hundredths,
# too coarse for a run of half a second.
measure_once () {
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/time" "$@" > /dev/null 2>&1 || true
    end=$(date +%s%N)
    secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    rss=$(( $(tail -n 1 "$work/time") / 1024 ))
}

# A round runs each contender once, back to back, and appends its time to
# $work/t.KEY and its peak RSS to $work/m.KEY. On a virtual machine whose
# speed drifts by half or more over minutes, the fastest of each
# contender's runs may come from different moments; runs next to each
# other see about the same machine, so the ratios are taken per round
# and their median reported. Every other round runs in reverse order.
time_into () {
    key=$1; shift
    measure_once "$@"
    echo "$secs" >> "$work/t.$key"
    echo "$rss" >> "$work/m.$key"
}

contender () {
    case $1 in
    walk) time_into walk sh -c "'$walker' < '$work/list'" ;;
    walkalloc) time_into walkalloc env LD_PRELOAD="$allocator" \
                   sh -c "'$walker' < '$work/list'" ;;
    one) time_into one "$bin" -q -j 1 "$dir" ;;
    all) time_into all "$bin" -q -j "$cpus" "$dir" ;;
    esac
}

rounds () {
    keys="walk ${allocator:+walkalloc} one all"
    reversed=$(echo $keys | tr ' ' '\n' | tac | tr '\n' ' ')
    rm -f "$work"/t.* "$work"/m.*
    k=0
    while [ "$k" -lt "${BENCH_REPEAT:-5}" ]; do
        if [ $((k % 2)) = 0 ]; then order=$keys; else order=$reversed; fi
        for key in $order; do contender "$key"; done
        k=$((k + 1))
    done
}

median () {
    sort -g | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.4f", m }'
}

# Sets $secs to the median time of KEY's runs and $rss to their peak.
summary () {
    secs=$(median < "$work/t.$1")
    rss=$(sort -n "$work/m.$1" | tail -n 1)
}

# A's time over B's in each round: how many times faster B ran than A.
ratios () {
    paste "$work/t.$1" "$work/t.$2" | awk '{ print ($2 > 0 ? $1 / $2 : 0) }'
}

# The median of those ratios, then their range, which shows the noise.
paired () {
    median=$(ratios "$1" "$2" | median)
    ratios "$1" "$2" | sort -g | awk -v m="$median" \
        'NR == 1 { low = $1 } { high = $1 }
         END { printf "%.2f (%.2f-%.2f)", m, low, high }'
}

# Prints a row and sets rate_<key>.
row () {
    key=$1; label=$2
    rate=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / (s > 0 ? s : 0.001) }')
    mbs=$(awk -v m="$mb" -v s="$secs" 'BEGIN { printf "%.1f", m / (s > 0 ? s : 0.001) }')
    printf '%-8s %-22s %10s %8s %8sMB\n' "$n" "$label" "$rate" "$mbs" "$rss"
    eval "rate_$key=$rate"
}

ratio () {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

build_maildir () {
    dir=$work/md-$n
    mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
    find "$corpus" -type f -name '*.eml' | sort > "$work/sources"
    i=0
    while [ "$i" -lt "$n" ]; do
        while read -r f; do
            [ "$i" -lt "$n" ] || break
            i=$((i + 1))
            cp "$f" "$dir/cur/$i.bench.$$:2,S"
        done < "$work/sources"
    done
}

echo "Times: medians of ${BENCH_REPEAT:-5} rounds. Ratios: the median of the" \
     "rounds' ratios, their range in brackets."
printf '%-8s %-22s %10s %8s %10s\n' size run "msgs/s" "MB/s" "peak RSS"
for n in $sizes; do
    build_maildir
    mb=$(du -sm "$dir" | cut -f1)
    find "$dir/cur" -type f | sort > "$work/list"
    # Every run reads from the page cache: the copies are written back
    # first (the write-back would otherwise slow whichever run comes first,
    # the ceiling) and read once.
    sync
    xargs cat < "$work/list" > /dev/null
    rounds
    summary walk
    row walk "gmime parse+walk -j 1"
    if [ -n "$allocator" ]; then
        summary walkalloc
        row walkalloc "same, with mimalloc"
    fi
    summary one
    row one "bouncescan -j 1"
    summary all
    row all "bouncescan -j $cpus"
    echo "         -j 1 / gmime ceiling: $(paired walk one);" \
         "-j $cpus / -j 1: $(paired one all)"
    [ -z "$allocator" ] ||
        echo "         -j 1 / gmime ceiling with mimalloc too:" \
             "$(paired walkalloc one)"
    if [ "${BENCH_SISIMAI:-1}" != 0 ] && ! perl -MSisimai -e 1 2>/dev/null; then
        echo "         perl Sisimai: not installed, skipped" \
             "(Debian: apt-get install libsisimai-perl)"
    elif [ "${BENCH_SISIMAI:-1}" != 0 ]; then
        # Once: Perl takes a minute at 100k, and its noise does not
        # change a tenfold ratio.
        measure_once perl -MSisimai -e 'Sisimai->make($ARGV[0])' "$dir/cur"
        row sisimai "perl Sisimai"
        echo "         bouncescan -j $cpus / Sisimai: $(ratio "$rate_all" "$rate_sisimai")x"
    fi
    rm -rf "$dir"
done
