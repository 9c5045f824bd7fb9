#!/bin/sh
# Developer tool, not a test: rewrites tests/expected/ from the current
# build after a deliberate change (e.g. to rules/default.rules). Review the
# result with "git diff tests/expected" before committing it.
set -eu
cd "$(dirname "$0")/fixtures"
bin=../../src/bouncescan
for want in ../expected/*.csv ../expected/*/*.csv; do
    rel=${want#../expected/}; rel=${rel%.csv}
    input=$rel.eml; [ -e "$input" ] || input=$rel
    "$bin" "$input" > "$want"
done
