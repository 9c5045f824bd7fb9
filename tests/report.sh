#!/bin/sh
# End-to-end tests of the history (--db) and "bouncescan report": verdicts
# and by-domain rows (most bounces first) against expected files,
# idempotency (the same mail scanned again, a copy in another folder, -j 1
# against -j 2), merging shards, CSV and mail inputs, formula neutralising,
# xlsx and jsonl read back, and atomic output and database writes when a
# run is killed. REGEN=1 rewrites the expected
# files, as in e2e.sh.
. "${top_srcdir:-.}/tests/common.sh"
expected=$srcdir/tests/expected/report
now=2026-03-05

# check NAME FILE: FILE must equal expected/NAME.txt (REGEN=1 writes it).
check () {
    if [ -n "${REGEN:-}" ]; then
        cp "$2" "$expected/$1.txt"; pass
    elif diff -u "$expected/$1.txt" "$2"; then
        pass
    else
        fail "$1"
    fi
}

# same NAME A B: the two outputs must be identical.
same () {
    if cmp -s "$2" "$3"; then pass; else fail "$1"; diff -u "$2" "$3" || true; fi
}

report () { "$bin" report --now "$now" "$@"; }

# A history of the report fixtures, then the verdicts.
"$bin" -q -j 1 --db "$work/h.sqlite" "$fixtures/report" -o /dev/null
report --db "$work/h.sqlite" > "$work/verdicts.csv"
check verdicts "$work/verdicts.csv"
report --db "$work/h.sqlite" --by-domain > "$work/domains.csv"
check by-domain "$work/domains.csv"
report --db "$work/h.sqlite" --verdict remove > "$work/remove.csv"
check verdict-remove "$work/remove.csv"
report --db "$work/h.sqlite" --list sales.example.org > "$work/list.csv"
check list "$work/list.csv"
report --db "$work/h.sqlite" --since 2026-03-03 > "$work/since.csv"
check since "$work/since.csv"

# Idempotent: the same mail again, and a copy in another folder, add
# nothing; -j 2 records what -j 1 does.
"$bin" -q -j 2 --db "$work/h.sqlite" "$fixtures/report" -o /dev/null
mkdir -p "$work/copy/cur"
cp "$fixtures/report/05-unknown.eml" "$work/copy/cur/1:2,S"
"$bin" -q --db "$work/h.sqlite" "$work/copy" -o /dev/null
report --db "$work/h.sqlite" > "$work/again.csv"
same "scanning twice counts nothing twice" "$work/verdicts.csv" "$work/again.csv"
"$bin" -q -j 2 --db "$work/j2.sqlite" "$fixtures/report" -o /dev/null
report --db "$work/j2.sqlite" > "$work/j2.csv"
same "-j 2 records what -j 1 does" "$work/verdicts.csv" "$work/j2.csv"

