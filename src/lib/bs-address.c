/* bs-address.c: the addresses a list could hold (RFC 5321 section 4.1.2,
 * RFC 6531 for UTF-8), and getting one out of what bounces write: DSN
 * recipient fields (RFC 3464 2.3.2, RFC 6533 2.3 for unitext escapes),
 * gateway prefixes ("SMTP=user@example.org", as Exchange's X.400 gateways
 * and Lotus write them), source routes (RFC 5321 appendix C) and the
 * brackets and quotes of prose. A row's recipient is what the operator
 * removes, so a string that is not an address never becomes one. */
#include <string.h>

#include "bs-address.h"
#include "bs-text.h"

#define MAX_LOCAL 64       /* RFC 5321 4.5.3.1.1 */
#define MAX_DOMAIN 255     /* RFC 5321 4.5.3.1.2 */
#define MAX_LABEL 63

/* RFC 5322 3.2.3 atext, the characters of a dot-atom besides dots. */
static gboolean
is_atext (guchar c)
{
    return g_ascii_isalnum (c) || c >= 0x80 ||
           (c != '\0' && strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* A quoted local part: "..." with no control characters in it. */
static gboolean
valid_quoted (const char *local, gsize length)
{
    if (length < 3 || local[length - 1] != '"')
        return FALSE;
    for (gsize i = 1; i + 1 < length; i++)
        if ((guchar) local[i] < 0x20 || local[i] == 0x7f)
            return FALSE;
    return TRUE;
}

static gboolean
valid_local (const char *local, gsize length)
{
    gboolean has_word = FALSE;

    if (length == 0 || length > MAX_LOCAL)
        return FALSE;
    if (local[0] == '"')
        return valid_quoted (local, length);
    /* An encoded word nobody decoded ("=?utf-8?..."), an X.400 address
     * ("/S=...") and a gateway's prefix ("SMTP=user") are made of atext
     * too; none is a mailbox. No mailbox starts with '=' either, and one
     * that did would be a formula in a spreadsheet (so would "+cmd|..."),
     * where addresses are not neutralised because scripts match them. */
    if (local[0] == '=' || local[0] == '/' ||
        (length > 5 && g_ascii_strncasecmp (local, "smtp=", 5) == 0) ||
        ((local[0] == '+' || local[0] == '-') &&
         memchr (local, '|', length) != NULL))
        return FALSE;
    if (local[0] == '.' || local[length - 1] == '.')
        return FALSE;
    for (gsize i = 0; i < length; i++) {
        guchar c = local[i];

        if (c == '.' ? local[i + 1] == '.' : !is_atext (c))
            return FALSE;
        has_word |= g_ascii_isalnum (c) || c >= 0x80;
    }
    return has_word;
}

/* "[192.0.2.1]" or "[IPv6:2001:db8::1]" (RFC 5321 4.1.3). */
static gboolean
valid_literal (const char *domain, gsize length)
{
    if (length < 3 || domain[length - 1] != ']')
        return FALSE;
    for (gsize i = 1; i + 1 < length; i++)
        if (!g_ascii_isalnum (domain[i]) && strchr (".:", domain[i]) == NULL)
            return FALSE;
    return TRUE;
}

/* One label of a host name: letters, digits, hyphens (not at either end)
 * or UTF-8 (an internationalised name). */
static gboolean
valid_label (const char *label, gsize length)
{
    if (length == 0 || length > MAX_LABEL || label[0] == '-' ||
        label[length - 1] == '-')
        return FALSE;
    for (gsize i = 0; i < length; i++)
        if (!g_ascii_isalnum (label[i]) && label[i] != '-' &&
            (guchar) label[i] < 0x80)
            return FALSE;
    return TRUE;
}

static gboolean
valid_domain (const char *domain, gsize length)
{
    const char *label = domain;
    const char *end = domain + length;
    gboolean numeric = TRUE;
    guint labels = 0;

    if (length > 0 && domain[0] == '[')
        return valid_literal (domain, length);
    if (length == 0 || length > MAX_DOMAIN)
        return FALSE;
    while (label <= end) {
        const char *dot = memchr (label, '.', end - label);
        gsize size = (dot != NULL ? dot : end) - label;

        if (!valid_label (label, size))
            return FALSE;
        numeric = strspn (label, "0123456789") >= size;
        labels++;
        label += size + 1;
    }
    /* "user@192.0.2.1" is a host address without its brackets. */
    return labels >= 2 && !numeric;
}

gboolean
bs_address_is_valid (const char *text)
{
    const char *at;

    if (text == NULL || (at = strrchr (text, '@')) == NULL)
        return FALSE;
    return valid_local (text, at - text) &&
           valid_domain (at + 1, strlen (at + 1));
}

/* Decodes the RFC 6533 utf-8-addr-unitext escapes \x{HHHH}. The result
 * is valid UTF-8 whatever VALUE holds: GLib's UTF-8 functions, which the
 * callers use on addresses, read and write past the end of invalid text. */
static char *
decode_unitext (const char *value)
{
    GString *out = g_string_new (NULL);

    for (const char *p = value; *p != '\0'; p++) {
        char *end = NULL;
        guint64 code;

        if (p[0] == '\\' && p[1] == 'x' && p[2] == '{') {
            code = g_ascii_strtoull (p + 3, &end, 16);
            if (end != NULL && *end == '}' && end > p + 3 &&
                g_unichar_validate ((gunichar) code) && code != 0) {
                g_string_append_unichar (out, (gunichar) code);
                p = end;
                continue;
            }
        }
        g_string_append_c (out, *p);
    }
    if (!g_utf8_validate_len (out->str, out->len, NULL)) {
        char *valid = g_utf8_make_valid (out->str, out->len);

        g_string_free (out, TRUE);
        return valid;
    }
    return g_string_free (out, FALSE);
}

/* Strips brackets, quotes and trailing punctuation around an address. */
static char *
strip_decoration (const char *value)
{
    const char *start = value;
    const char *lt = strchr (value, '<');
    const char *gt;
    char *copy;

    if (lt != NULL && (gt = strchr (lt, '>')) != NULL && gt > lt + 1)
        return g_strndup (lt + 1, gt - lt - 1);
    while (g_ascii_isspace (*start))
        start++;
    /* A quoted local part ("john smith"@example.org) keeps its quotes. */
    if (*start == '"' && strstr (start, "\"@") != NULL)
        return g_strchomp (g_strdup (start));
    while (*start == '"' || *start == '\'' || *start == '(' ||
           g_ascii_isspace (*start))
        start++;
    copy = g_strdup (start);
    g_strchomp (copy);
    for (gsize n = strlen (copy); n > 0; n--) {
        if (strchr ("\"'.,;:)>", copy[n - 1]) == NULL)
            break;
        copy[n - 1] = '\0';
    }
    return copy;
}

/* VALUE without a gateway prefix or a source route: "SMTP=a@b" and
 * "smtp:a@b" as X.400 gateways write them, "@relay,@hub:a@b". (transfer
 * none: a pointer into VALUE) */
static const char *
strip_route (const char *value)
{
    static const char *const prefixes[] = { "smtp=", "smtp:", "rfc822:" };
    const char *colon;

    for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
        if (g_ascii_strncasecmp (value, prefixes[i], strlen (prefixes[i]))
            == 0)
            return value + strlen (prefixes[i]);
    if (value[0] == '@' && (colon = strchr (value, ':')) != NULL)
        return colon + 1;
    return value;
}

char *
bs_address_parse (const char *value)
{
    g_autofree char *bare = NULL;
    g_autofree char *decoded = NULL;
    g_autofree char *domain = NULL;
    char *at;

    if (value == NULL)
        return NULL;
    bare = strip_decoration (bs_text_skip_type (value, NULL));
    decoded = decode_unitext (strip_route (bare));
    if (!bs_address_is_valid (decoded))
        return NULL;
    at = strrchr (decoded, '@');
    domain = bs_text_down (at + 1);
    *at = '\0';
    return g_strconcat (decoded, "@", domain, NULL);
}
