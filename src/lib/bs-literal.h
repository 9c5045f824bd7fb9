/* bs-literal.h: a literal prefilter for the rules' regular expressions.
 * Most rules do not match most diagnostics; a regular expression that can
 * only match where one of a few words occurs need not run when none of
 * them does. The words are read off the pattern, conservatively: when the
 * pattern holds anything this reader does not follow, there is no
 * prefilter and the expression always runs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Needles shorter than this filter too little to be worth a search. */
#define BS_LITERAL_MIN_LENGTH 3

/* The words of which any match of the case-insensitive PATTERN must
 * contain at least one, lower-cased, one per top-level alternative; NULL
 * when some alternative requires no word of BS_LITERAL_MIN_LENGTH ASCII
 * characters, or the pattern uses a construct not followed here (inline
 * options, \Q...\E, escapes that stand for characters). (transfer full) */
char **bs_literal_needles (const char *pattern);

/* TEXT's first LENGTH bytes folded for bs_literal_any(): ASCII letters
 * lower-cased, and the two non-ASCII characters that a case-insensitive
 * Unicode match takes for ASCII letters (KELVIN SIGN for k, LONG S for s)
 * replaced by them. (transfer full) */
char *bs_literal_fold (const char *text, gsize length);

/* TRUE if FOLDED (from bs_literal_fold()) contains one of NEEDLES, or
 * NEEDLES is NULL (no prefilter). */
gboolean bs_literal_any (char *const *needles, const char *folded);

G_END_DECLS
