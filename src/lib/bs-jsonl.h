/* bs-jsonl.h: the JSON Lines writer. */
#pragma once

#include "bs-writer.h"

G_BEGIN_DECLS

/* A writer printing one JSON object per recipient, one per line, with the
 * same field names and order as the CSV columns; every value is a string
 * (empty when unknown). Written with json-glib. (transfer full) */
BsWriter *bs_jsonl_writer_new (GOutputStream *out);

G_END_DECLS
