/* bs-rules.c: the rules as loaded (bs-rulefile.c reads the files) and
 * their application: rules are tried in order and the first whose every
 * criterion holds decides the reason and class (OpenSMTPD's ruleset
 * model); the trace names each rule tried and why it failed. */
#include <string.h>

#include "bs-error.h"
#include "bs-private.h"
#include "bs-rules.h"

void
bs_rules_rule_free (Rule *rule)
{
    g_free (rule->public.id);
    g_free (rule->public.reason);
    if (rule->criteria != NULL)
        g_ptr_array_unref (rule->criteria);
    g_free (rule->canonical);
    g_free (rule);
}

void
bs_rules_reason_free (BsReason *reason)
{
    g_free (reason->name);
    g_free (reason->description);
    g_free (reason->id);
    g_free (reason);
}

BsRules *
bs_rules_new (void)
{
    BsRules *rules = g_new0 (BsRules, 1);

    rules->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) bs_rules_rule_free);
    rules->reasons =
        g_ptr_array_new_with_free_func ((GDestroyNotify) bs_rules_reason_free);
    rules->reason_index = g_hash_table_new (g_str_hash, g_str_equal);
    rules->canonical = g_hash_table_new (g_str_hash, g_str_equal);
    rules->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          g_free);
    return rules;
}

void
bs_rules_free (BsRules *rules)
{
    if (rules == NULL)
        return;
    g_hash_table_unref (rules->words);
    g_hash_table_unref (rules->canonical);
    g_hash_table_unref (rules->reason_index);
    g_ptr_array_unref (rules->reasons);
    g_ptr_array_unref (rules->rules);
    g_free (rules);
}

guint
bs_rules_count (const BsRules *rules)
{
    return rules->rules->len;
}

const BsRule *
bs_rules_get (const BsRules *rules, guint index)
{
    g_return_val_if_fail (index < rules->rules->len, NULL);
    return g_ptr_array_index (rules->rules, index);
}

guint
bs_rules_reason_count (const BsRules *rules)
{
    return rules->reasons->len;
}

const BsReason *
bs_rules_reason_get (const BsRules *rules, guint index)
{
    g_return_val_if_fail (index < rules->reasons->len, NULL);
    return g_ptr_array_index (rules->reasons, index);
}

const BsReason *
bs_rules_reason (const BsRules *rules, const char *name)
{
    return g_hash_table_lookup (rules->reason_index, name);
}

/* The first criterion of RULE that fails, or NULL when all hold. */
static const BsCriterion *
first_failing (const Rule *rule, const char *const *values,
               BsLiteralText *const *folded)
{
    for (guint i = 0; i < rule->criteria->len; i++) {
        const BsCriterion *criterion = g_ptr_array_index (rule->criteria, i);

        if (!bs_criterion_match_folded (criterion, values, folded))
            return criterion;
    }
    return NULL;
}

static void
fill_values (const BsReport *report, const BsRecipient *recipient,
             const char **values)
{
    const char *at = recipient->recipient != NULL
        ? strrchr (recipient->recipient, '@') : NULL;

    values[BS_CRITERION_STATUS] = recipient->status;
    values[BS_CRITERION_CODE] = recipient->reply_code;
    values[BS_CRITERION_TEXT] = recipient->diagnostic;
    values[BS_CRITERION_MTA] = recipient->remote_mta;
    values[BS_CRITERION_DOMAIN] = at != NULL ? at + 1 : NULL;
    values[BS_CRITERION_READER] = report->detected_by;
    values[BS_CRITERION_ACTION] = recipient->action;
    values[BS_CRITERION_COMMAND] = recipient->command;
    values[BS_CRITERION_DIAGTYPE] = recipient->diagnostic_type;
    values[BS_CRITERION_FEEDBACK] = recipient->feedback_type;
}

/* For explain: the rule that decided, with every condition it met. */
static void
trace_match (BsReport *report, const Rule *rule)
{
    g_autoptr (GString) met = NULL;

    if (report->trace == NULL)
        return;
    met = g_string_new (NULL);
    for (guint i = 0; i < rule->criteria->len; i++)
        g_string_append_printf (met, "%s%s", i > 0 ? ", " : "",
                                bs_criterion_text (
                                    g_ptr_array_index (rule->criteria, i)));
    bs_report_trace (report, "  rule %s: matched (%s): %s, %s",
                     rule->public.id, met->len > 0 ? met->str : "always",
                     rule->public.reason,
                     bs_class_to_string (rule->public.klass));
}

int
bs_rules_apply (const BsRules *rules, BsReport *report,
                BsRecipient *recipient)
{
    const char *values[BS_CRITERION_COUNT];
    BsLiteralText *folded[BS_CRITERION_COUNT] = { NULL };
    g_autofree char *text = NULL;
    g_autoptr (BsLiteralText) folded_text = NULL;
    g_autoptr (BsLiteralText) folded_mta = NULL;

    g_return_val_if_fail (rules != NULL && recipient != NULL, -1);
    fill_values (report, recipient, values);
    /* The reporting MTA's comment on the Status field is read with the
     * remote server's words: a rule earlier in the file that matches
     * either decides. */
    if (recipient->status_note != NULL) {
        text = g_strconcat (recipient->diagnostic != NULL
                            ? recipient->diagnostic : "", " (",
                            recipient->status_note, ")", NULL);
        values[BS_CRITERION_TEXT] = text;
    }
    folded_text = bs_criterion_fold (values[BS_CRITERION_TEXT]);
    folded_mta = bs_criterion_fold (values[BS_CRITERION_MTA]);
    folded[BS_CRITERION_TEXT] = folded_text;
    folded[BS_CRITERION_MTA] = folded_mta;
    for (guint i = 0; i < rules->rules->len; i++) {
        const Rule *rule = g_ptr_array_index (rules->rules, i);
        const BsCriterion *failing = first_failing (rule, values, folded);

        if (failing != NULL) {
            bs_report_trace (report, "  rule %s: no (%s)", rule->public.id,
                             bs_criterion_text (failing));
            continue;
        }
        trace_match (report, rule);
        bs_set_string (&recipient->reason, rule->public.reason);
        bs_set_string (&recipient->rule, rule->public.id);
        recipient->klass = rule->public.klass;
        return (int) i;
    }
    return -1;
}
