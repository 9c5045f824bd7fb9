/* bs-rulefile.c: reads rule files. One entry per line, tokenised with
 * GLib's shell-quoting parser so that values with spaces are simply
 * quoted:
 *
 *   reason userunknown hard "The mailbox does not exist"
 *   words missing "no such (user|mailbox)|user unknown"
 *   rule userunknown status=5.1.1
 *   rule userunknown command=rcpt text=@missing
 *   rule mailboxfull text="mailbox (is )?full" class=soft
 *
 * A file is loaded whole or not at all, and every problem in it is
 * reported as file:line (jq's locfile). */
#include <string.h>

#include "bs-error.h"
#include "bs-private.h"
#include "bs-rules.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rule, bs_rules_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsReason, bs_rules_reason_free)

typedef struct {
    BsRules *rules;
    const char *name;
    GPtrArray *reasons;        /* of BsReason */
    GPtrArray *new_rules;      /* of Rule */
    GHashTable *canonical;     /* of this file's rules */
    GHashTable *words;         /* name -> pattern, this file's */
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

/* The pattern VALUE stands for: VALUE itself, or for "@NAME" in a text or
 * mta criterion the pattern of "words NAME", declared above in this file
 * or in a file loaded before; NULL (said so) when there is none. */
static const char *
named_words (Loader *loader, guint line, BsCriterionKind kind,
             const char *value)
{
    const char *pattern;

    if (value[0] != '@' ||
        (kind != BS_CRITERION_TEXT && kind != BS_CRITERION_MTA))
        return value;
    pattern = g_hash_table_lookup (loader->words, value + 1);
    if (pattern == NULL)
        pattern = g_hash_table_lookup (loader->rules->words, value + 1);
    if (pattern == NULL)
        problem (loader, line, "unknown words '%s' (declare them above: "
                 "words NAME PATTERN)", value);
    return pattern;
}

/* words NAME PATTERN: a pattern that rules use as text=@NAME, so that one
 * list of wordings serves the rules that differ only in what else must
 * hold (the SMTP phase, the status). */
static void
parse_words (Loader *loader, guint line, const char *text, char **argv)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (BsCriterion) check = NULL;
    int offset = -1;

    if (g_strv_length (argv) != 3) {
        problem (loader, line, "want: words NAME PATTERN");
        return;
    }
    if (!valid_reason_name (argv[1])) {
        problem (loader, line, "bad words name '%s' (lower-case letters, "
                 "digits and _ only)", argv[1]);
        return;
    }
    /* A later file may declare words again, for its own rules (the
     * rules loaded before keep what they were given). */
    if (g_hash_table_contains (loader->words, argv[1])) {
        problem (loader, line, "words '%s' already declared", argv[1]);
        return;
    }
    check = bs_criterion_new (BS_CRITERION_TEXT, argv[2], &offset, &error);
    if (check == NULL) {
        const char *at = strstr (text, argv[2]);

        if (offset >= 0 && at != NULL)
            problem_at (loader, line, text, (int) (at - text) + offset,
                        error->message);
        else
            problem (loader, line, "%s", error->message);
        return;
    }
    g_hash_table_insert (loader->words, g_strdup (argv[1]),
                         g_strdup (argv[2]));
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
    const char *value;
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
    value = named_words (loader, rule->line, kind, equals + 1);
    if (value == NULL)
        return FALSE;
    criterion = bs_criterion_new (kind, value, &offset, &error);
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
    else if (strcmp (argv[0], "words") == 0)
        parse_words (loader, line, text, argv);
    else
        problem (loader, line, "unknown entry '%s' (want reason, words or "
                 "rule)", argv[0]);
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
            bs_rules_reason_free (earlier);
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
    GHashTableIter iter;
    gpointer name, pattern;

    g_ptr_array_set_free_func (loader->reasons, NULL);
    for (guint i = 0; i < loader->reasons->len; i++)
        add_reason (rules, g_ptr_array_index (loader->reasons, i));
    g_hash_table_iter_init (&iter, loader->words);
    while (g_hash_table_iter_next (&iter, &name, &pattern))
        g_hash_table_replace (rules->words, g_strdup (name),
                              g_strdup (pattern));
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
    Loader loader = { rules, name, NULL, NULL, NULL, NULL, NULL };
    gboolean ok;

    g_return_val_if_fail (rules != NULL && name != NULL, FALSE);
    loader.reasons =
        g_ptr_array_new_with_free_func ((GDestroyNotify) bs_rules_reason_free);
    loader.new_rules =
        g_ptr_array_new_with_free_func ((GDestroyNotify) bs_rules_rule_free);
    loader.canonical = g_hash_table_new (g_str_hash, g_str_equal);
    loader.words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          g_free);
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
    g_hash_table_unref (loader.words);
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
