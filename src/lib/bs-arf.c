/* bs-arf.c: RFC 5965 feedback reports: a multipart/report with
 * report-type=feedback-report whose machine-readable part uses the same
 * field syntax as a DSN (section 3.1) and whose third part is the original
 * message or its headers. */
#include <string.h>

#include "bs-address.h"
#include "bs-arf.h"
#include "bs-fields.h"
#include "bs-mime.h"
#include "bs-original.h"
#include "bs-text.h"

static const char *const arf_types[] = { "message/feedback-report", NULL };

/* The first field among NAMES in any group of BLOCK. */
static const char *
field (BsFieldBlock *block, const char *const *names)
{
    for (const char *const *name = names; *name != NULL; name++)
        for (guint g = 0; g < block->groups->len; g++) {
            const char *value = bs_fields_get (
                g_ptr_array_index (block->groups, g), *name);

            if (value != NULL)
                return value;
        }
    return NULL;
}

/* Adds every address in the fields called NAME of BLOCK to OUT. */
static void
named_in_report (BsFieldBlock *block, const char *name, GPtrArray *out)
{
    for (guint g = 0; g < block->groups->len; g++) {
        GPtrArray *group = g_ptr_array_index (block->groups, g);

        for (guint f = 0; f < group->len; f++) {
            BsField *item = g_ptr_array_index (group, f);
            char *address = g_ascii_strcasecmp (item->name, name) == 0
                ? bs_address_parse (item->value) : NULL;

            if (address != NULL)
                g_ptr_array_add (out, address);
        }
    }
}

/* Adds the mailboxes of the original's To to OUT. */
static void
named_in_original (GMimeMessage *original, GPtrArray *out)
{
    InternetAddressList *to = original != NULL
        ? g_mime_message_get_to (original) : NULL;

    for (int i = 0; to != NULL && i < internet_address_list_length (to); i++) {
        InternetAddress *address = internet_address_list_get_address (to, i);
        char *mailbox = INTERNET_ADDRESS_IS_MAILBOX (address)
            ? bs_address_parse (internet_address_mailbox_get_addr (
                  INTERNET_ADDRESS_MAILBOX (address)))
            : NULL;

        if (mailbox != NULL)
            g_ptr_array_add (out, mailbox);
    }
}

/* The complained-about addresses (RFC 5965 3.2 Original-Rcpt-To, which may
 * repeat; RFC 6650's Removal-Recipient), else the To of the original. An
 * empty string when nobody is named: the complaint still counts. */
static GPtrArray *
complainants (BsFieldBlock *block, GMimeMessage *original)
{
    GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

    named_in_report (block, "Original-Rcpt-To", out);
    if (out->len == 0)
        named_in_report (block, "Removal-Recipient", out);
    if (out->len == 0)
        named_in_original (original, out);
    if (out->len == 0)
        g_ptr_array_add (out, g_strdup (""));
    return out;
}

/* Rows for the feedback fields in the LENGTH bytes at DATA, whose
 * original is ORIGINAL (NULL when not returned). */
static void
read_fields (BsReport *report, BsInput *input, const char *data,
             gsize length, GMimeMessage *original)
{
    static const char *const type_names[] = { "Feedback-Type", NULL };
    g_autoptr (BsFieldBlock) block = bs_fields_parse (
        data, length, bs_input_options (input)->max_fields);
    g_autoptr (GPtrArray) addresses = complainants (block, original);
    const char *type = field (block, type_names);

    for (guint i = 0; i < addresses->len; i++) {
        BsRecipient *recipient = bs_recipient_new ();

        recipient->recipient = g_strdup (g_ptr_array_index (addresses, i));
        recipient->feedback_type = g_ascii_strdown (type ? type : "other", -1);
        g_ptr_array_add (report->recipients, recipient);
    }
    if (*(const char *) g_ptr_array_index (addresses, 0) == '\0')
        bs_report_note (report, "the complaint names no recipient");
    if (original != NULL)
        bs_original_read (report, original);
}

gboolean
bs_arf_read (BsReport *report, BsInput *input)
{
    BsMimeReport found;
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (GMimeMessage) original = NULL;
    gsize length = 0;
    const char *data;

    if (!bs_mime_find (bs_input_message (input), arf_types,
                       bs_input_options (input), &found) ||
        (bytes = bs_mime_part_bytes (found.report)) == NULL)
        return FALSE;
    data = g_bytes_get_data (bytes, &length);
    if (found.original != NULL)
        original = bs_mime_original_message (found.original);
    read_fields (report, input, data != NULL ? data : "", length, original);
    return TRUE;
}

/* The first line in the LENGTH bytes at DATA that starts with FIELD, in
 * any case, or NULL. */
static const char *
field_line (const char *data, gsize length, const char *field)
{
    const char *end = data + length;
    gsize size = strlen (field);

    for (const char *line = data; line != NULL && line < end;) {
        const char *nl = memchr (line, '\n', end - line);

        if ((gsize) (end - line) > size &&
            g_ascii_strncasecmp (line, field, size) == 0)
            return line;
        line = nl != NULL ? nl + 1 : NULL;
    }
    return NULL;
}

/* Fields of a feedback report are at most this long, together. */
#define MAX_FIELDS_LENGTH 8192

gboolean
bs_arf_read_text (BsReport *report, BsInput *input)
{
    static const char *const original_types[] = {
        "message/rfc822", "message/global", "text/rfc822-headers", NULL,
    };
    gsize length = 0;
    const char *raw = bs_input_raw (input, &length);
    const char *start = field_line (raw, length, "Feedback-Type:");
    gsize size = start != NULL
        ? MIN ((gsize) (raw + length - start), MAX_FIELDS_LENGTH) : 0;
    const char *stop = start != NULL ? field_line (start, size, "--") : NULL;
    BsMimeReport found;
    g_autoptr (GMimeMessage) original = NULL;

    if (start == NULL)
        return FALSE;
    if (stop != NULL)
        size = stop - start;
    /* RFC 5965 3.1 requires User-Agent and Version beside Feedback-Type:
     * without them the words are a person's, not a report's. */
    if (field_line (start, size, "User-Agent:") == NULL ||
        field_line (start, size, "Version:") == NULL)
        return FALSE;
    if (bs_mime_find (bs_input_message (input), original_types,
                      bs_input_options (input), &found))
        original = bs_mime_original_message (found.report);
    bs_report_trace (report, "  feedback fields found in the text");
    read_fields (report, input, start, size, original);
    return TRUE;
}
