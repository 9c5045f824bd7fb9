/* bs-literal.c: required literals of a regular expression (PCRE2 syntax,
 * as GRegex takes it), read at the top level of each alternative only.
 * Groups, classes, escapes and anchors end a literal; a quantifier takes
 * back the character it applies to. Whatever is not followed with
 * certainty gives no prefilter rather than a wrong one. */
#include <string.h>

#include "bs-literal.h"

/* What reading an alternative found: the words one of which every match
 * of it contains, the best candidate so far (the one whose shortest word
 * is longest). */
typedef struct {
    GPtrArray *best;       /* of char *, lower-cased; NULL for none yet */
    gsize best_length;     /* the length of its shortest word */
    gboolean unsure;       /* a construct not followed: no prefilter */
    GPtrArray *all;        /* when not NULL: every candidate whose shortest
                            * word is long enough (each is required) */
} Scan;

static GPtrArray *needles_of (const char *p, const char *end,
                              gboolean *unsure);

/* Past the bracket expression at P ('['); patterns with POSIX classes
 * inside one are not read at all (followed_throughout()). */
static const char *
skip_class (const char *p, const char *end)
{
    p++;
    if (p < end && *p == '^')
        p++;
    if (p < end && *p == ']')
        p++;
    while (p < end && *p != ']') {
        if (*p == '\\' && p + 1 < end)
            p++;
        p++;
    }
    return p < end ? p + 1 : end;
}

/* Past the group at P ('('), nested groups and classes included. */
static const char *
skip_group (const char *p, const char *end)
{
    int depth = 0;

    while (p < end) {
        if (*p == '\\' && p + 1 < end)
            p += 2;
        else if (*p == '[')
            p = skip_class (p, end);
        else {
            if (*p == '(')
                depth++;
            else if (*p == ')' && --depth == 0)
                return p + 1;
            p++;
        }
    }
    return end;
}

/* Inline options ("(?i)", "(?x)": free spacing changes what a space
 * means), verbs ("(*UCP)") and the like are not followed; lookarounds
 * and plain or non-capturing groups are. */
static gboolean
group_followed (const char *p, const char *end)
{
    if (p + 1 < end && p[1] == '*')
        return FALSE;                  /* "(*UCP)" and other verbs */
    return p + 1 >= end || p[1] != '?' ||
           (p + 2 < end && strchr (":!=<", p[2]) != NULL);
}

/* Escapes that match no particular character, or one that a literal
 * cannot stand for anyway: they only end the literal. The others (\x41,
 * \0, \p{...}, backreferences) are not followed. */
static gboolean
escape_followed (char c)
{
    return !g_ascii_isalnum (c) || strchr ("bBdDsSwWAzZGhHvVR", c) != NULL;
}

static gsize
shortest (GPtrArray *words)
{
    gsize length = G_MAXSIZE;

    for (guint i = 0; i < words->len; i++)
        length = MIN (length, strlen (g_ptr_array_index (words, i)));
    return length;
}

/* Offers WORDS (taken) as the alternative's requirement. */
static void
offer (Scan *scan, GPtrArray *words)
{
    gsize length = shortest (words);

    if (scan->all != NULL && length >= BS_LITERAL_MIN_LENGTH)
        g_ptr_array_add (scan->all, g_ptr_array_ref (words));
    if (length > scan->best_length) {
        if (scan->best != NULL)
            g_ptr_array_unref (scan->best);
        scan->best = words;
        scan->best_length = length;
    } else
        g_ptr_array_unref (words);
}

static void
keep (Scan *scan, const char *run, gsize length)
{
    GPtrArray *words;

    if (length <= scan->best_length &&
        (scan->all == NULL || length < BS_LITERAL_MIN_LENGTH))
        return;
    words = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (words, g_ascii_strdown (run, length));
    offer (scan, words);
}

/* TRUE if the quantifier at P (after a group) may leave it out. */
static gboolean
optional (const char *p, const char *end)
{
    return p < end && (*p == '?' || *p == '*' ||
                       (*p == '{' && p + 1 < end &&
                        (p[1] == '0' || p[1] == ',')));
}

/* The group at P: skipped; when it must occur and is a plain or
 * non-capturing group, its own alternatives' words are a candidate. */
static const char *
scan_group (Scan *scan, const char *p, const char *end)
{
    const char *after = skip_group (p, end);
    const char *inner = p + 1;

    if (!group_followed (p, end)) {
        scan->unsure = TRUE;
        return after;
    }
    if (inner < end && *inner == '?') {
        if (inner + 1 >= end || inner[1] != ':')
            return after;              /* a lookaround: zero width */
        inner += 2;
    }
    if (after > inner && after[-1] == ')' && !optional (after, end)) {
        gboolean unsure = FALSE;
        GPtrArray *words = needles_of (inner, after - 1, &unsure);

        if (words != NULL)
            offer (scan, words);
    }
    return after;
}

