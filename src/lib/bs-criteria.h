/* bs-criteria.h: the conditions a rule can put on a recipient. */
#pragma once

#include <glib.h>

#include "bs-literal.h"

G_BEGIN_DECLS

/* What a criterion looks at. The value of each kind for one recipient is
 * passed to bs_criterion_match() in an array indexed by kind. */
typedef enum {
    BS_CRITERION_STATUS,   /* status=5.1.1,5.1.*  enhanced status code */
    BS_CRITERION_CODE,     /* code=550,55x       SMTP reply code */
    BS_CRITERION_TEXT,     /* text=REGEX         diagnostic text */
    BS_CRITERION_MTA,      /* mta=REGEX          remote MTA */
    BS_CRITERION_DOMAIN,   /* domain=example.com recipient domain or parent */
    BS_CRITERION_READER,   /* reader=dsn,qmail   the reader that found it */
    BS_CRITERION_ACTION,   /* action=failed      the DSN action */
    BS_CRITERION_COMMAND,  /* command=data       SMTP command refused */
    BS_CRITERION_DIAGTYPE, /* diagtype=x-unix    Diagnostic-Code type */
    BS_CRITERION_FEEDBACK, /* feedback=abuse,*   complaint feedback type */
    BS_CRITERION_COUNT,    /* not a kind: the number of kinds */
} BsCriterionKind;

typedef struct _BsCriterion BsCriterion;

/* The key naming KIND in a rules file, or NULL. (transfer none) */
const char *bs_criterion_key (BsCriterionKind kind);

/* Parses KEY into *KIND; FALSE for an unknown key. */
gboolean bs_criterion_kind_from_key (const char *key, BsCriterionKind *kind);

/* Compiles one criterion from a rules file. On failure sets ERROR
 * (BS_ERROR_RULES) to a message without file or line, and *OFFSET to the
 * byte offset in VALUE of the problem, or -1 when there is none.
 * (transfer full) */
BsCriterion *bs_criterion_new (BsCriterionKind kind, const char *value,
                               int *offset, GError **error);

/* Frees CRITERION; NULL is fine. */
void bs_criterion_free (BsCriterion *criterion);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsCriterion, bs_criterion_free)

/* The kind of CRITERION. */
BsCriterionKind bs_criterion_kind (const BsCriterion *criterion);

/* The criterion as written in the file, "key=value". (transfer none) */
const char *bs_criterion_text (const BsCriterion *criterion);

/* TRUE if CRITERION holds for the recipient whose values, indexed by
 * BsCriterionKind, are VALUES (a NULL value never matches). */
gboolean bs_criterion_match (const BsCriterion *criterion,
                             const char *const *values);

/* The same, faster when most regular expressions fail: FOLDED holds, for
 * the regex kinds, bs_criterion_fold() of the value (or NULL), so that an
 * expression none of whose required words occur is not run. */
gboolean bs_criterion_match_folded (const BsCriterion *criterion,
                                    const char *const *values,
                                    BsLiteralText *const *folded);

/* VALUE prepared for bs_criterion_match_folded(): the part a regex looks
 * at, case-folded. NULL for NULL. (transfer full) */
BsLiteralText *bs_criterion_fold (const char *value);

/* TRUE if STATUS matches the three-part status PATTERN ("5.1.1", "5.1.*",
 * "5.*.*"); a star stands for one whole part. Exposed for testing. */
gboolean bs_criterion_status_matches (const char *pattern, const char *status);

G_END_DECLS
