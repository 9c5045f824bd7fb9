# common.sh: what the end-to-end scripts share, sourced by each: strict
# mode, the C locale, where things are, a scratch directory removed on
# exit, and the pass/fail counters.
set -eu
LC_ALL=C
export LC_ALL

srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
bin=$builddir/src/bouncescan
fixtures=$srcdir/tests/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
passed=0

pass () { passed=$((passed + 1)); }
fail () { echo "FAIL: $*"; failed=$((failed + 1)); }
