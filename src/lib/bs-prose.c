/* bs-prose.c: the prose of a bounce as its reader sees it: the text and
 * its ASCII-folded copy, where the returned copy of the original starts,
 * which addresses the text names, and the lines that only summarise the
 * original (From:, To:, Subject: ...). No RFC says how prose bounces look;
 * these are the shapes MTAs share. */
#include <string.h>

#include "bs-address.h"
#include "bs-prose.h"
#include "bs-text.h"

gboolean
bs_prose_contains_any (const char *text, const char *const *needles)
{
    for (; text != NULL && needles != NULL && *needles != NULL; needles++)
        if (strcasestr (text, *needles) != NULL)
            return TRUE;
    return FALSE;
}

/* TRUE if FOLDED, a text in ASCII lower case, holds one of NEEDLES (all
 * lower case): strstr() on a folded text is far cheaper than strcasestr(). */
gboolean
bs_prose_folded_has_any (const char *folded, const char *const *needles)
{
    for (; needles != NULL && *needles != NULL; needles++)
        if (strstr (folded, *needles) != NULL)
            return TRUE;
    return FALSE;
}

/* The first LOWER (lower case) in the prose at FROM or after, as a place
 * in its text; NULL if none. */
const char *
bs_prose_find (const BsProse *prose, const char *from, const char *lower)
{
    const char *hit = strstr (prose->folded + (from - prose->text), lower);

    return hit != NULL ? prose->text + (hit - prose->folded) : NULL;
}

const char *
bs_prose_header (BsInput *input, const char *name)
{
    return g_mime_object_get_header (GMIME_OBJECT (bs_input_message (input)),
                                     name);
}

/* Marker lines before the copy of the original (after leading dashes). */
static const char *const cut_markers[] = {
    "below this line is a copy", "below this line is the original bounce",
    "this is a copy of the message",
    "original message follows", "original message", "returned message",
    "undelivered message", "message headers follow", "headers follow",
    "copy of the original", "copy of your message", "the original mail",
    "original mail", "returned mail follows", "message below",
    "enclosed is a copy", "included is a copy", "copy of the message header",
    "message header follows", "unsent message follows", NULL,
};

/* Header lines that start a quoted original. */
static const char *const header_starts[] = {
    "Received: ", "Return-Path:", "Return-path:", "DKIM-Signature:", NULL,
};

/* TRUE if LINE (lower case) ends "follows", "follows:" or "follows." */
static gboolean
announces_copy (const char *line)
{
    g_autofree char *trimmed = g_strchomp (g_strdup (line));

    return g_str_has_suffix (trimmed, "follows") ||
           g_str_has_suffix (trimmed, "follows:") ||
           g_str_has_suffix (trimmed, "follows.");
}

static gboolean
is_cut_line (const char *line, const char *end)
{
    const char *p = line;
    g_autofree char *copy = NULL;

    for (const char *const *start = header_starts; *start != NULL; start++)
        if (strncmp (line, *start, strlen (*start)) == 0)
            return TRUE;
    while (p < end && (*p == '-' || *p == '=' || *p == '_' || *p == ' ' ||
                       *p == '*' || *p == '\t'))
        p++;
    /* Only decorated lines count: "The original message was received at"
     * opens Sendmail's report and is no cut. IMail's bare "Original message
     * follows." is the exception. */
    if (g_ascii_strncasecmp (line, "original message follows", 24) == 0)
        return TRUE;
    if (end - p < 6)
        return FALSE;
    copy = g_ascii_strdown (p, MIN (end - p, 80));
    /* An undecorated line cuts when it announces what follows, as fml's
     * "Original mail as follows:" does. */
    if (p - line < 2 && !announces_copy (copy))
        return FALSE;
    return bs_prose_folded_has_any (copy, cut_markers);
}

const char *
bs_prose_cut (const char *text)
{
    const char *line = text;

    while (*line != '\0') {
        const char *nl = strchr (line, '\n');
        const char *end = nl != NULL ? nl : line + strlen (line);

        if (is_cut_line (line, end))
            return line;
        if (nl == NULL)
            break;
        line = nl + 1;
    }
    return text + strlen (text);
}

