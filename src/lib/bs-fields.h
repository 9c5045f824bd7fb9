/* bs-fields.h: blocks of "Name: value" fields separated by blank lines, as
 * in message/delivery-status (RFC 3464) and message/feedback-report
 * (RFC 5965) bodies. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    char *name;    /* as written */
    char *value;   /* unfolded, trimmed, valid UTF-8 */
    guint line;    /* 1-based line of the field name in the block */
} BsField;

/* A parsed block: GROUPS holds one GPtrArray of BsField per run of fields
 * between blank lines; empty runs are dropped. */
typedef struct {
    GPtrArray *groups;
    guint junk_lines;   /* lines that were neither fields nor folds */
    gboolean truncated; /* MAX_FIELDS was reached */
} BsFieldBlock;

/* Parses LENGTH bytes of TEXT (CRLF or LF line ends, need not be
 * NUL-terminated). Continuation lines are unfolded with one space; lines
 * that are neither a field nor a continuation are counted as junk and
 * skipped. At most MAX_FIELDS fields are kept. Never fails.
 * (transfer full) */
BsFieldBlock *bs_fields_parse (const char *text, gsize length,
                               guint max_fields);

/* Frees BLOCK; NULL is fine. */
void bs_field_block_free (BsFieldBlock *block);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsFieldBlock, bs_field_block_free)

/* The value of the first field called NAME (case-insensitive) in GROUP, or
 * NULL. (transfer none) */
const char *bs_fields_get (GPtrArray *group, const char *name);

G_END_DECLS
