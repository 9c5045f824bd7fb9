/* bs-jsonl.h: the JSON Lines writer. */
#pragma once

#include "bs-sheet.h"
#include "bs-writer.h"

G_BEGIN_DECLS

/* A writer printing one JSON object per recipient, one per line, with the
 * same field names and order as the CSV columns; every value is a string
 * (empty when unknown). Written with json-glib. (transfer full) */
BsWriter *bs_jsonl_writer_new (GOutputStream *out);

/* A sheet printing one JSON object per bs_sheet_row(), members named and
 * ordered as COLUMNS: a number column's cells are JSON numbers as written
 * (null when empty; a string when not a number), the others strings (dates
 * as given, ISO 8601). No header. (transfer full) */
BsSheet *bs_jsonl_sheet_new (GOutputStream *out, const BsSheetColumn *columns,
                             guint n_columns);

G_END_DECLS
