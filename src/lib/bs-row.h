/* bs-row.h: the output columns, shared by every writer. */
#pragma once

#include "bs-report.h"

G_BEGIN_DECLS

/* The output columns in their fixed order. Users' scripts read them by
 * name: append new columns at the end, never rename or reorder. */
typedef enum {
    BS_COLUMN_SOURCE,
    BS_COLUMN_BOUNCE_DATE,
    BS_COLUMN_RECIPIENT,
    BS_COLUMN_ACTION,
    BS_COLUMN_STATUS,
    BS_COLUMN_REPLY_CODE,
    BS_COLUMN_CLASS,
    BS_COLUMN_REASON,
    BS_COLUMN_DIAGNOSTIC,
    BS_COLUMN_REMOTE_MTA,
    BS_COLUMN_REPORTING_MTA,
    BS_COLUMN_ORIGINAL_SENDER,
    BS_COLUMN_ORIGINAL_MESSAGE_ID,
    BS_COLUMN_ORIGINAL_SUBJECT,
    BS_COLUMN_LIST_ID,
    BS_COLUMN_DETECTED_BY,
    BS_COLUMN_RULE,
    BS_COLUMN_FEEDBACK_TYPE,
    BS_COLUMN_COUNT,   /* not a column: the number of columns */
} BsColumn;

/* The header name of COLUMN, or NULL when out of range. (transfer none) */
const char *bs_row_column_name (BsColumn column);

/* Parses a column NAME into *COLUMN; FALSE when there is no such column. */
gboolean bs_row_column_from_name (const char *name, BsColumn *column);

/* TRUE if COLUMN holds text as a remote server wrote it (a diagnostic, a
 * subject, a host name, a Message-ID), which a spreadsheet must not
 * evaluate; FALSE for names that must stay exact (the source, addresses,
 * codes, our own words). */
gboolean bs_row_column_is_remote (BsColumn column);

/* The value of COLUMN for RECIPIENT of REPORT; "" when unknown, never
 * NULL. (transfer none: borrowed from REPORT or RECIPIENT, or static) */
const char *bs_row_get (const BsReport *report, const BsRecipient *recipient,
                        BsColumn column);

/* Sets COLUMN of RECIPIENT or REPORT to a copy of VALUE (the class column
 * is parsed; an unknown class leaves it unchanged): the inverse of
 * bs_row_get(), for rebuilding rows that crossed a process boundary. */
void bs_row_set (BsReport *report, BsRecipient *recipient, BsColumn column,
                 const char *value);

G_END_DECLS
