/* bs-readers.h: the table of bounce readers, tried in order. */
#pragma once

#include "bs-input.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* A reader recognises one shape of bounce and fills the report's
 * recipients. It returns TRUE when it recognised the message and found at
 * least one recipient; it must leave the report's recipients empty when it
 * returns FALSE. */
typedef gboolean (*BsReadFunc) (BsReport *report, BsInput *input);

typedef struct {
    const char *name;   /* the detected_by value, e.g. "dsn" */
    BsReadFunc read;
} BsReaderEntry;

/* Runs the readers in table order on MESSAGE until one recognises it.
 * Returns that reader's entry, or NULL when none did. (transfer none) */
const BsReaderEntry *bs_readers_run (BsReport *report, BsInput *input);

/* The reader table and its length, for listing. (transfer none) */
const BsReaderEntry *bs_readers_table (gsize *count);

G_END_DECLS