# A message in an mbox is the message of its file, byte for byte, so it
# has the same fingerprint: an mbox of the same mail adds nothing.
for f in "$fixtures"/report/*.eml; do
    echo "From MAILER-DAEMON Thu Jan  1 00:00:00 2026"; cat "$f"; echo
done > "$work/report.mbox"
"$bin" -q --db "$work/h.sqlite" "$work/report.mbox" -o /dev/null
report --db "$work/h.sqlite" > "$work/from-mbox.csv"
same "an mbox of the same mail counts nothing twice" "$work/verdicts.csv" \
    "$work/from-mbox.csv"

# Shards: two databases merged report what one database of both holds,
# with the message both shards saw counted once.
mkdir -p "$work/a" "$work/b"
cp "$fixtures"/report/0[1-5]*.eml "$work/a/"
cp "$fixtures"/report/0[5-8]*.eml "$work/b/"
"$bin" -q --db "$work/a.sqlite" "$work/a" -o /dev/null
"$bin" -q --db "$work/b.sqlite" "$work/b" -o /dev/null
report --db "$work/a.sqlite" --db "$work/b.sqlite" > "$work/merged.csv"
same "merged shards equal one history" "$work/verdicts.csv" "$work/merged.csv"

# The same report straight from the mail, and from an earlier CSV scan.
report -q "$fixtures/report" > "$work/from-mail.csv"
same "report from mail" "$work/verdicts.csv" "$work/from-mail.csv"
"$bin" -q "$fixtures/report" > "$work/scan.csv"
report "$work/scan.csv" > "$work/from-csv.csv"
same "report from a CSV scan" "$work/verdicts.csv" "$work/from-csv.csv"
# A CSV scan and the mail it came from, together: each bounce once.
report "$work/scan.csv" "$fixtures/report" > "$work/csv-and-mail.csv"
same "a CSV and its own mail count once" "$work/verdicts.csv" \
    "$work/csv-and-mail.csv"
# Copies whose bytes differ (a mail client's Status: header in an mbox)
# are the same bounces all the same.
for f in "$fixtures"/report/*.eml; do
    echo "From MAILER-DAEMON Thu Jan  1 00:00:00 2026"
    echo "Status: RO"; cat "$f"; echo
done > "$work/read.mbox"
"$bin" -q --db "$work/h.sqlite" "$work/read.mbox" -o /dev/null
report --db "$work/h.sqlite" > "$work/from-read-mbox.csv"
same "an mbox of read copies counts nothing twice" "$work/verdicts.csv" \
    "$work/from-read-mbox.csv"

# A remote server's text never becomes a formula; --raw-csv keeps it.
grep -q "\"'=HYPERLINK" "$work/verdicts.csv" && pass ||
    fail "formula neutralised in the report"
report --db "$work/h.sqlite" --raw-csv | grep -q '^kim@bigmail.example,.*,"=HYPERLINK' &&
    pass || fail "--raw-csv"

# -f xlsx and -f jsonl hold the rows of --raw-csv, typed: counts and score
# numbers, first_seen and last_seen date-times, the rest strings (see
# e2e.sh on tests/check-sheet.py, Debian's python3-openpyxl).
py=/usr/bin/python3
check_sheet () {
    "$py" "$srcdir/tests/check-sheet.py" "$@" > "$work/sheet.out" 2>&1 &&
        pass || { fail "check-sheet.py $1 $2"; head -20 "$work/sheet.out"; }
}
if "$py" -c 'import openpyxl' 2> /dev/null; then
    for shape in verdicts by-domain; do
        by=; [ $shape = by-domain ] && by=--by-domain
        report --db "$work/h.sqlite" $by --raw-csv > "$work/$shape-raw.csv"
        report --db "$work/h.sqlite" $by -f xlsx -o "$work/$shape.xlsx"
        report --db "$work/h.sqlite" $by -f jsonl > "$work/$shape.jsonl"
        check_sheet mutants "$work/$shape-raw.csv"
        check_sheet xlsx "$work/$shape-raw.csv" "$work/$shape.xlsx"
        check_sheet jsonl "$work/$shape-raw.csv" "$work/$shape.jsonl"
    done
else
    fail "xlsx: /usr/bin/python3 has no openpyxl: sh scripts/install-deps.sh"
fi
if command -v script > /dev/null; then
    script -qec "$bin report --db $work/h.sqlite -f xlsx" /dev/null \
        > "$work/tty" 2>&1 && fail "report xlsx to a terminal: exit 0" || true
    grep -q "^bouncescan report: xlsx is binary: use -o FILE.xlsx" \
        "$work/tty" && pass ||
        fail "report xlsx to a terminal: $(cat "$work/tty")"
fi

# Errors: a missing database, a bad verdict, an unknown policy key, an
# unknown format.
set +e
report --db "$work/none.sqlite" > /dev/null 2> "$work/err"; status=$?
set -e
[ "$status" -eq 2 ] && grep -q "none.sqlite: no such database" "$work/err" &&
    pass || fail "missing database"
set +e
report --db "$work/h.sqlite" --verdict maybe > /dev/null 2> "$work/err"; status=$?
set -e
[ "$status" -eq 1 ] && grep -q "unknown verdict 'maybe'" "$work/err" &&
    pass || fail "bad verdict"
printf '[policy]\nhard-wieght=1\n' > "$work/bad.conf"
set +e
report --db "$work/h.sqlite" --policy "$work/bad.conf" > /dev/null 2> "$work/err"
status=$?
set -e
[ "$status" -eq 1 ] && grep -q "bad.conf: \[policy\] hard-wieght: unknown key" "$work/err" &&
    pass || fail "bad policy key"
set +e
report --db "$work/h.sqlite" -f table > /dev/null 2> "$work/err"; status=$?
set -e
[ "$status" -eq 1 ] &&
    grep -q "unknown format 'table' (want csv, jsonl or xlsx)" "$work/err" &&
    pass || fail "bad format"
# A policy file changes the verdicts: a hard bounce alone only watches.
printf '[policy]\nhard-weight=1\n' > "$work/lenient.conf"
report --db "$work/h.sqlite" --policy "$work/lenient.conf" |
    grep -q '^lee@example.net,.*,watch' && pass || fail "--policy"

# Atomic output: a failing report leaves the previous file as it was.
cp "$work/verdicts.csv" "$work/kept.csv"
set +e
report --db "$work/none.sqlite" -o "$work/kept.csv" 2> /dev/null
set -e
same "failed report keeps the old file" "$work/verdicts.csv" "$work/kept.csv"

# A killed scan leaves the old output file whole and records nothing: it
# is stopped while reading a FIFO, after the postfix fixtures were scanned
# into the still uncommitted transaction.
mkfifo "$work/stuck.eml"
echo old > "$work/out.csv"
"$bin" -q -j 1 --db "$work/h.sqlite" -o "$work/out.csv" \
    "$fixtures/postfix" "$work/stuck.eml" 2> /dev/null &
scan=$!
sleep 1
kill -9 "$scan" 2> /dev/null || true
wait "$scan" 2> /dev/null || true
[ "$(cat "$work/out.csv")" = old ] && pass || fail "killed scan: output replaced"
report --db "$work/h.sqlite" > "$work/after-kill.csv"
same "killed scan recorded nothing" "$work/verdicts.csv" "$work/after-kill.csv"

echo "report: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
