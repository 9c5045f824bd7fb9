/* bs-criteria.c: rule criteria: code patterns with wildcards (RFC 3463
 * class.subject.detail; RFC 5321 reply codes), case-insensitive GRegex on
 * text, and plain lists. Each kind is a row of a table: its key, how to
 * compile a value and how to match it. */
#include <string.h>

#include "bs-criteria.h"
#include "bs-error.h"
#include "bs-literal.h"

/* Diagnostics longer than this are matched on their first part only, so
 * that a hostile server cannot make regular expressions work for long. */
#define MAX_MATCH_LENGTH 4096

struct _BsCriterion {
    BsCriterionKind kind;
    char *text;          /* "key=value" */
    char **items;        /* list kinds: the comma-separated values */
    GRegex *regex;       /* regex kinds: compiled at load, which checks
                          * the pattern, but not JIT-compiled */
    GRegex *jit;         /* the same, JIT-compiled at its first match
                          * (thread-safe once-init), or NULL before */
    BsLiteralFilter *filter;  /* regex kinds: the words any match
                               * contains (bs-literal.h), or NULL */
    gboolean none;       /* lists: "none" matches a record that has no
                          * value of this kind */
};

typedef gboolean (*CompileFunc) (BsCriterion *criterion, const char *value,
                                 int *offset, GError **error);
typedef gboolean (*MatchFunc) (const BsCriterion *criterion,
                               const char *value);

static gboolean compile_status (BsCriterion *, const char *, int *, GError **);
static gboolean compile_code (BsCriterion *, const char *, int *, GError **);
static gboolean compile_regex (BsCriterion *, const char *, int *, GError **);
static gboolean compile_list (BsCriterion *, const char *, int *, GError **);
static gboolean match_status (const BsCriterion *, const char *);
static gboolean match_code (const BsCriterion *, const char *);
static gboolean match_regex (const BsCriterion *, const char *);
static gboolean match_domain (const BsCriterion *, const char *);
static gboolean match_word (const BsCriterion *, const char *);

static const struct {
    BsCriterionKind kind;
    const char *key;
    CompileFunc compile;
    MatchFunc match;
} kinds[] = {
    { BS_CRITERION_STATUS, "status", compile_status, match_status },
    { BS_CRITERION_CODE, "code", compile_code, match_code },
    { BS_CRITERION_TEXT, "text", compile_regex, match_regex },
    { BS_CRITERION_MTA, "mta", compile_regex, match_regex },
    { BS_CRITERION_DOMAIN, "domain", compile_list, match_domain },
    { BS_CRITERION_READER, "reader", compile_list, match_word },
    { BS_CRITERION_ACTION, "action", compile_list, match_word },
    { BS_CRITERION_COMMAND, "command", compile_list, match_word },
    { BS_CRITERION_DIAGTYPE, "diagtype", compile_list, match_word },
    { BS_CRITERION_FEEDBACK, "feedback", compile_list, match_word },
};

G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == BS_CRITERION_COUNT);

const char *
bs_criterion_key (BsCriterionKind kind)
{
    return (guint) kind < G_N_ELEMENTS (kinds) ? kinds[kind].key : NULL;
}

