#!/bin/sh
# Builds the libFuzzer harnesses with clang and runs each for FUZZ_SECONDS
# (default 60) on a corpus seeded from the fixtures and the rules; fails on
# any crash, leak, timeout or out-of-memory. For a release, run longer:
#   FUZZ_SECONDS=3600 make fuzz
# A failing input is saved as $FUZZ_DIR/crash-*, leak-*, timeout-* or oom-*;
# replay it with: $FUZZ_DIR/fuzz-NAME FILE
set -eu
srcdir=${srcdir:-.}
seconds=${FUZZ_SECONDS:-60}
out=${FUZZ_DIR:-fuzz-build}
mkdir -p "$out"
cc=${FUZZ_CC:-clang}
flags="-D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I$srcdir/src/lib $(pkg-config --cflags gmime-3.0 glib-2.0 gio-2.0 json-glib-1.0 sqlite3 xlsxwriter)"
libs="$(pkg-config --libs gmime-3.0 glib-2.0 gio-2.0 json-glib-1.0 sqlite3 xlsxwriter)"
lib_sources=$(ls "$srcdir"/src/lib/bs-*.c)

# FUZZ_ONLY="rules" (for instance) builds and runs only those harnesses.
harnesses=${FUZZ_ONLY:-scan rules smtpcode literal mbox}
for name in $harnesses; do
    $cc $flags -DFUZZ_RULES="\"$srcdir/rules/default.rules\"" \
        "$srcdir/fuzz/fuzz-$name.c" $lib_sources $libs -o "$out/fuzz-$name"
done

# Seeds: fixtures for the scanner, rule files for the loader, diagnostics
# cut from the fixtures for the code scanner, and each text pattern of the
# default rules over a diagnostic for the prefilter, and the mboxes after
# two bytes (size limit, read size) for the splitter.
mkdir -p "$out/seed-scan" "$out/seed-rules" "$out/seed-smtpcode" \
    "$out/seed-literal" "$out/seed-mbox"
find "$srcdir/tests/fixtures" -name '*.eml' -exec cp {} "$out/seed-scan/" \;
cp "$srcdir/rules/default.rules" "$srcdir"/tests/fixtures/rules/*.rules \
    "$out/seed-rules/"
grep -rh "^Diagnostic-Code:" "$srcdir/tests/fixtures" | head -100 |
    split -l 1 - "$out/seed-smtpcode/d"
sed -n 's/.*text="\(.*\)".*/\1/p' "$srcdir/rules/default.rules" |
    sed 's/\\\\/\\/g' | head -60 | split -l 1 - "$out/seed-literal/p"
for f in "$out"/seed-literal/p*; do
    echo "550 5.1.1 <a@example.org>: User unknown; mailbox is full" >> "$f"
done
for f in "$srcdir"/tests/fixtures/mbox/*.mbox; do
    { printf '\377\007'; cat "$f"; } > "$out/seed-mbox/$(basename "$f")"
    { printf '\060\001'; cat "$f"; } > "$out/seed-mbox/small-$(basename "$f")"
done

# FUZZ_SEED makes a run repeatable (CI sets it, so a red run can be
# replayed); without it every run explores differently.
seed=${FUZZ_SEED:+-seed=$FUZZ_SEED}
status=0
for name in $harnesses; do
    mkdir -p "$out/corpus-$name"
    echo "fuzz-$name: $seconds s"
    # G_SLICE: GLib's slab allocator hides its objects from ASan, so a
    # misuse of one is not reported where it happens; with malloc every
    # GLib and GMime object is checked where it is used.
    G_SLICE=always-malloc ASAN_OPTIONS=detect_leaks=1 "$out/fuzz-$name" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -max_len=262144 $seed \
        -artifact_prefix="$out/" -print_final_stats=1 \
        "$out/corpus-$name" "$out/seed-$name" \
        > "$out/fuzz-$name.log" 2>&1 || status=1
    # The report of a failure: sanitizer errors, allocator CHECKs (heap
    # corruption seen from outside instrumented code) and the saved input.
    grep -E "^stat::number_of_executed_units|ERROR|SUMMARY|CHECK failed|Test unit written|^ +#[0-9]+ .* in bs_" \
        "$out/fuzz-$name.log" | head -40 || true
done
exit $status
