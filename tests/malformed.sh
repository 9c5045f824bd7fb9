#!/bin/sh
# Hostile input: every case is generated here (a 50 MB header line does not
# belong in git), scanned, and must end with a clean exit status (0, or 2
# for input reported as unreadable) and the expected number of rows: never
# a crash, a hang or a sanitizer report. Runs under ASan/UBSan in CI, and
# under valgrind memcheck with "make check-valgrind" (VALGRIND set to the
# valgrind command: any error or definite leak exits 99 and fails).
set -eu
LC_ALL=C
export LC_ALL
srcdir=${top_srcdir:-.}
bin=${top_builddir:-.}/src/bouncescan
fixture=$srcdir/tests/fixtures/postfix/userunknown.eml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
# Under valgrind the libtool wrapper script must run the real binary.
run=
if [ -n "${VALGRIND:-}" ]; then
    run="${top_builddir:-.}/libtool --mode=execute $VALGRIND"
fi

# check NAME WANT_EXIT WANT_ROWS ARGS...: runs the scanner on ARGS.
check () {
    name=$1; want_exit=$2; want_rows=$3; shift 3
    set +e
    timeout 900 $run "$bin" -q "$@" > "$work/out" 2> "$work/err"
    got=$?
    set -e
    rows=$(($(wc -l < "$work/out") - 1))
    if [ "$got" -eq "$want_exit" ] && [ "$rows" -eq "$want_rows" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name: exit $got (want $want_exit), $rows rows (want $want_rows)"
        head -c 2000 "$work/err"
    fi
}

# A DSN with N recipients.
dsn () {
    printf 'From: MAILER-DAEMON@example.com\nSubject: failure\n'
    printf 'MIME-Version: 1.0\nContent-Type: multipart/report; '
    printf 'report-type=delivery-status; boundary="B"\n\n--B\n'
    printf 'Content-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\n'
    awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
        printf "Final-Recipient: rfc822; u%d@example.com\nAction: failed\nStatus: 5.1.1\n\n", i }'
    printf -- '--B--\n'
}

# Cut inside its header: a Postfix bounce (Auto-Submitted: auto-replied)
# with no part left to read gives no row, and no auto-reply row for
# MAILER-DAEMON either.
head -c 700 "$fixture" > "$work/truncated.eml"
check truncated 0 0 "$work/truncated.eml"

{ head -c 1500 "$fixture"; printf '\0\0\0'; tail -c +1500 "$fixture"; } > "$work/nul.eml"
check nul-bytes 0 1 "$work/nul.eml"

sed 's/^Content-Type: text\/plain.*/Content-Type: text\/plain; charset=x-no-such-charset/' \
    "$fixture" > "$work/charset.eml"
printf '\377\376 bad \300\200 bytes\n' >> "$work/charset.eml"
check bogus-charset 0 1 "$work/charset.eml"

sed 's/boundary="[^"]*"/boundary="no-such-boundary"/' "$fixture" > "$work/noboundary.eml"
check missing-boundary 0 1 "$work/noboundary.eml"

{ dsn 1; dsn 1 | tail -n +6; } > "$work/duplicate-boundary.eml"
check duplicate-boundary 0 1 "$work/duplicate-boundary.eml"

awk 'BEGIN { print "From: a@example.com\nSubject: deep\nMIME-Version: 1.0";
    for (i = 0; i < 10000; i++)
        printf "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i;
    print "Content-Type: text/plain\n\nhello";
    for (i = 9999; i >= 0; i--) printf "--b%d--\n", i }' > "$work/deep.eml"
check deep-multipart 0 0 "$work/deep.eml"

awk 'BEGIN { for (i = 0; i < 10000; i++)
        print "From: a@example.com\nContent-Type: message/rfc822\n";
    print "From: x@example.com\n\nbody" }' > "$work/deep-rfc822.eml"
check deep-rfc822 0 0 "$work/deep-rfc822.eml"

{ printf 'From: MAILER-DAEMON@example.com\nX-Long: '
  head -c 52428800 /dev/zero | tr '\0' 'a'
  printf '\n'; tail -n +2 "$fixture"; } > "$work/long-header.eml"
check long-header-over-limit 2 0 "$work/long-header.eml"
grep -q "larger than the size limit" "$work/err" && passed=$((passed + 1)) ||
    { failed=$((failed + 1)); echo "FAIL: size limit not named"; }
# Parsing a long line for real: 5 MB, since GMime grows its header buffer
# by copying, which AddressSanitizer makes quadratic (50 MB took minutes
# there, under a second without it).
{ printf 'From: MAILER-DAEMON@example.com\nX-Long: '
  head -c 5242880 /dev/zero | tr '\0' 'a'
  printf '\n'; tail -n +2 "$fixture"; } > "$work/long-header-5mb.eml"
check long-header-allowed 0 1 "$work/long-header-5mb.eml"

# Hostile mboxes: a message of one 50 MB line (streamed, skipped as it
# is read, the message after it read), 10,000 tiny messages, and 100,000
# From_ lines that separate nothing (one message, its doubts capped).
from_line='From MAILER-DAEMON Thu Jan  1 00:00:00 2026'
{ echo "$from_line"; printf 'Subject: long\n\n'
  head -c 52428800 /dev/zero | tr '\0' 'a'
  printf '\n\n%s\n' "$from_line"; cat "$fixture"; } > "$work/long-line.mbox"
check mbox-long-line-over-limit 2 1 "$work/long-line.mbox"
grep -q "long-line.mbox:0: message of 52428861 bytes is larger than the size limit" \
    "$work/err" && passed=$((passed + 1)) ||
    { failed=$((failed + 1)); echo "FAIL: mbox message size not named"; }
{ awk -v f="$from_line" 'BEGIN { for (i = 0; i < 10000; i++)
        printf "%s\nSubject: %d\n\n\n", f, i }'
  echo "$from_line"; cat "$fixture"; } > "$work/many.mbox"
check mbox-many-messages 0 1 "$work/many.mbox"
awk -v f="$from_line" 'BEGIN { for (i = 0; i < 100000; i++) print f }' \
    > "$work/from-lines.mbox"
check mbox-only-from-lines 0 0 "$work/from-lines.mbox"
[ "$(wc -l < "$work/err")" -eq 9 ] && passed=$((passed + 1)) ||
    { failed=$((failed + 1)); echo "FAIL: doubts not capped"; }

dsn 100000 > "$work/many.eml"
check many-recipients 0 10000 "$work/many.eml"

# No mail at all is named on standard error, like an unreadable file.
: > "$work/empty.eml"
check empty 2 0 "$work/empty.eml"
grep -q "empty.eml: empty, not a message" "$work/err" &&
    passed=$((passed + 1)) ||
    { failed=$((failed + 1)); echo "FAIL: empty file not named"; }
check dev-null 2 0 /dev/null
grep -q "^/dev/null: empty, not a message" "$work/err" &&
    passed=$((passed + 1)) ||
    { failed=$((failed + 1)); echo "FAIL: /dev/null not named"; }

mkdir -p "$work/md/cur/subdir" "$work/md/new" "$work/md/tmp"
cp "$fixture" "$work/md/cur/subdir/1:2,S"
ln -s "$work/md/cur/self" "$work/md/cur/self"
ln -s .. "$work/md/new/parent"
check directory-and-symlink-loops 2 1 "$work/md"
grep -q "self: Too many levels of symbolic links" "$work/err" &&
    passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: loop"; }

echo "malformed: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