/* Past the counted repetition at P ("{2}", "{0,30}", "{,3}"), or just
 * past the '{' when it is none and so stands for itself. Either way the
 * character before it has been let go: that is safe in both readings. */
static const char *
quantifier_end (const char *p, const char *end)
{
    const char *q = p + 1;
    gboolean digits = FALSE;

    while (q < end && (g_ascii_isdigit (*q) || *q == ',')) {
        digits |= g_ascii_isdigit (*q);
        q++;
    }
    return q < end && *q == '}' && digits ? q + 1 : p + 1;
}

/* Reads the alternative [P, END) for what every match of it contains. */
static void
scan_alternative (Scan *scan, const char *p, const char *end)
{
    const char *run = p;
    gsize length = 0;

    while (p < end && !scan->unsure) {
        unsigned char c = (unsigned char) *p;

        if (c == '?' || c == '*' || c == '{' || c == '+') {
            /* The character before a quantifier may be absent (or, for
             * '+', repeated): the literal ends before it (with it). */
            keep (scan, run, c == '+' ? length : length > 0 ? length - 1 : 0);
            if (c == '{')
                p = quantifier_end (p, end) - 1;
            p++;
            run = p;
            length = 0;
            continue;
        }
        if (c >= 0x80 || strchr ("\\()[].^$|", c) != NULL) {
            keep (scan, run, length);
            if (c == '\\') {
                scan->unsure = p + 1 >= end || !escape_followed (p[1]);
                p += 2;
            } else if (c == '(')
                p = scan_group (scan, p, end);
            else if (c == '[')
                p = skip_class (p, end);
            else
                p++;
            run = p;
            length = 0;
            continue;
        }
        length++;
        p++;
    }
    keep (scan, run, length);
}

/* The end of the top-level alternative that starts at P. */
static const char *
alternative_end (const char *p, const char *end)
{
    while (p < end && *p != '|') {
        if (*p == '\\' && p + 1 < end)
            p += 2;
        else if (*p == '(')
            p = skip_group (p, end);
        else if (*p == '[')
            p = skip_class (p, end);
        else
            p++;
    }
    return p;
}

/* The union of the words of each alternative of [P, END), or NULL when
 * one of them has none long enough; *UNSURE is set when the pattern uses
 * what is not followed here. */
static GPtrArray *
needles_of (const char *p, const char *end, gboolean *unsure)
{
    g_autoptr (GPtrArray) needles = g_ptr_array_new_with_free_func (g_free);

    for (;;) {
        const char *stop = alternative_end (p, end);
        Scan scan = { NULL, 0, FALSE, NULL };

        scan_alternative (&scan, p, stop);
        if (scan.unsure || scan.best_length < BS_LITERAL_MIN_LENGTH) {
            *unsure = *unsure || scan.unsure;
            if (scan.best != NULL)
                g_ptr_array_unref (scan.best);
            return NULL;
        }
        for (guint i = 0; i < scan.best->len; i++)
            g_ptr_array_add (needles, g_strdup (g_ptr_array_index (scan.best,
                                                                   i)));
        g_ptr_array_unref (scan.best);
        if (stop >= end)
            break;
        p = stop + 1;
    }
    return g_steal_pointer (&needles);
}

/* TRUE if nothing anywhere in PATTERN, groups and classes included, is
 * beyond this reader: an escape that takes an argument ("\\c(" is one
 * character, not a group) would misplace every boundary after it. */
static gboolean
followed_throughout (const char *pattern)
{
    for (const char *p = pattern; *p != '\0'; p++) {
        if (*p == '\\') {
            if (p[1] == '\0' || !escape_followed (p[1]))
                return FALSE;
            p++;
        } else if (*p == '(' && !group_followed (p, p + strlen (p)))
            return FALSE;
        else if (*p == '[' && p[1] != '\0' && strchr (":.=", p[1]) != NULL)
            return FALSE;        /* "[:alpha:]", "[.a.]", "[=a=]" */
    }
    return TRUE;
}

char **
bs_literal_needles (const char *pattern)
{
    gboolean unsure = FALSE;
    GPtrArray *needles;

    if (!followed_throughout (pattern))
        return NULL;
    needles = needles_of (pattern, pattern + strlen (pattern), &unsure);
    if (needles == NULL || unsure) {
        if (needles != NULL)
            g_ptr_array_unref (needles);
        return NULL;
    }
    g_ptr_array_add (needles, NULL);
    return (char **) g_ptr_array_free (needles, FALSE);
}

/* Each top-level alternative's requirements: a match of the pattern
 * matches one alternative and so holds a word of each of its sets. */
struct _BsLiteralFilter {
    GPtrArray *alternatives;   /* of GPtrArray (sets) of GPtrArray (words) */
};

void
bs_literal_filter_free (BsLiteralFilter *filter)
{
    if (filter == NULL)
        return;
    g_ptr_array_unref (filter->alternatives);
    g_free (filter);
}

/* The requirements of the alternative [P, END), or NULL when it has none
 * long enough or uses what is not followed here. */
