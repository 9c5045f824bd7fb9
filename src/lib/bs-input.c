/* bs-input.c: the per-message context handed to readers. The decoded text
 * is built once, on first use, since several readers look at it and
 * charset conversion is the costly part. */
#include <string.h>

#include "bs-input.h"
#include "bs-mime.h"
#include "bs-text.h"

struct _BsInput {
    GMimeMessage *message;
    const BsOptions *options;
    const char *raw;
    gsize raw_length;
    char *serialised;   /* owned; only when RAW was not given */
    char *text;         /* owned; built on first use */
    char *folded;       /* owned; TEXT in ASCII lower case, on first use */
};

BsInput *
bs_input_new (GMimeMessage *message, const char *raw, gsize length,
              const BsOptions *options)
{
    BsInput *input = g_new0 (BsInput, 1);

    input->message = g_object_ref (message);
    input->options = options;
    input->raw = raw;
    input->raw_length = length;
    return input;
}

void
bs_input_free (BsInput *input)
{
    if (input == NULL)
        return;
    g_object_unref (input->message);
    g_free (input->serialised);
    g_free (input->text);
    g_free (input->folded);
    g_free (input);
}

GMimeMessage *
bs_input_message (const BsInput *input)
{
    return input->message;
}

const BsOptions *
bs_input_options (const BsInput *input)
{
    return input->options;
}

const char *
bs_input_raw (BsInput *input, gsize *length)
{
    if (input->raw == NULL) {
        if (input->serialised == NULL)
            input->serialised = g_mime_object_to_string (
                GMIME_OBJECT (input->message), NULL);
        input->raw = input->serialised;
        input->raw_length = strlen (input->serialised);
    }
    *length = input->raw_length;
    return input->raw;
}

/* TRUE if OBJECT is the HTML alternative of a text/plain part: then the
 * plain one says the same, more reliably. */
static const char *const html_type[] = { "text/html", NULL };
static const char *const plain_type[] = { "text/plain", NULL };
static const char *const alternative_type[] = { "multipart/alternative", NULL };

static gboolean
html_with_plain_twin (GMimeObject *object)
{
    return bs_mime_is (object, html_type) &&
           GPOINTER_TO_INT (g_object_get_data (G_OBJECT (object),
                                               "bs-plain-twin"));
}

/* Marks the HTML parts of a multipart/alternative that also has a
 * text/plain part. The mark is data on our own parse of the message. */
static void
mark_twins (GMimeMultipart *multipart)
{
    gboolean has_plain = FALSE;
    int count = g_mime_multipart_get_count (multipart);

    if (!bs_mime_is (GMIME_OBJECT (multipart), alternative_type))
        return;
    for (int i = 0; i < count; i++)
        has_plain |= bs_mime_is (g_mime_multipart_get_part (multipart, i),
                                 plain_type);
    for (int i = 0; has_plain && i < count; i++)
        g_object_set_data (G_OBJECT (g_mime_multipart_get_part (multipart, i)),
                           "bs-plain-twin", GINT_TO_POINTER (TRUE));
}

/* Appends the text of OBJECT and what it holds, not entering attached
 * messages (their text is the returned original, not the bounce). */
static void
append_text (GString *out, GMimeObject *object, guint depth, guint *parts,
             const BsOptions *options)
{
    if (object == NULL || depth > options->max_depth ||
        ++*parts > options->max_parts)
        return;
    if (GMIME_IS_MULTIPART (object)) {
        GMimeMultipart *multipart = GMIME_MULTIPART (object);
        const char *prologue = g_mime_multipart_get_prologue (multipart);

        /* The prologue is raw bytes in no declared charset; the text
         * must be valid UTF-8 for every reader after us. */
        if (prologue != NULL) {
            g_autofree char *valid = g_utf8_make_valid (prologue, -1);

            g_string_append (out, valid);
            g_string_append_c (out, '\n');
        }
        mark_twins (multipart);
        for (int i = 0; i < g_mime_multipart_get_count (multipart); i++)
            append_text (out, g_mime_multipart_get_part (multipart, i),
                         depth + 1, parts, options);
        return;
    }
    if (GMIME_IS_TEXT_PART (object) && !html_with_plain_twin (object)) {
        g_autofree char *text = bs_mime_part_text (object);

        if (text != NULL && bs_mime_is (object, html_type)) {
            char *plain = bs_text_from_html (text);

            g_free (text);
            text = plain;
        }
        if (text != NULL) {
            g_string_append (out, text);
            g_string_append_c (out, '\n');
        }
    }
}

const char *
bs_input_text (BsInput *input)
{
    GString *out;
    guint parts = 0;

    if (input->text != NULL)
        return input->text;
    out = g_string_new (NULL);
    append_text (out, g_mime_message_get_mime_part (input->message), 0,
                 &parts, input->options);
    input->text = g_string_free (out, FALSE);
    return input->text;
}

const char *
bs_input_folded (BsInput *input)
{
    if (input->folded == NULL)
        input->folded = bs_text_ascii_down (bs_input_text (input),
                                            strlen (bs_input_text (input)));
    return input->folded;
}
