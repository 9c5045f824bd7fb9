/* bs-text.c: helpers for the text found in bounces: folding to one line,
 * RFC 3464 "type; value" fields and addresses (RFC 5321, RFC 6533). */
#include <string.h>

#include "bs-text.h"

char *
bs_text_one_line (const char *text, gssize length)
{
    g_autofree char *valid = NULL;
    GString *out;
    gboolean space = FALSE;

    if (text == NULL)
        return NULL;
    /* A length that cuts a UTF-8 sequence (callers cap a diagnostic at so
     * many bytes) ends at the character before it, not in a U+FFFD. */
    if (length > 0 && memchr (text, '\0', length) == NULL) {
        gssize start = length;

        while (start > 0 && start > length - 4 &&
               ((guchar) text[start - 1] & 0xc0) == 0x80)
            start--;
        if (start > 0 && (guchar) text[start - 1] >= 0xc0 &&
            g_utf8_skip[(guchar) text[start - 1]] > length - start + 1)
            length = start - 1;
    }
    valid = g_utf8_make_valid (text, length);
    out = g_string_sized_new (strlen (valid));
    for (const char *p = valid; *p != '\0'; p++) {
        if (g_ascii_isspace (*p)) {
            space = out->len > 0;
            continue;
        }
        if (space)
            g_string_append_c (out, ' ');
        space = FALSE;
        g_string_append_c (out, *p);
    }
    return g_string_free (out, FALSE);
}

char *
bs_text_ascii_down (const char *text, gsize length)
{
    const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
    const guint64 low7 = G_GUINT64_CONSTANT (0x7f7f7f7f7f7f7f7f);
    char *out = g_malloc (length + 1);
    gsize i = 0;

    /* Eight bytes at a time: a byte gets 0x20 when it is ASCII and both
     * at least 'A' and at most 'Z', tested in each byte's high bit. */
    for (; i + 8 <= length; i += 8) {
        guint64 word;
        guint64 seven;
        guint64 upper;

        memcpy (&word, text + i, sizeof word);
        seven = word & low7;
        upper = ~word & (seven + G_GUINT64_CONSTANT (0x3f3f3f3f3f3f3f3f)) &
                ~(seven + G_GUINT64_CONSTANT (0x2525252525252525)) & high;
        word |= upper >> 2;
        memcpy (out + i, &word, sizeof word);
    }
    for (; i < length; i++) {
        char c = text[i];

        out[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    out[length] = '\0';
    return out;
}

gboolean
bs_text_is_ascii (const char *text, gsize length)
{
    const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
    const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
    gsize i = 0;

    for (; i + 8 <= length; i += 8) {
        guint64 word;

        memcpy (&word, text + i, sizeof word);
        /* A high bit set, or (with none set) a zero byte. */
        if ((word & high) != 0 || ((word - ones) & ~word & high) != 0)
            return FALSE;
    }
    for (; i < length; i++)
        if (text[i] == '\0' || (guchar) text[i] >= 0x80)
            return FALSE;
    return TRUE;
}

const char *
bs_text_skip_type (const char *value, char **type)
{
    const char *semi;
    const char *p;

    if (type != NULL)
        *type = NULL;
    if (value == NULL)
        return NULL;
    semi = strchr (value, ';');
    if (semi == NULL)
        return value;
    /* A type is an atom (RFC 3464 2.1.2): no spaces, '@' or '<' in it. */
    for (p = value; p < semi; p++)
        if (*p == '@' || *p == '<' || *p == ' ' || *p == '"')
            return value;
    if (semi == value)
        return value;
    if (type != NULL)
        *type = g_ascii_strdown (value, semi - value);
    for (p = semi + 1; g_ascii_isspace (*p); p++)
        ;
    return p;
}

static const struct {
    const char *name;
    const char *text;
} html_entities[] = {
    { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
    { "apos;", "'" }, { "nbsp;", " " }, { "#39;", "'" },
};

/* Appends the entity at P (just after '&') to OUT; returns its length, or
 * 0 when it is not one we know. */
static gsize
append_entity (GString *out, const char *p)
{
    char *end = NULL;
    gunichar code;

    for (gsize i = 0; i < G_N_ELEMENTS (html_entities); i++)
        if (g_ascii_strncasecmp (p, html_entities[i].name,
                                 strlen (html_entities[i].name)) == 0) {
            g_string_append (out, html_entities[i].text);
            return strlen (html_entities[i].name);
        }
    if (*p != '#')
        return 0;
    code = p[1] == 'x' || p[1] == 'X'
        ? (gunichar) g_ascii_strtoull (p + 2, &end, 16)
        : (gunichar) g_ascii_strtoull (p + 1, &end, 10);
    if (end == NULL || *end != ';' || code == 0 || !g_unichar_validate (code))
        return 0;
    g_string_append_unichar (out, code);
    return end + 1 - p;
}

static gboolean
tag_is (const char *tag, const char *name)
{
    gsize length = strlen (name);

    tag += *tag == '/';
    return g_ascii_strncasecmp (tag, name, length) == 0 &&
           !g_ascii_isalnum (tag[length]);
}

/* Handles the tag at P (just after '<'); returns where the text goes on. */
static const char *
skip_tag (GString *out, const char *p)
{
    static const char *const blocks[] = {
        "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table",
        "blockquote", "pre", NULL,
    };
    const char *end = strchr (p, '>');

    if (end == NULL)
        return p + strlen (p);
    for (const char *const *block = blocks; *block != NULL; block++)
        if (tag_is (p, *block)) {
            g_string_append_c (out, '\n');
            break;
        }
    if (tag_is (p, "script") || tag_is (p, "style")) {
        const char *close = strcasestr (end, tag_is (p, "script")
                                                 ? "</script" : "</style");

        end = close != NULL ? strchr (close, '>') : NULL;
        if (end == NULL)
            return p + strlen (p);
    }
    return end + 1;
}

char *
bs_text_from_html (const char *html)
{
    GString *out = g_string_sized_new (strlen (html) / 2);
    const char *p = html;

    while (*p != '\0') {
        if (*p == '<') {
            p = skip_tag (out, p + 1);
            continue;
        }
        if (*p == '&') {
            gsize used = append_entity (out, p + 1);

            if (used > 0) {
                p += used + 1;
                continue;
            }
        }
        g_string_append_c (out, *p == '\r' ? '\n' : *p);
        p++;
    }
    return g_string_free (out, FALSE);
}

char *
bs_text_down (const char *text)
{
    gsize length = strlen (text);

    if (!bs_text_is_ascii (text, length))
        return g_utf8_strdown (text, length);
    return bs_text_ascii_down (text, length);
}

char *
bs_text_iso_date (GDateTime *date)
{
    gint64 offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;

    return g_strdup_printf ("%d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                            g_date_time_get_year (date),
                            g_date_time_get_month (date),
                            g_date_time_get_day_of_month (date),
                            g_date_time_get_hour (date),
                            g_date_time_get_minute (date),
                            g_date_time_get_second (date),
                            offset < 0 ? '-' : '+',
                            (int) (ABS (offset) / 60),
                            (int) (ABS (offset) % 60));
}