gboolean
bs_criterion_kind_from_key (const char *key, BsCriterionKind *kind)
{
    for (gsize i = 0; key != NULL && i < G_N_ELEMENTS (kinds); i++) {
        if (strcmp (kinds[i].key, key) == 0) {
            *kind = kinds[i].kind;
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
fail (GError **error, int *offset, int at, const char *format,
      const char *value)
{
    *offset = at;
    g_set_error (error, BS_ERROR, BS_ERROR_RULES, format, value);
    return FALSE;
}

/* "none" in a list: the record has no value of that kind (no code, no
 * command). It stays in the list, where it matches no actual value. */
static gboolean
take_none (BsCriterion *criterion, const char *item)
{
    if (strcmp (item, "none") != 0)
        return FALSE;
    criterion->none = TRUE;
    return TRUE;
}

/* Splits VALUE at commas into ITEMS; an empty item is an error. */
static gboolean
compile_list (BsCriterion *criterion, const char *value, int *offset,
              GError **error)
{
    criterion->items = g_strsplit (value, ",", -1);
    for (char **item = criterion->items; *item != NULL; item++) {
        g_strstrip (*item);
        if (**item == '\0')
            return fail (error, offset, -1, "empty item in list '%s'", value);
        take_none (criterion, *item);
        if (criterion->kind != BS_CRITERION_STATUS &&
            criterion->kind != BS_CRITERION_CODE) {
            char *lower = g_ascii_strdown (*item, -1);

            g_free (*item);
            *item = lower;
        }
    }
    return TRUE;
}

/* A status part: 1-3 digits, or '*'. */
static gboolean
status_part_valid (const char *part, gboolean is_class)
{
    gsize length = strlen (part);

    if (strcmp (part, "*") == 0)
        return TRUE;
    if (length == 0 || length > (is_class ? 1 : 3) ||
        strspn (part, "0123456789") != length)
        return FALSE;
    return !is_class || part[0] == '2' || part[0] == '4' || part[0] == '5';
}

static gboolean
status_pattern_valid (const char *pattern)
{
    g_auto (GStrv) parts = g_strsplit (pattern, ".", -1);
    guint count = g_strv_length (parts);

    /* "5.*" is short for "5.*.*"; otherwise all three parts are given. */
    if (count == 2 && strcmp (parts[1], "*") == 0)
        return status_part_valid (parts[0], TRUE);
    if (count != 3)
        return FALSE;
    return status_part_valid (parts[0], TRUE) &&
           status_part_valid (parts[1], FALSE) &&
           status_part_valid (parts[2], FALSE);
}

static gboolean
compile_status (BsCriterion *criterion, const char *value, int *offset,
                GError **error)
{
    if (!compile_list (criterion, value, offset, error))
        return FALSE;
    for (char **item = criterion->items; *item != NULL; item++) {
        if (take_none (criterion, *item))
            continue;
        if (!status_pattern_valid (*item))
            return fail (error, offset, strstr (value, *item) - value,
                         "malformed status pattern '%s' (want e.g. 5.1.1, "
                         "5.1.* or 5.*)", *item);
        /* Matching wants three parts: "5.*" is "5.*.*". */
        if (strchr (*item, '.') == strrchr (*item, '.')) {
            char *full = g_strconcat (*item, ".*", NULL);

            g_free (*item);
            *item = full;
        }
    }
    return TRUE;
}

static gboolean
compile_code (BsCriterion *criterion, const char *value, int *offset,
              GError **error)
{
    if (!compile_list (criterion, value, offset, error))
        return FALSE;
    for (char **item = criterion->items; *item != NULL; item++) {
        const char *p = *item;
        gboolean ok = strlen (p) == 3 && strchr ("245x", p[0]) != NULL;

        if (take_none (criterion, p))
            continue;

        for (int i = 1; ok && i < 3; i++)
            ok = g_ascii_isdigit (p[i]) || p[i] == 'x';
        if (!ok)
            return fail (error, offset, strstr (value, *item) - value,
                         "malformed reply code '%s' (want e.g. 550 or 55x)",
                         *item);
    }
    return TRUE;
}

/* GLib's compile errors say "... at char N: ..."; N is what we want for
 * the caret. */
static int
regex_error_offset (const char *message)
{
    const char *at = strstr (message, " at char ");

    return at != NULL ? (int) g_ascii_strtoll (at + 9, NULL, 10) : -1;
}

static gboolean
compile_regex (BsCriterion *criterion, const char *value, int *offset,
               GError **error)
{
    g_autoptr (GError) local = NULL;
    const char *reason;

    criterion->regex = g_regex_new (value, G_REGEX_CASELESS, 0, &local);
    if (criterion->regex != NULL) {
        criterion->filter = bs_literal_filter_new (value);
        return TRUE;
    }
    *offset = regex_error_offset (local->message);
    reason = strrchr (local->message, ':');
    g_set_error (error, BS_ERROR, BS_ERROR_RULES,
                 "bad regular expression: %s",
                 reason != NULL ? reason + 2 : local->message);
    return FALSE;
}

BsCriterion *
bs_criterion_new (BsCriterionKind kind, const char *value, int *offset,
                  GError **error)
{
    g_autoptr (BsCriterion) criterion = g_new0 (BsCriterion, 1);

    g_return_val_if_fail ((guint) kind < BS_CRITERION_COUNT, NULL);
    *offset = -1;
    criterion->kind = kind;
    criterion->text = g_strdup_printf ("%s=%s", kinds[kind].key, value);
    if (*value == '\0') {
        g_set_error (error, BS_ERROR, BS_ERROR_RULES, "empty value for %s",
                     kinds[kind].key);
        return NULL;
    }
    if (!kinds[kind].compile (criterion, value, offset, error))
        return NULL;
    return g_steal_pointer (&criterion);
}

void
bs_criterion_free (BsCriterion *criterion)
{
    if (criterion == NULL)
        return;
    g_free (criterion->text);
    g_strfreev (criterion->items);
    bs_literal_filter_free (criterion->filter);
    if (criterion->regex != NULL)
        g_regex_unref (criterion->regex);
    if (criterion->jit != NULL)
        g_regex_unref (criterion->jit);
    g_free (criterion);
}

BsCriterionKind
bs_criterion_kind (const BsCriterion *criterion)
{
    return criterion->kind;
}

const char *
bs_criterion_text (const BsCriterion *criterion)
{
    return criterion->text;
}

gboolean
bs_criterion_status_matches (const char *pattern, const char *status)
{
    const char *p = pattern;
    const char *s = status;

    for (int part = 0; part < 3; part++) {
        gsize pattern_length = strcspn (p, ".");
        gsize status_length = strcspn (s, ".");
        gboolean star = pattern_length == 1 && *p == '*';

        if (!star && (pattern_length != status_length ||
                      memcmp (p, s, pattern_length) != 0))
            return FALSE;
        p += pattern_length;
        s += status_length;
        if (part < 2) {
            if (*p != '.' || *s != '.')
                return FALSE;
            p++;
            s++;
        }
    }
    return *p == '\0' && *s == '\0';
}

static gboolean
match_status (const BsCriterion *criterion, const char *value)
{
    for (char **item = criterion->items; *item != NULL; item++)
        if (bs_criterion_status_matches (*item, value))
            return TRUE;
    return FALSE;
}

static gboolean
match_code (const BsCriterion *criterion, const char *value)
{
    if (strlen (value) != 3)
        return FALSE;
    for (char **item = criterion->items; *item != NULL; item++) {
        const char *p = *item;

        if ((p[0] == 'x' || p[0] == value[0]) &&
            (p[1] == 'x' || p[1] == value[1]) &&
            (p[2] == 'x' || p[2] == value[2]))
            return TRUE;
    }
    return FALSE;
}

/* The JIT-compiled regex, made at the first match. JIT compiling every
 * pattern at load cost more than half of a run's start-up, and the
 * literal prefilter means most patterns never run in a given batch. The
 * cache is the one thing a match writes; g_once_init makes that safe
 * when threads share the rules. */
static GRegex *
jit_regex (const BsCriterion *criterion)
{
    GRegex **jit = (GRegex **) &criterion->jit;

    if (g_once_init_enter (jit)) {
        GRegex *compiled = g_regex_new (g_regex_get_pattern (criterion->regex),
                                        G_REGEX_CASELESS | G_REGEX_OPTIMIZE,
                                        0, NULL);

        /* It compiled once already; should memory fail, fall back. */
        g_once_init_leave (jit, compiled != NULL
                                   ? compiled
                                   : g_regex_ref (criterion->regex));
    }
    return *jit;
}

static gboolean
match_regex (const BsCriterion *criterion, const char *value)
{
    gsize length = strlen (value);

    return g_regex_match_full (jit_regex (criterion), value,
                               MIN (length, MAX_MATCH_LENGTH), 0, 0, NULL,
                               NULL);
}

/* The domain or any parent of it: "example.com" matches "mx.example.com". */
static gboolean
match_domain (const BsCriterion *criterion, const char *value)
{
    gsize length = strlen (value);

    for (char **item = criterion->items; *item != NULL; item++) {
        gsize item_length = strlen (*item);

        if (length >= item_length &&
            g_ascii_strcasecmp (value + length - item_length, *item) == 0 &&
            (length == item_length || value[length - item_length - 1] == '.'))
            return TRUE;
    }
    return FALSE;
}

/* A word from a list; "*" stands for any value at all. */
static gboolean
match_word (const BsCriterion *criterion, const char *value)
{
    for (char **item = criterion->items; *item != NULL; item++)
        if (strcmp (*item, "*") == 0 || g_ascii_strcasecmp (*item, value) == 0)
            return TRUE;
    return FALSE;
}

gboolean
bs_criterion_match (const BsCriterion *criterion, const char *const *values)
{
    return bs_criterion_match_folded (criterion, values, NULL);
}

gboolean
bs_criterion_match_folded (const BsCriterion *criterion,
                           const char *const *values,
                           BsLiteralText *const *folded)
{
    const char *value = values[criterion->kind];

    if (value == NULL || *value == '\0')
        return criterion->none;
    if (folded != NULL &&
        !bs_literal_filter_passes (criterion->filter, folded[criterion->kind]))
        return FALSE;
    return kinds[criterion->kind].match (criterion, value);
}

BsLiteralText *
bs_criterion_fold (const char *value)
{
    return value != NULL
        ? bs_literal_fold (value, MIN (strlen (value), MAX_MATCH_LENGTH))
        : NULL;
}
