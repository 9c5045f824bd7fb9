/* bs-table.h: a readable table for a terminal. */
#pragma once

#include "bs-writer.h"

G_BEGIN_DECLS

/* A writer printing the main columns (recipient, status, reply code,
 * class, reason, diagnostic, source) aligned for reading in a terminal.
 * Control characters, including terminal escape sequences from remote
 * text, are replaced. Rows are gathered and printed at the end, since the
 * widths depend on all of them. (transfer full) */
BsWriter *bs_table_writer_new (GOutputStream *out);

/* A copy of TEXT safe to print on a terminal: C0 and C1 control characters
 * (ESC, CSI, BEL, ...) and invalid UTF-8 become U+FFFD, cut to MAX_CHARS
 * characters with "..." after them when longer; a negative MAX_CHARS keeps
 * the last -MAX_CHARS characters, with "..." before them. (transfer
 * full) */
char *bs_table_clean (const char *text, glong max_chars);

G_END_DECLS
