"""check-sheet.py: reads bouncescan's xlsx and jsonl output back and checks
it against the same rows as raw CSV (--raw-csv), cell by cell, as a
spreadsheet or a JSON reader sees them. Run by e2e.sh and report.sh with
Debian's /usr/bin/python3 and python3-openpyxl (scripts/install-deps.sh).

  check-sheet.py xlsx CSV XLSX      the workbook holds the CSV's rows, typed,
                                    among them 5.1.1, 550 and a formula
  check-sheet.py cells CSV XLSX     the same without those three
  check-sheet.py jsonl CSV JSONL    the JSON Lines hold them, numbers numbers
  check-sheet.py mutants CSV        each check above fails on a workbook
                                    that is wrong in one way only
  check-sheet.py same XLSX XLSX     two workbooks have the same worksheet

Each failed check prints one line starting with "FAIL"; the exit status is
1 when any did."""
import csv
import datetime
import io
import json
import sys
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter

# Columns that are not text, by header name: the scan's bounce_date and
# the report's dates and counts. Every other column is text.
DATES = {"bounce_date", "first_seen", "last_seen"}
NUMBERS = {"hard", "soft", "complaints", "autoreplies", "score", "bounces",
           "addresses"}


def cell_text(text):
    """TEXT as an xlsx cell holds it (bs_xlsx_clean): without the C0
    controls XML forbids, CR as LF, at most 32,767 UTF-16 units."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(c for c in text if (c >= " " or c in "\t\n")
                   and c not in "\ufffe\uffff")
    units = 0
    for i, c in enumerate(kept):
        units += 2 if ord(c) > 0xffff else 1
        if units > 32767:
            return kept[:i]
    return kept


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def utc(text):
    """An ISO 8601 date as the naive UTC datetime a spreadsheet holds."""
    if len(text) == 10:
        text += "T00:00:00Z"
    when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if when.tzinfo is not None:
        when = when.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return when


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, ok, message):
        if not ok:
            self.failures.append(message)
        return ok


def check_cell(checks, name, where, cell, want):
    """One cell: as the CSV says, with its column's type."""
    if want == "":
        return checks.check(cell.value is None, f"{where}: not empty")
    if name in DATES:
        return checks.check(
            cell.is_date and isinstance(cell.value, datetime.datetime)
            and abs((cell.value - utc(want)).total_seconds()) < 1,
            f"{where}: {cell.value!r} is not the date-time {want} in UTC")
    if name in NUMBERS:
        return checks.check(
            cell.data_type == "n" and not isinstance(cell.value, bool)
            and cell.value == float(want),
            f"{where}: {cell.value!r} is not the number {want}")
    return checks.check(
        cell.data_type == "s" and cell.value == cell_text(want),
        f"{where}: {cell.value!r} ({cell.data_type}) is not the string "
        f"{want!r}")


def check_named(checks, header, rows):
    """The cases the issue names, so that a fixture change cannot make the
    cell-by-cell comparison pass without them."""
    def has(column, test):
        if column not in header:
            return True
        return any(test(row[header.index(column)]) for row in rows)
    status = "status" if "status" in header else "last_status"
    diagnostic = next((c for c in ("diagnostic", "last_diagnostic",
                                   "sample_diagnostic") if c in header), None)
    checks.check(has(status, lambda v: v == "5.1.1"),
                 f"no {status} 5.1.1 among the rows")
    checks.check(has("reply_code", lambda v: v == "550"),
                 "no reply_code 550 among the rows")
    checks.check(diagnostic is None or has(diagnostic,
                                           lambda v: v.startswith("=")),
                 "no formula-like diagnostic among the rows")
    checks.check(any(c in DATES for c in header), "no date column")


def check_workbook(checks, header, rows, book, named=True):
    sheet = book.worksheets[0]
    last = get_column_letter(len(header))
    got_header = [c.value for c in sheet[1]]
    checks.check(got_header == header, f"header {got_header} != {header}")
    checks.check(sheet.freeze_panes == "A2",
                 f"header not frozen: freeze_panes {sheet.freeze_panes}")
    checks.check(sheet.auto_filter.ref == f"A1:{last}{len(rows) + 1}",
                 f"autofilter {sheet.auto_filter.ref}")
    checks.check(sheet.max_row == len(rows) + 1,
                 f"{sheet.max_row - 1} rows, not {len(rows)}")
    for i, name in enumerate(header):
        width = sheet.column_dimensions[get_column_letter(i + 1)].width
        checks.check(len(name) < width <= 52, f"{name}: width {width}")
    for r, row in enumerate(rows, start=2):
        for c, want in enumerate(row):
            cell = sheet.cell(row=r, column=c + 1)
            check_cell(checks, header[c], f"{cell.coordinate} {header[c]}",
                       cell, want)
    if named:
        check_named(checks, header, rows)


