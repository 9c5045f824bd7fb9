/* bs-mime.c: walks GMime trees. RFC 6522 puts the machine-readable report
 * and the returned message side by side in a multipart/report, but real
 * MTAs reorder, omit or wrap them, so we search by type rather than by
 * position, one message-nesting level at a time. */
#include <string.h>

#include "bs-mime.h"
#include "bs-text.h"

char *
bs_mime_type (GMimeObject *object)
{
    GMimeContentType *type = g_mime_object_get_content_type (object);
    g_autofree char *mime_type = NULL;

    if (type == NULL)
        return g_strdup ("text/plain");
    mime_type = g_mime_content_type_get_mime_type (type);
    return g_ascii_strdown (mime_type, -1);
}

gboolean
bs_mime_is (GMimeObject *object, const char *const *types)
{
    GMimeContentType *type = g_mime_object_get_content_type (object);
    const char *media = type != NULL
        ? g_mime_content_type_get_media_type (type) : "text";
    const char *subtype = type != NULL
        ? g_mime_content_type_get_media_subtype (type) : "plain";
    gsize length;

    if (media == NULL || subtype == NULL) {
        g_autofree char *mime_type = bs_mime_type (object);

        return g_strv_contains (types, mime_type);
    }
    length = strlen (media);
    for (; *types != NULL; types++)
        if (g_ascii_strncasecmp (*types, media, length) == 0 &&
            (*types)[length] == '/' &&
            g_ascii_strcasecmp (*types + length + 1, subtype) == 0)
            return TRUE;
    return FALSE;
}

/* A leaf at one nesting level, with the multipart that holds it. */
typedef struct {
    GMimeObject *part;
    GMimeMultipart *parent;
} Leaf;

typedef struct {
    GArray *leaves;       /* of Leaf */
    const BsOptions *options;
    guint parts;
} Level;

/* Collects the leaves under OBJECT without entering attached messages. */
static void
collect (Level *level, GMimeObject *object, GMimeMultipart *parent,
         guint depth)
{
    if (object == NULL || depth > level->options->max_depth ||
        level->parts >= level->options->max_parts)
        return;
    level->parts++;
    if (GMIME_IS_MULTIPART (object)) {
        GMimeMultipart *multipart = GMIME_MULTIPART (object);
        int count = g_mime_multipart_get_count (multipart);

        for (int i = 0; i < count; i++)
            collect (level, g_mime_multipart_get_part (multipart, i),
                     multipart, depth + 1);
        return;
    }
    g_array_append_val (level->leaves, ((Leaf) { object, parent }));
}

static const char *const original_types[] = {
    "message/rfc822", "message/global", "text/rfc822-headers",
    "message/rfc822-headers", "message/global-headers", NULL,
};

static GMimeObject *
find_original (GMimeMultipart *parent)
{
    int count;

    if (parent == NULL)
        return NULL;
    count = g_mime_multipart_get_count (parent);
    for (int i = 0; i < count; i++) {
        GMimeObject *part = g_mime_multipart_get_part (parent, i);

        if (bs_mime_is (part, original_types))
            return part;
    }
    return NULL;
}

/* Searches one level; appends attached messages to NEXT for the level
 * below. */
static gboolean
search_level (GMimeMessage *message, const char *const *types, Level *level,
              GPtrArray *next, BsMimeReport *found)
{
    g_array_set_size (level->leaves, 0);
    collect (level, g_mime_message_get_mime_part (message), NULL, 0);
    for (guint i = 0; i < level->leaves->len; i++) {
        Leaf *leaf = &g_array_index (level->leaves, Leaf, i);

        if (bs_mime_is (leaf->part, types)) {
            found->report = leaf->part;
            found->original = find_original (leaf->parent);
            found->message = message;
            return TRUE;
        }
        if (GMIME_IS_MESSAGE_PART (leaf->part)) {
            GMimeMessage *inner = g_mime_message_part_get_message (
                GMIME_MESSAGE_PART (leaf->part));

            if (inner != NULL)
                g_ptr_array_add (next, inner);
        }
    }
    return FALSE;
}

gboolean
bs_mime_find (GMimeMessage *message, const char *const *types,
              const BsOptions *options, BsMimeReport *found)
{
    g_autoptr (GPtrArray) queue = g_ptr_array_new ();
    g_autoptr (GArray) leaves = g_array_new (FALSE, FALSE, sizeof (Leaf));
    Level level = { leaves, options, 0 };

    g_return_val_if_fail (GMIME_IS_MESSAGE (message), FALSE);
    memset (found, 0, sizeof *found);
    g_ptr_array_add (queue, message);
    for (guint depth = 0; queue->len > 0 && depth < options->max_depth;
         depth++) {
        g_autoptr (GPtrArray) next = g_ptr_array_new ();

        for (guint i = 0; i < queue->len; i++)
            if (search_level (g_ptr_array_index (queue, i), types, &level,
                              next, found))
                return TRUE;
        g_ptr_array_unref (queue);
        queue = g_steal_pointer (&next);
    }
    return FALSE;
}