static GPtrArray *
requirements_of (const char *p, const char *end)
{
    GPtrArray *all = g_ptr_array_new_with_free_func (
        (GDestroyNotify) g_ptr_array_unref);
    Scan scan = { NULL, 0, FALSE, all };

    scan_alternative (&scan, p, end);
    if (scan.best != NULL)
        g_ptr_array_unref (scan.best);
    if (scan.unsure || all->len == 0) {
        g_ptr_array_unref (all);
        return NULL;
    }
    return all;
}

BsLiteralFilter *
bs_literal_filter_new (const char *pattern)
{
    g_autoptr (GPtrArray) alternatives = g_ptr_array_new_with_free_func (
        (GDestroyNotify) g_ptr_array_unref);
    const char *end = pattern + strlen (pattern);
    BsLiteralFilter *filter;

    if (!followed_throughout (pattern))
        return NULL;
    for (const char *p = pattern;;) {
        const char *stop = alternative_end (p, end);
        GPtrArray *sets = requirements_of (p, stop);

        if (sets == NULL)
            return NULL;
        g_ptr_array_add (alternatives, sets);
        if (stop >= end)
            break;
        p = stop + 1;
    }
    filter = g_new0 (BsLiteralFilter, 1);
    filter->alternatives = g_steal_pointer (&alternatives);
    return filter;
}

/* The pairs are kept by the low six bits of each byte: letters do not
 * collide, and a collision only lets a needle through to the search. 512
 * bytes also stay clear of the allocator's slow path for large blocks. */
struct _BsLiteralText {
    char *folded;
    guint64 pairs[4096 / 64];
};

static guint
pair (const char *at)
{
    return ((guint) at[0] & 63) << 6 | ((guint) at[1] & 63);
}

static gboolean
has_pair (const BsLiteralText *text, guint bits)
{
    return (text->pairs[bits / 64] >> (bits % 64)) & 1;
}

static char *
fold (const char *text, gsize length)
{
    char *folded = g_malloc (length + 1);
    gsize o = 0;

    for (gsize i = 0; i < length; i++) {
        const unsigned char *u = (const unsigned char *) text + i;

        if (i + 2 < length && u[0] == 0xe2 && u[1] == 0x84 && u[2] == 0xaa) {
            folded[o++] = 'k';      /* U+212A KELVIN SIGN */
            i += 2;
        } else if (i + 1 < length && u[0] == 0xc5 && u[1] == 0xbf) {
            folded[o++] = 's';      /* U+017F LATIN SMALL LETTER LONG S */
            i += 1;
        } else
            folded[o++] = u[0] >= 'A' && u[0] <= 'Z' ? (char) (u[0] + 32)
                                                     : (char) u[0];
    }
    folded[o] = '\0';
    return folded;
}

BsLiteralText *
bs_literal_fold (const char *text, gsize length)
{
    BsLiteralText *prepared = g_new0 (BsLiteralText, 1);

    prepared->folded = fold (text, length);
    for (const char *p = prepared->folded; p[0] != '\0' && p[1] != '\0'; p++) {
        guint bits = pair (p);

        prepared->pairs[bits / 64] |= G_GUINT64_CONSTANT (1) << (bits % 64);
    }
    return prepared;
}

void
bs_literal_text_free (BsLiteralText *text)
{
    if (text == NULL)
        return;
    g_free (text->folded);
    g_free (text);
}

const char *
bs_literal_text_folded (const BsLiteralText *text)
{
    return text->folded;
}

/* FALSE if NEEDLE cannot occur in TEXT: one of its byte pairs is missing. */
static gboolean
may_occur (const BsLiteralText *text, const char *needle)
{
    for (const char *p = needle; p[0] != '\0' && p[1] != '\0'; p++)
        if (!has_pair (text, pair (p)))
            return FALSE;
    return TRUE;
}

gboolean
bs_literal_any (char *const *needles, const BsLiteralText *text)
{
    if (needles == NULL || text == NULL)
        return TRUE;
    for (; *needles != NULL; needles++)
        if (may_occur (text, *needles) && strstr (text->folded, *needles))
            return TRUE;
    return FALSE;
}

/* TRUE if one of WORDS occurs in TEXT. */
static gboolean
any_word (GPtrArray *words, const BsLiteralText *text)
{
    for (guint i = 0; i < words->len; i++) {
        const char *word = g_ptr_array_index (words, i);

        if (may_occur (text, word) && strstr (text->folded, word) != NULL)
            return TRUE;
    }
    return FALSE;
}

gboolean
bs_literal_filter_passes (const BsLiteralFilter *filter,
                          const BsLiteralText *text)
{
    if (filter == NULL || text == NULL)
        return TRUE;
    for (guint a = 0; a < filter->alternatives->len; a++) {
        GPtrArray *sets = g_ptr_array_index (filter->alternatives, a);
        guint s = 0;

        while (s < sets->len && any_word (g_ptr_array_index (sets, s), text))
            s++;
        if (s == sets->len)
            return TRUE;
    }
    return FALSE;
}
