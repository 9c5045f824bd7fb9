#!/bin/sh
# End-to-end tests of interrupted runs, with real signals: whatever the
# signal (SIGINT, SIGTERM, SIGHUP) and however many workers, the file named
# by -o holds its old content or does not exist, no temporary file is left
# beside it or in an --unparsed Maildir, no worker outlives the run, the
# progress line is ended, and the process dies of the signal.
#
# Each run is held in the middle by a FIFO given as its last input: by
# then the messages before it have been scanned and their rows written to
# the temporary file, so a signal always lands on a half-written report.
. "${top_srcdir:-.}/tests/common.sh"

# Enough mail that the writer has flushed rows to its file before the FIFO.
mkdir -p "$work/mail/cur" "$work/mail/new" "$work/out"
i=0
for copy in 1 2 3; do
    for f in "$fixtures"/*/*.eml; do
        i=$((i + 1))
        cp "$f" "$work/mail/cur/$(printf %05d $i).x:2,S"
    done
done
mkfifo "$work/stuck.eml"

# wait_for TEST: polls TEST for up to 20 s.
wait_for () {
    tries=0
    while ! eval "$1"; do
        tries=$((tries + 1))
        [ $tries -lt 200 ] || return 1
        sleep 0.1
    done
}

# Some file in $work/out other than old.csv is there (with content, when
# $nonempty is -s): the report being written.
temp_written () {
    for f in "$work"/out/.* "$work"/out/*; do
        [ -f "$f" ] && [ "$f" != "$work/out/old.csv" ] &&
            [ -z "$nonempty" -o -s "$f" ] && return 0
    done
    return 1
}
nonempty=-s

# No process but this script's still has $work on its command line.
no_workers_left () {
    for p in /proc/[0-9]*; do
        [ "${p#/proc/}" = "$$" ] && continue
        grep -qs "$work/mail" "$p/cmdline" && return 1
    done
    return 0
}

# interrupt NAME SIGNAL EXPECTED_STATUS COMMAND...: runs COMMAND in the
# background, waits until its report is half written, sends SIGNAL to it
# alone, and checks what is left.
interrupt () {
    name=$1 signal=$2 want=$3
    shift 3
    # A background job of a script starts with SIGINT ignored, and we keep
    # an ignored signal ignored (as for nohup): give it back its default.
    env --default-signal=INT,TERM,HUP "$@" 2> "$work/err" &
    pid=$!
    if ! wait_for temp_written; then
        fail "$name: no report was being written"
        kill -KILL $pid 2> /dev/null || true
        return
    fi
    sleep 0.2
    kill -"$signal" $pid
    set +e
    wait $pid
    status=$?
    set -e
    [ "$status" -eq "$want" ] && pass ||
        fail "$name: exit status $status (want $want)"
    left=$(ls -A "$work/out" | grep -v '^old.csv$' || true)
    [ -z "$left" ] && pass || fail "$name: left behind: $left"
    grep -q "interrupted" "$work/err" && pass ||
        fail "$name: not said: $(cat "$work/err")"
    if wait_for no_workers_left; then
        pass
    else
        fail "$name: workers outlived the run"
        pkill -KILL -f "$work/mail" || true
    fi
}

# A new report is not created by an interrupted run (SIGINT: 128 + 2).
interrupt "SIGINT, new file" INT 130 \
    "$bin" -q -j 1 -o "$work/out/new.csv" "$work/mail" "$work/stuck.eml"

# An existing report keeps its old content (SIGTERM: 128 + 15).
echo "old report" > "$work/out/old.csv"
interrupt "SIGTERM, old file" TERM 143 \
    "$bin" -q -j 1 -o "$work/out/old.csv" "$work/mail" "$work/stuck.eml"
[ "$(cat "$work/out/old.csv")" = "old report" ] && pass ||
    fail "SIGTERM: the old report changed"

# With worker processes, the signal to the parent alone stops them too
# (SIGHUP: 128 + 1).
interrupt "SIGHUP, -j 2" HUP 129 \
    "$bin" -q -j 2 -o "$work/out/old.csv" "$work/mail" "$work/stuck.eml"
[ "$(cat "$work/out/old.csv")" = "old report" ] && pass ||
    fail "SIGHUP -j 2: the old report changed"

# The report command's -o, while it scans mail (its output is opened
# first, and written once the mail is read).
nonempty=
interrupt "report -o" TERM 143 \
    "$bin" report -q -o "$work/out/old.csv" "$work/mail" "$work/stuck.eml"
[ "$(cat "$work/out/old.csv")" = "old report" ] && pass ||
    fail "report -o: the old report changed"

# An xlsx workbook is built in TMPDIR first: that file goes too.
mkdir -p "$work/tmp"
TMPDIR=$work/tmp
export TMPDIR
interrupt "-f xlsx" TERM 143 \
    "$bin" -q -j 1 -f xlsx -o "$work/out/old.csv" "$work/mail" "$work/stuck.eml"
[ -z "$(ls -A "$work/tmp")" ] && pass ||
    fail "-f xlsx: left in TMPDIR: $(ls -A "$work/tmp")"
unset TMPDIR

nonempty=-s
# --unparsed: the copies made before the signal are whole, in new/, and
# tmp/ is empty.
interrupt "--unparsed" INT 130 \
    "$bin" -q -j 1 --unparsed "$work/unparsed" -o "$work/out/new.csv" \
    "$work/mail" "$work/stuck.eml"
[ -z "$(ls -A "$work/unparsed/tmp")" ] && pass || fail "--unparsed: tmp/ not empty"
[ -n "$(ls -A "$work/unparsed/new")" ] && pass || fail "--unparsed: no copies"

# On a terminal, the progress line is ended before the notice, not left
# half drawn (script(1) gives the run a terminal).
if command -v script > /dev/null; then
    env --default-signal=INT script -qfec "'$bin' -j 1 -o '$work/out/new.csv' '$work/mail' \
        '$work/stuck.eml'" /dev/null > "$work/tty" 2>&1 &
    pid=$!
    wait_for "grep -q inputs '$work/tty'" || fail "no progress line drawn"
    # The signal goes to bouncescan itself, not to script(1) or its shell.
    for p in $(pgrep -f "$work/out/new.csv"); do
        case $(cat /proc/$p/comm 2> /dev/null) in
        *bouncescan*) kill -INT "$p" ;;
        esac
    done
    wait_for "grep -q interrupted '$work/tty'" || true
    pkill -KILL -f "$work/mail" || true
    wait $pid 2> /dev/null || true
    # The first draw, within the first second, guesses no time left.
    grep -q "inputs, .*ETA --:--" "$work/tty" && pass ||
        fail "first ETA: $(tr '\r' '\n' < "$work/tty" | head -3)"
    grep -q "$(printf '\r\033\\[Kbouncescan: interrupted')" "$work/tty" &&
        pass || fail "progress line not ended: $(od -c "$work/tty" | tail -3)"
fi

echo "interrupt: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
