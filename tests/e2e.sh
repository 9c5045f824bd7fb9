#!/bin/sh
# End-to-end tests of the bouncescan command: every fixture that has an
# expected CSV of the same name is scanned and the output compared with
# diff -u; then the exit codes and error messages of the CLI are checked.
set -eu
LC_ALL=C
export LC_ALL

srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
bin=$builddir/src/bouncescan
fixtures=$srcdir/tests/fixtures
expected=$srcdir/tests/expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
passed=0

pass () { passed=$((passed + 1)); }
fail () { echo "FAIL: $*"; failed=$((failed + 1)); }

# Every expected file names its fixture: expected/<shape>/<case>.csv for
# fixtures/<shape>/<case>.eml. Sources are printed relative to fixtures/.
for want in "$expected"/*/*.csv; do
    rel=${want#"$expected"/}
    rel=${rel%.csv}
    (cd "$fixtures" && "$OLDPWD/$bin" "$rel.eml") > "$work/got.csv" 2>"$work/err" ||
        { fail "$rel: exit $?: $(cat "$work/err")"; continue; }
    if diff -u "$want" "$work/got.csv" > "$work/diff"; then
        pass
    else
        fail "$rel"; cat "$work/diff"
    fi
done

# Exit codes: 0 all read, 2 some unreadable (named on stderr), 1 usage.
expect_exit () {
    want=$1; shift
    set +e; "$@" > "$work/out" 2> "$work/err"; got=$?; set -e
    if [ "$got" -eq "$want" ]; then pass; else fail "exit $got (want $want): $*"; fi
}
first=$(ls "$expected"/*/*.csv | head -n 1)
first=${first#"$expected"/}; first=$fixtures/${first%.csv}.eml
expect_exit 0 "$bin" "$first"
expect_exit 2 "$bin" "$first" "$work/missing.eml"
grep -q "^$work/missing.eml: No such file or directory$" "$work/err" &&
    pass || fail "missing file not named on stderr: $(cat "$work/err")"
grep -c "@" "$work/out" > /dev/null && pass || fail "rows lost after an error"
expect_exit 2 "$bin" "$fixtures"
expect_exit 1 "$bin"
expect_exit 1 "$bin" --no-such-option
expect_exit 0 "$bin" --help
grep -q -- "--output" "$work/out" && pass || fail "--help lacks --output"
expect_exit 0 "$bin" --version
grep -q "^bouncescan [0-9]" "$work/out" && pass || fail "--version: $(cat "$work/out")"

# Standard input gives the same rows, with "-" as the source.
"$bin" - < "$first" | sed 1d | cut -d, -f2- > "$work/stdin.csv"
"$bin" "$first" | sed 1d | cut -d, -f2- > "$work/file.csv"
cmp -s "$work/stdin.csv" "$work/file.csv" && pass || fail "stdin differs"

# -o writes the file atomically and leaves an old file intact on failure.
"$bin" -o "$work/out.csv" "$first"
head -n 1 "$work/out.csv" | grep -q "^source,bounce_date,recipient," &&
    pass || fail "-o did not write the header"
echo "old report" > "$work/keep.csv"
expect_exit 1 "$bin" -o "$work/no/such/dir/x.csv" "$first"

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
