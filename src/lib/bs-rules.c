/* bs-rules.c: loads rule files and applies them. One entry per line,
 * tokenised with GLib's shell-quoting parser so that values with spaces
 * are simply quoted:
 *
 *   reason userunknown hard "The mailbox does not exist"
 *   rule userunknown status=5.1.1
 *   rule mailboxfull text="mailbox (is )?full" class=soft
 *
 * Rules are tried in order and the first whose every criterion holds wins
 * (OpenSMTPD's ruleset model). A file is loaded whole or not at all, and
 * every problem in it is reported as file:line. */
#include <string.h>

#include "bs-criteria.h"
#include "bs-error.h"
#include "bs-rules.h"

typedef struct {
    BsRule public;          /* first, so a Rule is a BsRule */
    GPtrArray *criteria;    /* of BsCriterion, cheapest first */
    char *canonical;        /* what makes two rules the same */
    guint line;
    gboolean class_set;     /* class= was given */
} Rule;

struct _BsRules {
    GPtrArray *rules;          /* of Rule, in the order they are tried */
    guint user_rules;          /* how many at the front are user rules */
    GPtrArray *reasons;        /* of BsReason, declaration order */
    GHashTable *reason_index;  /* name -> BsReason */
    GHashTable *canonical;     /* Rule.canonical -> Rule */
};

static void
rule_free (Rule *rule)
{
    g_free (rule->public.id);
    g_free (rule->public.reason);
    if (rule->criteria != NULL)
        g_ptr_array_unref (rule->criteria);
    g_free (rule->canonical);
    g_free (rule);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rule, rule_free)

static void
reason_free (BsReason *reason)
{
    g_free (reason->name);
    g_free (reason->description);
    g_free (reason->id);
    g_free (reason);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsReason, reason_free)

BsRules *
bs_rules_new (void)
{
    BsRules *rules = g_new0 (BsRules, 1);

    rules->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
    rules->reasons =
        g_ptr_array_new_with_free_func ((GDestroyNotify) reason_free);
    rules->reason_index = g_hash_table_new (g_str_hash, g_str_equal);
    rules->canonical = g_hash_table_new (g_str_hash, g_str_equal);
    return rules;
}

void
bs_rules_free (BsRules *rules)
{
    if (rules == NULL)
        return;
    g_hash_table_unref (rules->canonical);
    g_hash_table_unref (rules->reason_index);
    g_ptr_array_unref (rules->reasons);
    g_ptr_array_unref (rules->rules);
    g_free (rules);
}

/* One file being loaded: what it adds, and what is wrong with it. */
typedef struct {
    BsRules *rules;
    const char *name;
    GPtrArray *reasons;        /* of BsReason */
    GPtrArray *new_rules;      /* of Rule */
    GHashTable *canonical;     /* of this file's rules */
    GArray *errors;            /* of Problem */
} Loader;

typedef struct {
    guint line;
    char *message;
} Problem;

static void
problem_clear (Problem *problem)
{
    g_free (problem->message);
}