def check_jsonl(checks, header, rows, path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    checks.check(len(lines) == len(rows),
                 f"{len(lines)} lines, not {len(rows)}")
    for n, (line, row) in enumerate(zip(lines, rows), start=1):
        got = json.loads(line)
        checks.check(list(got) == header, f"line {n}: members {list(got)}")
        for name, want in zip(header, row):
            value = got.get(name)
            if name in NUMBERS:
                ok = (isinstance(value, (int, float))
                      and not isinstance(value, bool)
                      and value == float(want))
            else:
                ok = value == want
            checks.check(ok, f"line {n} {name}: {value!r} for {want!r}")


# Workbooks wrong in one way each: check_workbook must fail on every one.
# "right" is the control: built the same way, it must pass.
MUTANTS = ["right", "status as a date", "reply code as a number",
           "diagnostic as a formula", "dates as text", "dates in local time",
           "numbers as text", "not frozen", "no autofilter", "header renamed",
           "a row lost", "narrow columns"]


def mutant_value(mutant, name, want):
    """What the cell of column NAME holds in the MUTANT workbook."""
    if want == "":
        return None
    if name in DATES:
        if mutant == "dates as text":
            return want
        if mutant == "dates in local time":
            return datetime.datetime.fromisoformat(
                want.replace("Z", "+00:00")).replace(tzinfo=None)
        return utc(want)
    if name in NUMBERS:
        return want if mutant == "numbers as text" else float(want)
    if mutant == "status as a date" and want == "5.1.1":
        return datetime.datetime(2001, 5, 1)    # what Gnumeric made of it
    if mutant == "reply code as a number" and name == "reply_code":
        return int(want) if want.isdigit() else want
    if want.startswith("="):
        # openpyxl makes a formula of any string starting with "=".
        return want if mutant == "diagnostic as a formula" else None
    return cell_text(want)


def mutant_book(mutant, header, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([("x" + h if mutant == "header renamed" and i == 0 else h)
                  for i, h in enumerate(header)])
    kept = rows[:-1] if mutant == "a row lost" else rows
    for r, row in enumerate(kept, start=2):
        for c, (name, want) in enumerate(zip(header, row), start=1):
            value = mutant_value(mutant, name, want)
            cell = sheet.cell(row=r, column=c, value=value)
            if value is None and want.startswith("="):
                cell.value = want
                cell.data_type = "s"
            if isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
    if mutant != "not frozen":
        sheet.freeze_panes = "A2"
    if mutant != "no autofilter":
        sheet.auto_filter.ref = (f"A1:{get_column_letter(len(header))}"
                                 f"{len(kept) + 1}")
    for i, name in enumerate(header):
        width = 5 if mutant == "narrow columns" else len(name) + 4
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    data = io.BytesIO()
    book.save(data)
    return openpyxl.load_workbook(data)


def applies(mutant, header, rows):
    """Whether these rows have what MUTANT changes."""
    def values(names):
        return [row[header.index(n)] for n in names if n in header
                for row in rows]
    if mutant == "dates in local time":
        return any(utc(v) != mutant_value(mutant, "bounce_date", v)
                   for v in values(DATES) if v)
    if mutant == "numbers as text":
        return any(values(NUMBERS))
    if mutant == "reply code as a number":
        return any(v.isdigit() for v in values(["reply_code"]))
    if mutant == "status as a date":
        return any(v == "5.1.1" for row in rows for v in row)
    if mutant == "diagnostic as a formula":
        return any(v.startswith("=") for row in rows for v in row)
    return True


def check_mutants(checks, header, rows):
    for mutant in filter(lambda m: applies(m, header, rows), MUTANTS):
        inner = Checks()
        check_workbook(inner, header, rows, mutant_book(mutant, header, rows))
        if mutant == "right":
            checks.check(not inner.failures,
                         f"the right workbook fails: {inner.failures[:3]}")
        else:
            checks.check(inner.failures, f"not caught: {mutant}")


def check_same(checks, first, second):
    name = "xl/worksheets/sheet1.xml"
    a = zipfile.ZipFile(first).read(name)
    b = zipfile.ZipFile(second).read(name)
    checks.check(a == b, f"{first} and {second}: worksheets differ")


def main(argv):
    checks = Checks()
    mode = argv[1]
    if mode == "same":
        check_same(checks, argv[2], argv[3])
    else:
        header, rows = read_csv(argv[2])
        checks.check(len(rows) > 0, f"{argv[2]}: no rows")
        if mode in ("xlsx", "cells"):
            check_workbook(checks, header, rows,
                           openpyxl.load_workbook(argv[3]), mode == "xlsx")
        elif mode == "jsonl":
            check_jsonl(checks, header, rows, argv[3])
        elif mode == "mutants":
            check_mutants(checks, header, rows)
        else:
            sys.exit(f"check-sheet.py: unknown mode {mode}")
    for failure in checks.failures[:20]:
        print(f"FAIL: {failure}")
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