GBytes *
bs_mime_part_bytes (GMimeObject *part)
{
    g_autoptr (GMimeStream) stream = NULL;
    GMimeDataWrapper *content;
    GByteArray *array;

    if (!GMIME_IS_PART (part))
        return NULL;
    content = g_mime_part_get_content (GMIME_PART (part));
    if (content == NULL)
        return g_bytes_new (NULL, 0);
    /* The stream's array becomes the bytes: no second copy. */
    array = g_byte_array_new ();
    stream = g_mime_stream_mem_new_with_byte_array (array);
    g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
    g_mime_data_wrapper_write_to_stream (content, stream);
    return g_byte_array_free_to_bytes (array);
}

/* Converts LENGTH bytes in CHARSET to UTF-8, falling back to Latin-1 when
 * the charset is unknown or the bytes do not fit it. */
static char *
to_utf8 (const char *data, gsize length, const char *charset)
{
    char *converted = NULL;

    /* ISO-2022 texts are 7-bit, hence valid UTF-8 as they stand; only
     * their escape sequences show they still need converting. */
    if ((bs_text_is_ascii (data, length) ||
         g_utf8_validate_len (data, length, NULL)) &&
        !(charset != NULL && g_ascii_strncasecmp (charset, "iso-2022", 8) == 0
          && memchr (data, 0x1b, length) != NULL))
        return g_strndup (data, length);
    if (charset != NULL)
        converted = g_convert_with_fallback (data, length, "UTF-8",
                                             g_mime_charset_iconv_name (charset),
                                             "?", NULL, NULL, NULL);
    if (converted == NULL)
        converted = g_convert (data, length, "UTF-8", "ISO-8859-1",
                               NULL, NULL, NULL);
    return converted != NULL ? converted : g_utf8_make_valid (data, length);
}

char *
bs_mime_part_text (GMimeObject *part)
{
    g_autoptr (GBytes) bytes = bs_mime_part_bytes (part);
    GMimeContentType *type;
    gsize length = 0;
    const char *data;

    if (bytes == NULL)
        return NULL;
    data = g_bytes_get_data (bytes, &length);
    type = g_mime_object_get_content_type (part);
    return to_utf8 (data != NULL ? data : "", length,
                    type != NULL
                        ? g_mime_content_type_get_parameter (type, "charset")
                        : NULL);
}

/* TRUE if decoding UNFOLDED, an unfolded header value, would leave it as
 * it is: ASCII with no encoded word. */
static gboolean
is_plain (const char *unfolded)
{
    return strstr (unfolded, "=?") == NULL &&
           bs_text_is_ascii (unfolded, strlen (unfolded));
}

/* One RFC 2047 encoded word at P: its charset, and its text decoded to
 * bytes appended to BYTES. Returns where the word ends, or NULL (nothing
 * appended) when P does not start a well-formed one. */
static const char *
encoded_word (const char *p, char **charset, GByteArray *bytes)
{
    const char *q1 = strchr (p + 2, '?');
    const char *q2 = q1 != NULL && q1[1] != '\0' && q1[2] == '?' ? q1 + 2
                                                                : NULL;
    const char *end = q2 != NULL ? strstr (q2 + 1, "?=") : NULL;
    char kind;

    if (end == NULL || q1 == p + 2 || memchr (p, ' ', end - p) != NULL)
        return NULL;
    kind = g_ascii_toupper (q1[1]);
    if (kind == 'B') {
        g_autofree char *text = g_strndup (q2 + 1, end - q2 - 1);
        gsize length = 0;
        g_autofree guchar *data = g_base64_decode (text, &length);

        g_byte_array_append (bytes, data, length);
    } else if (kind == 'Q') {
        for (const char *c = q2 + 1; c < end; c++) {
            guint8 byte = *c == '_' ? ' ' : (guint8) *c;

            if (*c == '=' && end - c > 2 && g_ascii_isxdigit (c[1]) &&
                g_ascii_isxdigit (c[2])) {
                byte = g_ascii_xdigit_value (c[1]) * 16 +
                       g_ascii_xdigit_value (c[2]);
                c += 2;
            }
            g_byte_array_append (bytes, &byte, 1);
        }
    } else {
        return NULL;
    }
    /* RFC 2231 section 5: "utf-8*en" carries a language. */
    *charset = g_strndup (p + 2, strcspn (p + 2, "?*"));
    return end + 2;
}

/* Appends the bytes of the encoded words gathered so far, in CHARSET, to
 * OUT as UTF-8, and forgets them. */
static void
flush_words (GString *out, GByteArray *bytes, char **charset)
{
    if (bytes->len > 0) {
        g_autofree char *text = to_utf8 ((const char *) bytes->data,
                                         bytes->len, *charset);

        g_string_append (out, text);
    }
    g_byte_array_set_size (bytes, 0);
    g_clear_pointer (charset, g_free);
}

/* Appends the LENGTH bytes of plain header text at TEXT to OUT as UTF-8
 * (raw 8-bit text in no declared charset is read as Latin-1). */
static void
append_plain (GString *out, const char *text, gsize length)
{
    g_autofree char *valid = to_utf8 (text, length, NULL);

    g_string_append (out, valid);
}

