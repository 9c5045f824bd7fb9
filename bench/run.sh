#!/bin/sh
# make bench: throughput and peak memory of bouncescan against a bare GMime
# parse and walk of the same messages (the ceiling) and Perl Sisimai, on a
# Maildir built by copying a corpus (the fixtures, or BENCH_CORPUS) until it
# holds N messages, at two sizes so that growth in memory shows. Reports;
# asserts nothing.
#   BENCH_CORPUS=DIR   messages to copy (default: tests/fixtures)
#   BENCH_SIZES="A B"  Maildir sizes (default: "10000 100000")
#   BENCH_SISIMAI=0    skip Perl Sisimai (libsisimai-perl)
#   BENCH_REPEAT=N     runs of each bouncescan and ceiling measurement, the
#                      fastest kept (default 3: a VM's noise only slows)
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

# measure_once, BENCH_REPEAT times: the shortest time and the largest
# peak RSS. Every run of a comparison gets the same number of tries.
measure () {
    best=; most=0; k=0
    while [ "$k" -lt "${BENCH_REPEAT:-3}" ]; do
        measure_once "$@"
        best=$(awk -v a="${best:-$secs}" -v b="$secs" \
            'BEGIN { print (b < a ? b : a) }')
        [ "$rss" -gt "$most" ] && most=$rss
        k=$((k + 1))
    done
    secs=$best; rss=$most
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
    measure sh -c "'$walker' < '$work/list'"
    row walk "gmime parse+walk -j 1"
    if [ -n "$allocator" ]; then
        measure env LD_PRELOAD="$allocator" sh -c "'$walker' < '$work/list'"
        row walkalloc "same, with mimalloc"
    fi
    measure "$bin" -q -j 1 "$dir"
    row one "bouncescan -j 1"
    measure "$bin" -q -j "$cpus" "$dir"
    row all "bouncescan -j $cpus"
    echo "         -j 1 / gmime ceiling: $(ratio "$rate_one" "$rate_walk");" \
         "-j $cpus / -j 1: $(ratio "$rate_all" "$rate_one")"
    [ -z "$allocator" ] ||
        echo "         -j 1 / gmime ceiling with mimalloc too:" \
             "$(ratio "$rate_one" "$rate_walkalloc")"
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