static void
problem (Loader *loader, guint line, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
problem (Loader *loader, guint line, const char *format, ...)
{
    va_list args;
    Problem entry = { line, NULL };
    g_autofree char *text = NULL;

    va_start (args, format);
    text = g_strdup_vprintf (format, args);
    va_end (args);
    entry.message = g_strdup_printf ("%s:%u: %s", loader->name, line, text);
    g_array_append_val (loader->errors, entry);
}

/* A problem at a column, shown jq-style with the line and a caret. */
static void
problem_at (Loader *loader, guint line, const char *text, int column,
            const char *message)
{
    Problem entry = { line, NULL };

    entry.message = g_strdup_printf ("%s:%u:%d: %s\n    %s\n    %*s^",
                                     loader->name, line, column + 1, message,
                                     text, column, "");
    g_array_append_val (loader->errors, entry);
}

/* The reason called NAME: declared in this file, or else loaded before. */
static const BsReason *
find_reason (Loader *loader, const char *name)
{
    for (guint i = 0; i < loader->reasons->len; i++) {
        const BsReason *candidate = g_ptr_array_index (loader->reasons, i);

        if (strcmp (candidate->name, name) == 0)
            return candidate;
    }
    return g_hash_table_lookup (loader->rules->reason_index, name);
}

static const BsReason *
find_reason_in_file (Loader *loader, const char *name)
{
    for (guint i = 0; i < loader->reasons->len; i++) {
        const BsReason *candidate = g_ptr_array_index (loader->reasons, i);

        if (strcmp (candidate->name, name) == 0)
            return candidate;
    }
    return NULL;
}

static gboolean
valid_reason_name (const char *name)
{
    for (const char *p = name; *p != '\0'; p++)
        if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
            return FALSE;
    return *name != '\0';
}

/* reason NAME CLASS DESCRIPTION... */
static void
parse_reason (Loader *loader, guint line, char **argv)
{
    g_autoptr (BsReason) reason = g_new0 (BsReason, 1);
    const BsReason *earlier;

    if (g_strv_length (argv) < 4) {
        problem (loader, line, "want: reason NAME CLASS DESCRIPTION");
        return;
    }
    if (!valid_reason_name (argv[1])) {
        problem (loader, line, "bad reason name '%s' (lower-case letters, "
                 "digits and _ only)", argv[1]);
        return;
    }
    if (!bs_class_from_string (argv[2], &reason->klass)) {
        problem (loader, line, "unknown class '%s' (want hard, soft, "
                 "complaint, autoreply or delivered)", argv[2]);
        return;
    }
    /* A later file may declare a reason again to change its class; within
     * one file a second declaration is a mistake. */
    if ((earlier = find_reason_in_file (loader, argv[1])) != NULL) {
        problem (loader, line, "reason '%s' already declared at %s", argv[1],
                 earlier->id);
        return;
    }
    reason->name = g_strdup (argv[1]);
    reason->description = g_strjoinv (" ", argv + 3);
    reason->id = g_strdup_printf ("%s:%u", loader->name, line);
    g_ptr_array_add (loader->reasons, g_steal_pointer (&reason));
}

/* Cheap criteria first, regular expressions last. */
static int
criterion_cost (gconstpointer a, gconstpointer b)
{
    static const int cost[BS_CRITERION_COUNT] = {
        [BS_CRITERION_READER] = 0, [BS_CRITERION_ACTION] = 1,
        [BS_CRITERION_COMMAND] = 1, [BS_CRITERION_DIAGTYPE] = 1,
        [BS_CRITERION_FEEDBACK] = 1,
        [BS_CRITERION_STATUS] = 2, [BS_CRITERION_CODE] = 3,
        [BS_CRITERION_DOMAIN] = 4, [BS_CRITERION_MTA] = 5,
        [BS_CRITERION_TEXT] = 6,
    };
    const BsCriterion *x = *(BsCriterion *const *) a;
    const BsCriterion *y = *(BsCriterion *const *) b;

    return cost[bs_criterion_kind (x)] - cost[bs_criterion_kind (y)];
}

/* One key=value of a rule line; FALSE when it was wrong (and said so). */
static gboolean
parse_criterion (Loader *loader, Rule *rule, const char *text,
                 const char *word)
{
    const char *equals = strchr (word, '=');
    g_autofree char *key = NULL;
    g_autoptr (GError) error = NULL;
    BsCriterionKind kind;
    BsCriterion *criterion;
    int offset = -1;

    if (equals == NULL) {
        problem (loader, rule->line, "'%s' is not key=value", word);
        return FALSE;
    }
    key = g_strndup (word, equals - word);
    if (strcmp (key, "class") == 0) {
        rule->class_set = bs_class_from_string (equals + 1,
                                                &rule->public.klass);
        if (!rule->class_set)
            problem (loader, rule->line, "unknown class '%s' (want hard, "
                     "soft, complaint, autoreply or delivered)", equals + 1);
        return rule->class_set;
    }
    if (!bs_criterion_kind_from_key (key, &kind)) {
        problem (loader, rule->line, "unknown key '%s' (want status, code, "
                 "text, mta, domain, reader, action, command, diagtype, "
                 "feedback or class)", key);
        return FALSE;
    }
    criterion = bs_criterion_new (kind, equals + 1, &offset, &error);
    if (criterion == NULL) {
        const char *at = strstr (text, equals + 1);

        if (offset >= 0 && at != NULL)
            problem_at (loader, rule->line, text,
                        (int) (at - text) + offset, error->message);
        else
            problem (loader, rule->line, "%s", error->message);
        return FALSE;
    }
    g_ptr_array_add (rule->criteria, criterion);
    return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
canonical_text (const Rule *rule)
{
    GString *out = g_string_new (rule->public.reason);
    g_autoptr (GPtrArray) texts = g_ptr_array_new ();

    for (guint i = 0; i < rule->criteria->len; i++)
        g_ptr_array_add (texts, (gpointer) bs_criterion_text (
                             g_ptr_array_index (rule->criteria, i)));
    g_ptr_array_sort (texts, compare_strings);
    for (guint i = 0; i < texts->len; i++)
        g_string_append_printf (out, " %s",
                                (const char *) g_ptr_array_index (texts, i));
    if (rule->class_set)
        g_string_append_printf (out, " class=%s",
                                bs_class_to_string (rule->public.klass));
    return g_string_free (out, FALSE);
}

/* Reports a rule that repeats an earlier one, in this file or before. */
static gboolean
check_duplicate (Loader *loader, Rule *rule)
{
    const Rule *earlier = g_hash_table_lookup (loader->rules->canonical,
                                               rule->canonical);

    if (earlier == NULL)
        earlier = g_hash_table_lookup (loader->canonical, rule->canonical);
    if (earlier == NULL)
        return TRUE;
    problem (loader, rule->line, "duplicate of the rule at %s",
             earlier->public.id);
    return FALSE;
}

/* rule REASON key=value... */
static void
parse_rule (Loader *loader, guint line, const char *text, char **argv)
{
    g_autoptr (Rule) rule = g_new0 (Rule, 1);
    gboolean ok = TRUE;

    rule->line = line;
    rule->criteria =
        g_ptr_array_new_with_free_func ((GDestroyNotify) bs_criterion_free);
    if (argv[1] == NULL) {
        problem (loader, line, "want: rule REASON [key=value...]");
        return;
    }
    rule->public.reason = g_strdup (argv[1]);
    rule->public.id = g_strdup_printf ("%s:%u", loader->name, line);
    for (char **word = argv + 2; *word != NULL; word++)
        ok &= parse_criterion (loader, rule, text, *word);
    if (!ok)
        return;
    g_ptr_array_sort (rule->criteria, criterion_cost);
    rule->canonical = canonical_text (rule);
    if (!check_duplicate (loader, rule))
        return;
    g_hash_table_insert (loader->canonical, rule->canonical, rule);
    g_ptr_array_add (loader->new_rules, g_steal_pointer (&rule));
}

static void
parse_line (Loader *loader, guint line, const char *text)
{
    g_auto (GStrv) argv = NULL;
    g_autoptr (GError) error = NULL;
    const char *start = text + strspn (text, " \t");

    if (*start == '\0' || *start == '#')
        return;
    if (!g_shell_parse_argv (start, NULL, &argv, &error)) {
        /* GLib appends the whole text; the line number says enough. */
        char *cut = strstr (error->message, " (The text was");

        if (cut != NULL)
            *cut = '\0';
        problem (loader, line, "cannot split the line into words: %s",
                 error->message);
        return;
    }
    if (strcmp (argv[0], "reason") == 0)
        parse_reason (loader, line, argv);
    else if (strcmp (argv[0], "rule") == 0)
        parse_rule (loader, line, text, argv);
    else
        problem (loader, line, "unknown entry '%s' (want reason or rule)",
                 argv[0]);
}

/* Every rule's reason must be declared; its class is the reason's unless
 * the rule overrides it. Run after the whole file is read, so reasons may
 * be declared below the rules that use them. */
static void
resolve_reasons (Loader *loader)
{
    for (guint i = 0; i < loader->new_rules->len; i++) {
        Rule *rule = g_ptr_array_index (loader->new_rules, i);
        const BsReason *reason = find_reason (loader, rule->public.reason);

        if (reason == NULL)
            problem (loader, rule->line, "unknown reason '%s'",
                     rule->public.reason);
    }
}

static int
compare_problems (gconstpointer a, gconstpointer b)
{
    const Problem *x = a;
    const Problem *y = b;

    return (x->line > y->line) - (x->line < y->line);
}

static gboolean
report_problems (Loader *loader, GError **error)
{
    GString *all;

    if (loader->errors->len == 0)
        return TRUE;
    g_array_sort (loader->errors, compare_problems);
    all = g_string_new (NULL);
    for (guint i = 0; i < loader->errors->len; i++)
        g_string_append_printf (all, "%s%s", i > 0 ? "\n" : "",
                                g_array_index (loader->errors, Problem,
                                               i).message);
    g_set_error_literal (error, BS_ERROR, BS_ERROR_RULES, all->str);
    g_string_free (all, TRUE);
    return FALSE;
}

/* Adds REASON, replacing an earlier declaration of the same name. */
static void
add_reason (BsRules *rules, BsReason *reason)
{
    BsReason *earlier = g_hash_table_lookup (rules->reason_index,
                                             reason->name);

    /* Replace, not insert: the key must be the new reason's own name, as
     * the earlier reason and its name are freed below. */
    g_hash_table_replace (rules->reason_index, reason->name, reason);
    if (earlier == NULL) {
        g_ptr_array_add (rules->reasons, reason);
        return;
    }
    for (guint i = 0; i < rules->reasons->len; i++) {
        if (g_ptr_array_index (rules->reasons, i) == earlier) {
            rules->reasons->pdata[i] = reason;
            reason_free (earlier);
            return;
        }
    }
}

/* Gives every rule without class= its reason's class, as declared last. */
static void
resolve_classes (BsRules *rules)
{
    for (guint i = 0; i < rules->rules->len; i++) {
        Rule *rule = g_ptr_array_index (rules->rules, i);
        const BsReason *reason = g_hash_table_lookup (rules->reason_index,
                                                      rule->public.reason);

        if (!rule->class_set && reason != NULL)
            rule->public.klass = reason->klass;
    }
}

static void
commit (Loader *loader, BsRulesPlace place)
{
    BsRules *rules = loader->rules;

    g_ptr_array_set_free_func (loader->reasons, NULL);
    for (guint i = 0; i < loader->reasons->len; i++)
        add_reason (rules, g_ptr_array_index (loader->reasons, i));
    if (place == BS_RULES_REASONS_ONLY) {
        resolve_classes (rules);
        return;
    }
    if (place == BS_RULES_REASONS_ONLY)
        return;
    for (guint i = 0; i < loader->new_rules->len; i++) {
        Rule *rule = g_ptr_array_index (loader->new_rules, i);

        if (place == BS_RULES_BEFORE_DEFAULT)
            g_ptr_array_insert (rules->rules, rules->user_rules++, rule);
        else
            g_ptr_array_add (rules->rules, rule);
        g_hash_table_insert (rules->canonical, rule->canonical, rule);
    }
    /* The rules now belong to RULES. */
    g_ptr_array_set_free_func (loader->new_rules, NULL);
    resolve_classes (rules);
}

gboolean
bs_rules_load_data (BsRules *rules, const char *name, const char *data,
                    gsize length, BsRulesPlace place, GError **error)
{
    g_autofree char *text = g_utf8_make_valid (data, length);
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
    Loader loader = { rules, name, NULL, NULL, NULL, NULL };
    gboolean ok;

    g_return_val_if_fail (rules != NULL && name != NULL, FALSE);
    loader.reasons =
        g_ptr_array_new_with_free_func ((GDestroyNotify) reason_free);
    loader.new_rules =
        g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
    loader.canonical = g_hash_table_new (g_str_hash, g_str_equal);
    loader.errors = g_array_new (FALSE, FALSE, sizeof (Problem));
    g_array_set_clear_func (loader.errors, (GDestroyNotify) problem_clear);
    for (guint i = 0; lines[i] != NULL; i++) {
        g_strchomp (lines[i]);
        parse_line (&loader, i + 1, lines[i]);
    }
    resolve_reasons (&loader);
    ok = report_problems (&loader, error);
    if (ok)
        commit (&loader, place);
    g_hash_table_unref (loader.canonical);
    g_ptr_array_unref (loader.new_rules);
    g_ptr_array_unref (loader.reasons);
    g_array_unref (loader.errors);
    return ok;
}

gboolean
bs_rules_load_file (BsRules *rules, const char *path, BsRulesPlace place,
                    GError **error)
{
    g_autofree char *data = NULL;
    gsize length = 0;

    if (!g_file_get_contents (path, &data, &length, error))
        return FALSE;
    return bs_rules_load_data (rules, path, data, length, place, error);
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
