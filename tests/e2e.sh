#!/bin/sh
# End-to-end tests of the bouncescan command: every fixture that has an
# expected CSV of the same name is scanned and the output compared with
# diff -u; then the exit codes and error messages of the CLI are checked.
# REGEN=1 rewrites the expected files from the current build instead, after
# a deliberate change; review "git diff tests/expected" before committing.
. "${top_srcdir:-.}/tests/common.sh"
expected=$srcdir/tests/expected


# Compares expected file $1 with output $2 (or rewrites $1 under REGEN).
compare () {
    if [ -n "${REGEN:-}" ]; then
        cp "$2" "$1"; pass
    elif diff -u "$1" "$2" > "$work/diff"; then
        pass
    else
        fail "$3"; cat "$work/diff"
    fi
}

# Every expected file names its input: expected/<shape>/<case>.csv is the
# output for fixtures/<shape>/<case>.eml, expected/<dir>.csv for the
# directory fixtures/<dir> (a Maildir). Sources print relative to fixtures/.
for want in "$expected"/*.csv "$expected"/*/*.csv; do
    rel=${want#"$expected"/}
    rel=${rel%.csv}
    input=$rel.eml
    [ -e "$fixtures/$input" ] || input=$rel.mbox
    [ -e "$fixtures/$input" ] || input=$rel
    (cd "$fixtures" && "$OLDPWD/$bin" "$input") > "$work/got.csv" 2>"$work/err" ||
        { fail "$rel: exit $?: $(cat "$work/err")"; continue; }
    compare "$want" "$work/got.csv" "$rel"
done

# Commands whose whole output is checked: expected/cli/<name>.out holds
# standard output and standard error, then the exit status.
check_output () {
    name=$1; shift
    set +e
    (cd "$fixtures" && "$OLDPWD/$bin" "$@") > "$work/out" 2>&1
    echo "exit $?" >> "$work/out"
    set -e
    compare "$expected/cli/$name.out" "$work/out" "cli $name"
}
check_output custom-rules -r rules/custom.rules postfix/userunknown.eml \
    postfix/mailboxfull.eml
check_output only-custom-rules --no-default-rules -r rules/custom.rules \
    postfix/userunknown.eml sendmail/userunknown.eml
check_output explain explain --no-default-rules -r rules/custom.rules \
    postfix/multi-recipient.eml
check_output rules-check-bad rules check rules/bad.rules
check_output rules-check-good rules check rules/custom.rules
check_output rules-test rules test --no-default-rules -r rules/custom.rules \
    postfix exim
check_output not-a-bounce -v dsn/not-a-bounce.eml
check_output no-address -v dsn/no-address.eml
check_output table -f table maildir
check_output bad-format -f xml maildir
check_output verp --verp 'list-bounces+{local}={domain}@lists.example.org' \
    postfix/userunknown.eml
check_output bad-verp --verp 'list-bounces@example.org' maildir

# --unparsed copies (never moves) what nothing explained into a Maildir.
(cd "$fixtures" && "$OLDPWD/$bin" --unparsed "$work/unparsed" \
    dsn/not-a-bounce.eml postfix/userunknown.eml > /dev/null)
[ "$(ls "$work/unparsed/new" | wc -l)" -eq 1 ] && pass || fail "--unparsed"
cmp -s "$work/unparsed/new/"* "$fixtures/dsn/not-a-bounce.eml" && pass ||
    fail "--unparsed copy differs"
[ -f "$fixtures/dsn/not-a-bounce.eml" ] && pass || fail "input was moved"

# From an mbox, --unparsed copies the message's own bytes: without its
# From_ line and the blank line after it, its ">From " line unquoted.
(cd "$fixtures" && "$OLDPWD/$bin" --unparsed "$work/unparsed-mbox" \
    mbox/bounces.mbox > /dev/null)
tail -c +5483 "$fixtures/mbox/bounces.mbox" | head -c $((6176 - 5482)) |
    sed '1d;$d;s/^>From /From /' > "$work/third.eml"
[ "$(ls "$work/unparsed-mbox/new" | wc -l)" -eq 1 ] &&
    cmp -s "$work/unparsed-mbox/new/"* "$work/third.eml" && pass ||
    fail "--unparsed copy of an mbox message"

# JSON Lines carries the same rows as CSV, one object per line.
(cd "$fixtures" && "$OLDPWD/$bin" maildir) | sed 1d | wc -l > "$work/csv.n"
(cd "$fixtures" && "$OLDPWD/$bin" -f jsonl maildir) > "$work/rows.jsonl"
wc -l < "$work/rows.jsonl" | cmp -s - "$work/csv.n" && pass ||
    fail "jsonl and csv row counts differ"
grep -c '^{"source":"maildir/.*"feedback_type":""}$' "$work/rows.jsonl" |
    cmp -s - "$work/csv.n" && pass || fail "jsonl lines are not whole objects"

# xlsx, for people: every fixture's rows as the raw CSV has them, each
# cell typed (5.1.1 and 550 strings, a formula-like diagnostic a string,
# bounce_date a date-time in UTC), the header frozen, an autofilter.
# tests/check-sheet.py reads the workbook back with Debian's openpyxl (not
# a pyenv python3 without it), and first shows that each of its checks
# fails on a workbook wrong in that one way.
py=/usr/bin/python3
check_sheet () {
    "$py" "$srcdir/tests/check-sheet.py" "$@" > "$work/sheet.out" 2>&1 &&
        pass || { fail "check-sheet.py $1"; head -20 "$work/sheet.out"; }
}
if "$py" -c 'import openpyxl' 2> /dev/null; then
    mkdir -p "$work/tmp"
    (cd "$fixtures" && "$OLDPWD/$bin" -q --raw-csv .) > "$work/all.csv" \
        2>/dev/null || true
    (cd "$fixtures" && TMPDIR="$work/tmp" "$OLDPWD/$bin" -q -j 1 -f xlsx \
        -o "$work/all.xlsx" .) 2>/dev/null || true
    check_sheet mutants "$work/all.csv"
    check_sheet xlsx "$work/all.csv" "$work/all.xlsx"
    # Rows from worker processes come out the same.
    (cd "$fixtures" && TMPDIR="$work/tmp" "$OLDPWD/$bin" -q -j 3 -f xlsx .) \
        > "$work/all-j3.xlsx" 2>/dev/null || true
    check_sheet same "$work/all.xlsx" "$work/all-j3.xlsx"
    [ -z "$(ls -A "$work/tmp")" ] && pass || fail "xlsx temporary file left"
    # A remote server's control characters (\001, ESC) are not XML: a
    # workbook's cell holds the diagnostic without them.
    controls=$(printf '\001ctl\033[31m esc')
    sed "s/^\(Diagnostic-Code: .*\)\$/\1 $controls/" \
        "$fixtures/postfix/userunknown.eml" > "$work/controls.eml"
    "$bin" --raw-csv "$work/controls.eml" > "$work/controls.csv"
    grep -qF "$controls" "$work/controls.csv" && pass ||
        fail "controls: the CSV lacks them; the test tests nothing"
    "$bin" -f xlsx -o "$work/controls.xlsx" "$work/controls.eml"
    check_sheet cells "$work/controls.csv" "$work/controls.xlsx"
else
    fail "xlsx: /usr/bin/python3 has no openpyxl: sh scripts/install-deps.sh"
fi
# A terminal gets no binary: -f xlsx wants -o there (script(1) gives the
# command a terminal), and nothing is read.
if command -v script > /dev/null; then
    script -qec "$bin -f xlsx $work/missing.eml" /dev/null > "$work/tty" 2>&1 &&
        fail "xlsx to a terminal: exit 0" || true
    grep -q "^bouncescan: xlsx is binary: use -o FILE.xlsx" "$work/tty" &&
        ! grep -q missing.eml "$work/tty" && pass ||
        fail "xlsx to a terminal: $(cat "$work/tty")"
fi

# Exit codes: 0 all read, 2 some unreadable (named on stderr), 1 usage.
expect_exit () {
    want=$1; shift
    set +e; "$@" > "$work/out" 2> "$work/err"; got=$?; set -e
    if [ "$got" -eq "$want" ]; then pass; else fail "exit $got (want $want): $*"; fi
}
first=$fixtures/postfix/userunknown.eml
expect_exit 0 "$bin" "$first"
expect_exit 2 "$bin" "$first" "$work/missing.eml"
grep -q "^$work/missing.eml: No such file or directory$" "$work/err" &&
    pass || fail "missing file not named on stderr: $(cat "$work/err")"
grep -c "@" "$work/out" > /dev/null && pass || fail "rows lost after an error"
ln -s "$work/nowhere" "$work/dangling.eml"
expect_exit 2 "$bin" "$work/dangling.eml" "$first"
expect_exit 0 "$bin" "$fixtures/maildir"
expect_exit 1 "$bin"
expect_exit 1 "$bin" --no-such-option
expect_exit 0 "$bin" --help
grep -q -- "--output" "$work/out" && pass || fail "--help lacks --output"
expect_exit 0 "$bin" --version
grep -q "^bouncescan [0-9]" "$work/out" && pass || fail "--version: $(cat "$work/out")"

# Options may come before the command word, as in the README: the word is
# found past options and their values ("-o rules" is a file, not a
# command).
(cd "$fixtures" && "$OLDPWD/$bin" -r rules/custom.rules rules test postfix) \
    > "$work/hoisted" 2>&1 && pass || fail "-r FILE rules test: exit $?"
(cd "$fixtures" && "$OLDPWD/$bin" rules test -r rules/custom.rules postfix) \
    > "$work/plain" 2>&1
cmp -s "$work/hoisted" "$work/plain" && grep -q "custom.rules:3" "$work/plain" &&
    pass || fail "options before 'rules test' differ"
(cd "$fixtures" && "$OLDPWD/$bin" rules -r rules/custom.rules test postfix) \
    > "$work/middle" 2>&1
cmp -s "$work/middle" "$work/plain" && pass || fail "rules -r FILE test"
expect_exit 0 "$bin" -o "$work/rules" "$first"
grep -q "^source," "$work/rules" && pass || fail "-o rules: not a file"
expect_exit 0 "$bin" --now 2026-03-05 report "$fixtures/report"
head -n 1 "$work/out" | grep -q "^address," && pass || fail "--now X report"
expect_exit 0 "$bin" rules --help
grep -q "usage: bouncescan rules check" "$work/out" && pass ||
    fail "rules --help: $(cat "$work/out")"
expect_exit 1 "$bin" explain "$fixtures/postfix"
grep -q "is a directory; give one message file" "$work/err" && pass ||
    fail "explain DIR: $(cat "$work/err")"
expect_exit 2 "$bin" rules check "$work/no-such.rules"
grep -q "^bouncescan: .*no-such.rules" "$work/err" && pass ||
    fail "rules check missing file: $(cat "$work/err")"
# explain shows the conditions the deciding rule met, and says "no reply
# code" rather than a byte offset of -1.
"$bin" explain "$first" > "$work/explain" 2>&1
grep -q "^  rule default.rules:[0-9]*: matched (.*text=.*): userunknown, hard" "$work/explain" &&
    pass || fail "explain: conditions not shown"
grep -q "byte -1" "$work/explain" && fail "explain: byte -1" || pass

# Standard input gives the same rows, with "-" as the source.
"$bin" - < "$first" | sed 1d | cut -d, -f2- > "$work/stdin.csv"
"$bin" "$first" | sed 1d | cut -d, -f2- > "$work/file.csv"
cmp -s "$work/stdin.csv" "$work/file.csv" && pass || fail "stdin differs"

# -o writes the file atomically and leaves an old file intact on failure.
"$bin" -o "$work/out.csv" "$first"
head -n 1 "$work/out.csv" | grep -q "^source,bounce_date,recipient," &&
    pass || fail "-o did not write the header"
expect_exit 3 "$bin" -o "$work/no/such/dir/x.csv" "$first"
grep -q "^bouncescan: $work/no/such/dir/x.csv: cannot write: No such file or directory$" "$work/err" &&
    pass || fail "-o error: $(cat "$work/err")"
# A write error names the output and has its own exit status.
expect_exit 3 "$bin" -o /dev/full "$first"
grep -q "^bouncescan: /dev/full: .*No space left on device$" "$work/err" &&
    pass || fail "write error: $(cat "$work/err")"
echo "old report" > "$work/keep.csv"
expect_exit 2 "$bin" -o "$work/keep.csv" "$first" "$work/missing.eml"
grep -q "^source," "$work/keep.csv" && pass || fail "-o with a bad input"
[ -z "$(ls -A "$work" | grep "^\.")" ] && pass || fail "temporary file left"
# -o FILE.xlsx too: a scan killed while it waits on a FIFO leaves the old
# FILE as it was (the workbook reaches FILE's temporary file at the end).
"$bin" -f xlsx -o "$work/out.xlsx" "$first"
[ "$(head -c 2 "$work/out.xlsx")" = PK ] && pass || fail "-o FILE.xlsx: no zip"
mkfifo "$work/stuck.eml"
echo "old report" > "$work/old.xlsx"
"$bin" -q -j 1 -f xlsx -o "$work/old.xlsx" "$first" "$work/stuck.eml" \
    2> /dev/null &
scan=$!
sleep 1
kill -9 "$scan" 2> /dev/null || true
wait "$scan" 2> /dev/null || true
[ "$(cat "$work/old.xlsx")" = "old report" ] && pass ||
    fail "killed xlsx scan: output replaced"
# A workbook that cannot be built (TMPDIR missing) fails the run, status 3,
# and leaves the old FILE.
set +e
TMPDIR="$work/none" "$bin" -f xlsx -o "$work/old.xlsx" "$first" 2> "$work/err"
status=$?
set -e
[ "$status" -eq 3 ] && grep -q "/none/bouncescan-.*xlsx" "$work/err" &&
    [ "$(cat "$work/old.xlsx")" = "old report" ] && pass ||
    fail "xlsx without TMPDIR: exit $status: $(cat "$work/err")"

# The output is byte-identical for any number of worker processes.
(cd "$fixtures" && "$OLDPWD/$bin" -j 1 .) > "$work/j1.csv" 2>/dev/null || true
(cd "$fixtures" && "$OLDPWD/$bin" -j 4 .) > "$work/j4.csv" 2>/dev/null || true
cmp -s "$work/j1.csv" "$work/j4.csv" && pass || fail "-j 1 and -j 4 differ"
[ "$(wc -l < "$work/j1.csv")" -gt 40 ] && pass || fail "-j 1 wrote too little"
# Short options take their value attached too, as people type them.
(cd "$fixtures" && "$OLDPWD/$bin" -j4 -fcsv .) > "$work/j4-attached.csv" \
    2>/dev/null || true
cmp -s "$work/j1.csv" "$work/j4-attached.csv" && pass ||
    fail "-j4 -fcsv differs from -j 4"
# Many chunks of messages of unequal cost, handed to whichever worker is
# free, still come out in order.
mkdir -p "$work/many/cur" "$work/many/new"
i=0
for copy in 1 2 3 4 5 6; do
    for f in "$fixtures"/*/*.eml; do
        i=$((i + 1))
        cp "$f" "$work/many/cur/$(printf %05d $i).x:2,S"
    done
done
"$bin" -q -j 1 "$work/many" > "$work/many1.csv" 2>/dev/null || true
"$bin" -q -j 3 "$work/many" > "$work/many3.csv" 2>/dev/null || true
[ "$(wc -l < "$work/many1.csv")" -gt "$i" ] &&
    cmp -s "$work/many1.csv" "$work/many3.csv" && pass ||
    fail "$i messages: -j 1 and -j 3 differ"

# An empty Maildir (no workers are started) and a directory of one message
# (its one input is scanned by the parent) come out as with one process,
# exit status too.
mkdir -p "$work/none/cur" "$work/none/new" "$work/one"
cp "$first" "$work/one/"
for dir in none one; do
    for jobs in 1 3; do
        set +e
        "$bin" -q -j $jobs "$work/$dir" > "$work/$dir-j$jobs.csv" 2>&1
        echo "exit $?" >> "$work/$dir-j$jobs.csv"
        set -e
    done
    [ "$(wc -l < "$work/$dir-j1.csv")" -ge 2 ] &&
        cmp -s "$work/$dir-j1.csv" "$work/$dir-j3.csv" && pass ||
        fail "$dir: -j 1 and -j 3 differ"
done

# Workers render csv and jsonl rows themselves, and send table rows as
# columns; every format is the same for any number of them.
for format in jsonl table; do
    (cd "$fixtures" && "$OLDPWD/$bin" -f $format -j 1 .) > "$work/j1.$format" \
        2>/dev/null || true
    (cd "$fixtures" && "$OLDPWD/$bin" -f $format -j 3 .) > "$work/j3.$format" \
        2>/dev/null || true
    [ "$(wc -l < "$work/j1.$format")" -gt 40 ] &&
        cmp -s "$work/j1.$format" "$work/j3.$format" && pass ||
        fail "-f $format: -j 1 and -j 3 differ"
done

# An mbox on standard input gives the same rows, sources "-:offset".
"$bin" --mbox - < "$fixtures/mbox/bounces.mbox" | sed 1d | cut -d, -f2- \
    > "$work/stdin-mbox.csv"
"$bin" "$fixtures/mbox/bounces.mbox" | sed 1d | cut -d, -f2- > "$work/mbox.csv"
cmp -s "$work/stdin-mbox.csv" "$work/mbox.csv" && pass || fail "--mbox stdin"

# Every mbox gives the same rows at the same offsets from its file, from
# standard input, and from standard input with --mbox: an unescaped
# "From " line in a body (prose, or a whole From_ line before body text)
# ends no mbox, and neither a junk line nor a bare "From" line before the
# first From_ line loses it (their rows are in expected/mbox/).
offsets () { sed 's/^{"source":"[^"]*:\([0-9]*\)",/{"offset":\1,/'; }
for case in bounces unescaped-from unescaped-fromline junk-first \
    bare-from-first; do
    mbox=$fixtures/mbox/$case.mbox
    "$bin" -f jsonl "$mbox" 2> /dev/null | offsets > "$work/$case.file"
    "$bin" -f jsonl - < "$mbox" 2> /dev/null | offsets > "$work/$case.stdin"
    "$bin" -f jsonl --mbox - < "$mbox" 2> /dev/null | offsets \
        > "$work/$case.mbox-stdin"
    [ "$(wc -l < "$work/$case.file")" -ge 3 ] &&
        grep -q '^{"offset":[0-9]*,' "$work/$case.file" &&
        cmp -s "$work/$case.file" "$work/$case.stdin" &&
        cmp -s "$work/$case.file" "$work/$case.mbox-stdin" && pass ||
        fail "$case.mbox: file, - and --mbox - differ"
done
[ "$(wc -l < "$work/unescaped-from.file")" -eq 5 ] && pass ||
    fail "unescaped-from.mbox: $(wc -l < "$work/unescaped-from.file") rows"

# What is in doubt is named on standard error as PATH:OFFSET, with or
# without -v; the exit status stays 0.
expect_exit 0 "$bin" -v "$fixtures/mbox/unescaped-fromline.mbox"
grep -q "unescaped-fromline.mbox:2790: the From_ line at byte 3615 is followed by no header field" \
    "$work/err" && pass || fail "no doubt said: $(cat "$work/err")"
expect_exit 0 "$bin" --mbox - < "$fixtures/mbox/junk-first.mbox"
grep -q "^-:38: 38 bytes before the first From_ line are not part of any message" \
    "$work/err" && pass || fail "junk not named: $(cat "$work/err")"

# A file that starts like an mbox but holds no message is named, exit 2;
# so is such standard input with --mbox. An empty one holds no message and
# is not an error.
printf 'From here on, nothing is an mbox.\nNot a message either.\n' \
    > "$work/nothing.mbox"
expect_exit 2 "$bin" "$work/nothing.mbox"
grep -q "^$work/nothing.mbox: read as an mbox, but no From_ line starts a message in its 56 bytes$" \
    "$work/err" && pass || fail "empty mbox: $(cat "$work/err")"
expect_exit 2 "$bin" --mbox - < "$work/nothing.mbox"
grep -q "^-: read as an mbox, but no From_ line" "$work/err" && pass ||
    fail "empty --mbox -: $(cat "$work/err")"
expect_exit 0 "$bin" --mbox - < /dev/null

# An mbox is one input, read by one worker: rows and what is said on
# standard error come out the same for any number of them.
for jobs in 1 3; do
    "$bin" -q -j $jobs "$fixtures/mbox" "$fixtures/postfix" \
        > "$work/mbox-j$jobs.out" 2> "$work/mbox-j$jobs.err" || true
done
cmp -s "$work/mbox-j1.out" "$work/mbox-j3.out" &&
    cmp -s "$work/mbox-j1.err" "$work/mbox-j3.err" &&
    [ "$(wc -l < "$work/mbox-j1.err")" -eq 3 ] && pass ||
    fail "mboxes: -j 1 and -j 3 differ"

# --max-size applies to each message of an mbox: over-size ones are named
# (path:offset) and skipped, the rest of the mbox is read, exit status 2.
set +e
"$bin" --max-size 2750 "$fixtures/mbox/bounces.mbox" > "$work/limit.csv" 2> "$work/limit.err"
status=$?
set -e
[ "$status" -eq 2 ] && [ "$(sed 1d "$work/limit.csv" | wc -l)" -eq 2 ] &&
    grep -q "bounces.mbox:0: message of 2790 bytes is larger than the size limit" "$work/limit.err" &&
    pass || fail "--max-size per mbox message"

# -o to a device is written in place (no rename over /dev/null).
"$bin" -o /dev/null "$fixtures/postfix/userunknown.eml" && [ -c /dev/null ] &&
    pass || fail "-o /dev/null"

# A file named *.eml holding several "From "-separated messages: every row
# keeps the file's name, as the user gave it (no ":offset").
cp "$fixtures/mbox/bounces.mbox" "$work/several.eml"
"$bin" "$work/several.eml" | sed 1d > "$work/several.csv"
[ "$(cut -d, -f1 "$work/several.csv" | sort -u)" = "$work/several.eml" ] &&
    [ "$(wc -l < "$work/several.csv")" -eq "$(wc -l < "$work/mbox.csv")" ] &&
    pass || fail "several messages in one .eml"

# A live Maildir: a Maildir++ subfolder is scanned, tmp/ is not, and a
# message that vanished (a dangling name) is reported and skipped.
cp -R "$fixtures/maildir" "$work/md"
mkdir -p "$work/md/.Sub/cur" "$work/md/.Sub/new" "$work/md/.Sub/tmp"
cp "$fixtures/postfix/userunknown.eml" "$work/md/.Sub/cur/1.M1P1.mx:2,S"
ln -s "$work/md/new/gone-before-we-read-it" "$work/md/new/2.M2P2.mx"
expect_exit 2 "$bin" "$work/md"
grep -q "^$work/md/new/2.M2P2.mx: No such file or directory$" "$work/err" &&
    pass || fail "vanished message not reported: $(cat "$work/err")"
grep -q "^\"$work/md/.Sub/cur/1.M1P1.mx:2,S\",.*priya.raman@example.net" \
    "$work/out" && pass || fail "Maildir++ subfolder not scanned"
grep -q "/md/tmp/" "$work/out" && fail "tmp/ was scanned" || pass
[ "$(grep -c @ "$work/out")" -eq 7 ] && pass || fail "Maildir rows: $(cat "$work/out")"

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
