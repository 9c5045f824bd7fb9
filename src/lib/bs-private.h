/* bs-private.h: what the library's files share but do not publish. Each
 * declaration is G_GNUC_INTERNAL: it is not part of libbouncescan's ABI. */
#pragma once

#include "bs-criteria.h"
#include "bs-rules.h"

G_BEGIN_DECLS

/* A rule as loaded (bs-rulefile.c) and applied (bs-rules.c). */
typedef struct {
    BsRule public;          /* first, so a Rule is a BsRule */
    GPtrArray *criteria;    /* of BsCriterion, cheapest first */
    char *canonical;        /* what makes two rules the same */
    guint line;
    gboolean class_set;     /* class= was given */
} Rule;

/* The rules, their reasons and the named patterns of their files. */
struct _BsRules {
    GPtrArray *rules;          /* of Rule, in the order they are tried */
    guint user_rules;          /* how many at the front are user rules */
    GPtrArray *reasons;        /* of BsReason, declaration order */
    GHashTable *reason_index;  /* name -> BsReason */
    GHashTable *canonical;     /* Rule.canonical -> Rule */
    GHashTable *words;         /* name -> pattern, of "words" entries */
};

G_GNUC_INTERNAL void bs_rules_rule_free (Rule *rule);
G_GNUC_INTERNAL void bs_rules_reason_free (BsReason *reason);

G_END_DECLS
