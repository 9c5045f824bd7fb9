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

/* A text prepared for bs_literal_any(): folded, and the set of byte pairs
 * it holds. A needle with a pair the text lacks cannot occur in it, which
 * rules out most needles without a search. */
typedef struct _BsLiteralText BsLiteralText;

/* TEXT's first LENGTH bytes prepared: ASCII letters lower-cased, and the
 * two non-ASCII characters that a case-insensitive Unicode match takes for
 * ASCII letters (KELVIN SIGN for k, LONG S for s) replaced by them.
 * (transfer full) */
BsLiteralText *bs_literal_fold (const char *text, gsize length);

/* Frees TEXT; NULL is fine. */
void bs_literal_text_free (BsLiteralText *text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsLiteralText, bs_literal_text_free)

/* The folded text. (transfer none) */
const char *bs_literal_text_folded (const BsLiteralText *text);

/* TRUE if TEXT (from bs_literal_fold()) contains one of NEEDLES, or
 * NEEDLES or TEXT is NULL (no prefilter). */
gboolean bs_literal_any (char *const *needles, const BsLiteralText *text);

/* A prefilter that asks more of a text than bs_literal_any(): each
 * top-level alternative of the pattern with all the words it requires
 * ("spf" and "fail" for "spf.{0,60}fail"), not just one of them. */
typedef struct _BsLiteralFilter BsLiteralFilter;

/* The filter of the case-insensitive PATTERN, or NULL for none (on the
 * same terms as bs_literal_needles()). (transfer full) */
BsLiteralFilter *bs_literal_filter_new (const char *pattern);

/* Frees FILTER; NULL is fine. */
void bs_literal_filter_free (BsLiteralFilter *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsLiteralFilter, bs_literal_filter_free)

/* FALSE only if no match of the pattern can be in TEXT (from
 * bs_literal_fold()); TRUE when FILTER or TEXT is NULL. */
gboolean bs_literal_filter_passes (const BsLiteralFilter *filter,
                                   const BsLiteralText *text);

G_END_DECLS