/* Decodes the encoded words of the unfolded header value TEXT (RFC 2047).
 * Adjacent words in one charset are joined as bytes before conversion:
 * mailers split a character, or a base64 text, across two words, which
 * GMime 3.2 decoded as the first word alone. Text between words that is
 * only white space goes (section 6.2); other text is kept, as UTF-8.
 * (transfer full) */
static char *
decode_words (const char *text)
{
    GString *out = g_string_new (NULL);
    g_autoptr (GByteArray) bytes = g_byte_array_new ();
    g_autoptr (GByteArray) word_bytes = g_byte_array_new ();
    g_autofree char *charset = NULL;
    const char *p = text;

    while (*p != '\0') {
        const char *word = strstr (p, "=?");
        g_autofree char *word_charset = NULL;
        const char *end;
        gboolean gap_is_space;

        g_byte_array_set_size (word_bytes, 0);
        end = word != NULL ? encoded_word (word, &word_charset, word_bytes)
                           : NULL;
        if (end == NULL) {
            /* Plain text, or a malformed word, up to the next "=?". */
            gsize plain = word != NULL ? (gsize) (word + 2 - p) : strlen (p);

            flush_words (out, bytes, &charset);
            append_plain (out, p, plain);
            p += plain;
            continue;
        }
        gap_is_space = strspn (p, " \t\r\n") >= (gsize) (word - p);
        if (charset == NULL || !gap_is_space ||
            g_ascii_strcasecmp (charset, word_charset) != 0) {
            gboolean after_word = charset != NULL;

            flush_words (out, bytes, &charset);
            if (!(after_word && gap_is_space))
                append_plain (out, p, word - p);
            charset = g_steal_pointer (&word_charset);
        }
        g_byte_array_append (bytes, word_bytes->data, word_bytes->len);
        p = end;
    }
    flush_words (out, bytes, &charset);
    return g_string_free (out, FALSE);
}

char *
bs_mime_header_decode (const char *raw)
{
    g_autofree char *unfolded = NULL;

    if (raw == NULL)
        return NULL;
    unfolded = g_mime_utils_header_unfold (raw);
    if (is_plain (unfolded))
        return g_steal_pointer (&unfolded);
    return decode_words (unfolded);
}

char *
bs_mime_header_value (GMimeHeader *header)
{
    const char *raw = g_mime_header_get_raw_value (header);
    g_autofree char *unfolded = raw != NULL ? g_mime_utils_header_unfold (raw)
                                            : NULL;

    if (unfolded == NULL)
        return g_strdup (g_mime_header_get_value (header));
    if (is_plain (unfolded))
        return g_steal_pointer (&unfolded);
    return decode_words (unfolded);
}

GMimeMessage *
bs_mime_original_message (GMimeObject *original)
{
    g_autoptr (GBytes) bytes = NULL;
    gsize length = 0;
    const char *data;

    if (GMIME_IS_MESSAGE_PART (original)) {
        GMimeMessage *inner = g_mime_message_part_get_message (
            GMIME_MESSAGE_PART (original));

        return inner != NULL ? g_object_ref (inner) : NULL;
    }
    bytes = bs_mime_part_bytes (original);
    if (bytes == NULL)
        return NULL;
    data = g_bytes_get_data (bytes, &length);
    return bs_mime_parse (data, length);
}

GMimeMessage *
bs_mime_parse (const char *data, gsize length)
{
    g_autoptr (GMimeStream) stream = NULL;
    g_autoptr (GMimeParser) parser = NULL;

    if (data == NULL || length == 0)
        return NULL;
    stream = g_mime_stream_mem_new_with_buffer (data, length);
    parser = g_mime_parser_new_with_stream (stream);
    return g_mime_parser_construct_message (parser, NULL);
}

static void
trace_object (GMimeObject *object, BsReport *report, const char *path,
              guint depth)
{
    g_autofree char *mime_type = NULL;

    if (object == NULL || depth > 64)
        return;
    mime_type = bs_mime_type (object);
    bs_report_trace (report, "%*s%s %s", (int) depth * 2, "", path,
                     mime_type);
    if (GMIME_IS_MULTIPART (object)) {
        int count = g_mime_multipart_get_count (GMIME_MULTIPART (object));

        for (int i = 0; i < count; i++) {
            g_autofree char *child = g_strdup_printf ("%s.%d", path, i + 1);

            trace_object (g_mime_multipart_get_part (GMIME_MULTIPART (object),
                                                     i),
                          report, child, depth + 1);
        }
    } else if (GMIME_IS_MESSAGE_PART (object)) {
        GMimeMessage *inner = g_mime_message_part_get_message (
            GMIME_MESSAGE_PART (object));
        g_autofree char *child = g_strdup_printf ("%s.m", path);

        if (inner != NULL)
            trace_object (g_mime_message_get_mime_part (inner), report, child,
                          depth + 1);
    }
}

void
bs_mime_trace_tree (GMimeMessage *message, BsReport *report)
{
    if (report->trace == NULL)
        return;
    bs_report_trace (report, "MIME tree:");
    trace_object (g_mime_message_get_mime_part (message), report, "1", 1);
}