static gboolean
is_local_char (char c)
{
    return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+/=?^_`{|}~.-",
                                                        c) != NULL) ||
           (guchar) c >= 0x80;
}

static gboolean
is_domain_char (char c)
{
    return g_ascii_isalnum (c) || c == '-' || c == '.' || (guchar) c >= 0x80;
}

/* The address around the '@' at AT in [TEXT, END), or NULL; *BEGIN (when
 * not NULL) receives where it starts. */
char *
bs_prose_address_at (const char *text, const char *end, const char *at,
            const char **begin)
{
    const char *start = at;
    const char *stop = at + 1;
    g_autofree char *raw = NULL;

    while (start > text && is_local_char (start[-1]) && at - start < 64)
        start--;
    while (stop < end && is_domain_char (*stop) && stop - at < 190)
        stop++;
    while (stop > at + 1 && (stop[-1] == '.' || stop[-1] == '-'))
        stop--;
    while (start < at && (*start == '.' || *start == '\'' || *start == '='))
        start++;
    if (start == at || stop <= at + 1)
        return NULL;
    if (begin != NULL)
        *begin = start;
    raw = g_strndup (start, stop - start);
    return bs_address_parse (raw);
}

char **
bs_prose_addresses (const char *text, gsize length)
{
    const char *end = text + length;
    GPtrArray *found = g_ptr_array_new ();
    g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash,
                                                         g_str_equal,
                                                         g_free, NULL);

    for (const char *at = memchr (text, '@', length); at != NULL;
         at = at + 1 < end ? memchr (at + 1, '@', end - at - 1) : NULL) {
        char *address = bs_prose_address_at (text, end, at, NULL);
        char *key;

        if (address == NULL)
            continue;
        key = bs_text_down (address);
        if (g_hash_table_contains (seen, key)) {
            g_free (key);
            g_free (address);
            continue;
        }
        g_hash_table_add (seen, key);
        g_ptr_array_add (found, address);
    }
    g_ptr_array_add (found, NULL);
    return (char **) g_ptr_array_free (found, FALSE);
}

/* Lines that summarise the original message rather than report a failure:
 * an address only ever seen on such lines is not a failed recipient. */
static const char *const summary_prefixes[] = {
    "from:", "to:", "cc:", "sent:", "date:", "subject:", "reply-to:",
    "message-id:", "in-reply-to:", "references:", "sender:", NULL,
};

gboolean
bs_prose_on_summary_line (const char *text, const char *hit)
{
    const char *line = hit;

    while (line > text && line[-1] != '\n')
        line--;
    while (*line == ' ' || *line == '\t' || *line == '>')
        line++;
    for (const char *const *prefix = summary_prefixes; *prefix != NULL;
         prefix++)
        if (g_ascii_strncasecmp (line, *prefix, strlen (*prefix)) == 0)
            return TRUE;
    return FALSE;
}

/* How MTAs name, after a failed address, the address it was reached
 * through: Postfix "<a@x> (expanded from <list@x>): ...", Exim "a@x\n
 * (generated from list@x)". Lower case, as in the folded text. */
static const char *const alias_markers[] = {
    "expanded from <", "generated from ", NULL,
};

/* TRUE if the alias marker ending at FOLDED (in a text starting at START)
 * introduces the address at FOLDED. */
gboolean
bs_prose_after_alias_marker (const char *start, const char *folded)
{
    for (const char *const *marker = alias_markers; *marker != NULL;
         marker++) {
        gsize length = strlen (*marker);

        if ((gsize) (folded - start) >= length &&
            memcmp (folded - length, *marker, length) == 0)
            return TRUE;
    }
    return FALSE;
}

/* TRUE if TEXT starts with one of the alias_markers, in any case. */
gboolean
bs_prose_names_alias (const char *text)
{
    for (const char *const *marker = alias_markers; *marker != NULL;
         marker++)
        if (g_ascii_strncasecmp (text, *marker, strlen (*marker)) == 0)
            return TRUE;
    return FALSE;
}
