/* bs-rules.h: the rules that map codes and text to a reason and a class.
 * The file format is described in bouncescan-rules(5). */
#pragma once

#include <glib.h>

#include "bs-class.h"
#include "bs-options.h"
#include "bs-report.h"

G_BEGIN_DECLS

/* One rule as loaded: where it is, what it decides. */
typedef struct {
    char *id;          /* "file:line", the value of the rule column */
    char *reason;
    BsClass klass;     /* the reason's class or the rule's override */
} BsRule;

/* A reason declared by a "reason" line. */
typedef struct {
    char *name;
    BsClass klass;
    char *description;
    char *id;          /* "file:line" of the declaration */
} BsReason;

/* A new empty rule set: no reasons, no rules. (transfer full) */
BsRules *bs_rules_new (void);

/* Frees RULES; NULL is fine. */
void bs_rules_free (BsRules *rules);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsRules, bs_rules_free)

/* How a file's rules are ordered against those already loaded. */
typedef enum {
    BS_RULES_APPEND,         /* tried after every rule loaded so far */
    BS_RULES_BEFORE_DEFAULT, /* tried after earlier user files, before the
                              * rules of files loaded with APPEND */
    BS_RULES_REASONS_ONLY,   /* only the reason declarations are kept */
} BsRulesPlace;

/* Parses LENGTH bytes of DATA, named NAME in ids and messages, and adds its
 * reasons and rules to RULES at PLACE. Every problem is reported, one per
 * line, as "NAME:LINE: message" (with ":COLUMN" and a caret line for bad
 * regular expressions) in one BS_ERROR_RULES error; RULES is then left
 * unchanged. Reasons must be declared before or in the file that uses
 * them; declaring a reason already loaded from another file replaces it,
 * which is how a user file changes a reason's class. */
gboolean bs_rules_load_data (BsRules *rules, const char *name,
                             const char *data, gsize length,
                             BsRulesPlace place, GError **error);

/* Reads PATH and loads it as bs_rules_load_data() does. */
gboolean bs_rules_load_file (BsRules *rules, const char *path,
                             BsRulesPlace place, GError **error);

/* Number of reasons and the reason at INDEX, in declaration order.
 * (transfer none) */
guint bs_rules_reason_count (const BsRules *rules);
const BsReason *bs_rules_reason_get (const BsRules *rules, guint index);

/* Number of rules and the rule at INDEX, in the order they are tried.
 * (transfer none) */
guint bs_rules_count (const BsRules *rules);
const BsRule *bs_rules_get (const BsRules *rules, guint index);

/* The declared reason called NAME, or NULL. (transfer none) */
const BsReason *bs_rules_reason (const BsRules *rules, const char *name);

/* Decides RECIPIENT's reason, class and rule: the first rule, in order,
 * whose every criterion matches. Returns the index of that rule, or -1
 * when none matched (the recipient is then left for the fallback). When
 * REPORT has a trace, each rule tried is traced. */
int bs_rules_apply (const BsRules *rules, BsReport *report,
                    BsRecipient *recipient);

G_END_DECLS
