/* bs-prose.h: the text of a prose bounce (one written for people, not an
 * RFC 3464 report), shared by the stages that read it: whose recipients
 * failed (bs-failed.h) and what was said about each (bs-diagnostic.h). */
#pragma once

#include "bs-input.h"

G_BEGIN_DECLS

/* Diagnostics are cut at this many bytes. */
#define BS_PROSE_MAX_DIAGNOSTIC 1024

/* The bounce's text as the prose reader looks at it. Borrowed pointers. */
typedef struct {
    const char *text;     /* bs_input_text() */
    const char *folded;   /* the same in ASCII lower case, same offsets */
    const char *cut;      /* in TEXT: where the returned copy starts */
} BsProse;

/* TRUE if TEXT holds one of NEEDLES (NULL-terminated), in any case. */
gboolean bs_prose_contains_any (const char *text,
                                const char *const *needles);

/* TRUE if FOLDED, a text in ASCII lower case, holds one of NEEDLES (all
 * lower case): strstr() on a folded text is far cheaper than
 * strcasestr(). */
gboolean bs_prose_folded_has_any (const char *folded,
                                  const char *const *needles);

/* The first LOWER (lower case) in the prose at FROM or after, as a place
 * in its text; NULL if none. (transfer none) */
const char *bs_prose_find (const BsProse *prose, const char *from,
                           const char *lower);

/* The bounce's own header NAME, as GMime decodes it. (transfer none) */
const char *bs_prose_header (BsInput *input, const char *name);

/* Where the copy of the original message starts in TEXT: a marker line
 * such as "--- Below this line is a copy of the message." or the first
 * Received:/Return-Path: header line. TEXT's end when there is none.
 * (transfer none) */
const char *bs_prose_cut (const char *text);

/* The address around the '@' at AT in [TEXT, END), or NULL; *BEGIN (when
 * not NULL) receives where it starts. (transfer full) */
char *bs_prose_address_at (const char *text, const char *end,
                           const char *at, const char **begin);

/* The addresses in the LENGTH bytes at TEXT, in order of first appearance,
 * without duplicates (case-insensitive). (transfer full: a NULL-terminated
 * array) */
char **bs_prose_addresses (const char *text, gsize length);

/* TRUE if HIT, in TEXT, is on a line that summarises the original message
 * ("To: ...", "Subject: ...") rather than reports a failure. */
gboolean bs_prose_on_summary_line (const char *text, const char *hit);

/* TRUE if the text before FOLDED (in a folded text starting at START)
 * ends with the words by which MTAs name the alias a recipient was reached
 * through (Postfix "expanded from <", Exim "generated from "). */
gboolean bs_prose_after_alias_marker (const char *start, const char *folded);

/* TRUE if TEXT starts with such words, in any case. */
gboolean bs_prose_names_alias (const char *text);

G_END_DECLS
