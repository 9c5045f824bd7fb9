/* bs-csv.h: the CSV writer (RFC 4180) and its cell quoting. */
#pragma once

#include "bs-sheet.h"
#include "bs-writer.h"

G_BEGIN_DECLS

/* Appends VALUE to OUT as one RFC 4180 cell: quoted when it holds a comma,
 * quote, CR, LF or leading or trailing space, quotes doubled. Unless RAW,
 * a cell a spreadsheet would evaluate (starting with '=', '+', '-', '@',
 * tab or CR) is neutralised with a leading apostrophe, since the text comes
 * from remote servers. */
void bs_csv_append_cell (GString *out, const char *value, gboolean raw);

/* Reads the RFC 4180 record at *CURSOR, in a NUL-terminated buffer, into
 * FIELDS (emptied first; the strings are owned by FIELDS, which must free
 * with g_free) and moves *CURSOR past it: quoted fields may hold commas,
 * doubled quotes and line breaks; CRLF and LF both end a record. FALSE,
 * with FIELDS empty, at the end of the buffer. */
gboolean bs_csv_read_record (const char **cursor, GPtrArray *fields);

/* A writer printing a header row and one CSV row per recipient to OUT,
 * CRLF line ends as RFC 4180 says. (transfer full) */
BsWriter *bs_csv_writer_new (GOutputStream *out, gboolean raw);

/* A sheet printing a header row of the COLUMNS' names and one CSV row per
 * bs_sheet_row(), quoted and neutralised as bs_csv_append_cell() says;
 * types are not marked, as CSV has none. (transfer full) */
BsSheet *bs_csv_sheet_new (GOutputStream *out, const BsSheetColumn *columns,
                           guint n_columns, gboolean raw);

G_END_DECLS
