/* bs-xlsx.h: the xlsx (Office Open XML) workbook writer, for people who
 * open the rows in a spreadsheet. */
#pragma once

#include "bs-sheet.h"
#include "bs-writer.h"

G_BEGIN_DECLS

/* The most characters an Excel cell holds, counted in UTF-16 units. */
#define BS_XLSX_MAX_CELL 32767

/* The most rows an Excel worksheet holds, its header included. */
#define BS_XLSX_MAX_ROWS 1048576

/* A copy of TEXT that an xlsx cell holds as it is: invalid UTF-8 becomes
 * U+FFFD; the characters XML 1.0 forbids (the C0 controls but tab, line
 * feed and carriage return; U+FFFE and U+FFFF) are removed; CR LF and a
 * lone CR become LF; and it is cut, between two characters, to
 * BS_XLSX_MAX_CELL UTF-16 units, which is how Excel counts.
 * (transfer full) */
char *bs_xlsx_clean (const char *text);

/* A sheet writing an xlsx workbook to OUT: a worksheet named NAME whose
 * header row is bold, frozen and has an autofilter, whose columns are as
 * wide as their contents (within limits), and whose cells are typed by
 * their column: text cells are strings, never numbers, dates or formulas
 * (cleaned by bs_xlsx_clean()); number cells are numbers; date cells are
 * date-times converted to UTC, shown as "2026-01-05 01:00:00 UTC" (one
 * that does not parse, or is before 1900, is text). Empty cells are left
 * blank. After ROWS_PER_SHEET rows, the header included, the rows go on in
 * a worksheet "NAME 2" with the same header, then "NAME 3"...; 0 means
 * BS_XLSX_MAX_ROWS, and 1 (a header alone) is a mistake. NAME must be a
 * valid worksheet name of at most 24 characters (none of []:*?/\), so that
 * the numbered ones are valid too.
 *
 * libxlsxwriter writes to a file name, not to a stream: the workbook is
 * built in the file WORKBOOK (which the caller made, so that it can remove
 * it if the process is interrupted), or when WORKBOOK is NULL in a
 * temporary file in g_get_tmp_dir(), and copied to OUT by bs_sheet_end(),
 * so nothing reaches OUT before; the file is removed by then, or by
 * bs_sheet_free(). libxlsxwriter's failures are G_IO_ERROR_FAILED,
 * "xlsx: ...". (transfer full) */
BsSheet *bs_xlsx_sheet_new (GOutputStream *out, const char *name,
                            const BsSheetColumn *columns, guint n_columns,
                            guint rows_per_sheet, const char *workbook);

/* A writer of the scan's rows as an xlsx workbook, one worksheet named
 * "bounces" (as bs_xlsx_sheet_new() writes it) with the CSV's columns:
 * bounce_date is a date-time in UTC, every other column text. Its rows do
 * not stand alone. WORKBOOK is as for bs_xlsx_sheet_new(). (transfer
 * full) */
BsWriter *bs_xlsx_writer_new (GOutputStream *out, const char *workbook);

G_END_DECLS
