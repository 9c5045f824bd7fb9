/* bs-arf.c: RFC 5965 feedback reports: a multipart/report with
 * report-type=feedback-report whose machine-readable part uses the same
 * field syntax as a DSN (section 3.1) and whose third part is the original
 * message or its headers. */
#include <string.h>

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

/* The complained-about address: named in the report, else the To of the
 * original message. */
static char *
complainant (BsFieldBlock *block, GMimeMessage *original)
{
    static const char *const names[] = {
        "Original-Rcpt-To", "Removal-Recipient", NULL,
    };
    const char *value = field (block, names);
    InternetAddressList *to;

    if (value != NULL)
        return bs_text_address (value);
    to = original != NULL ? g_mime_message_get_to (original) : NULL;
    for (int i = 0; to != NULL && i < internet_address_list_length (to); i++) {
        InternetAddress *address = internet_address_list_get_address (to, i);

        if (INTERNET_ADDRESS_IS_MAILBOX (address))
            return bs_text_address (internet_address_mailbox_get_addr (
                INTERNET_ADDRESS_MAILBOX (address)));
    }
    return NULL;
}

gboolean
bs_arf_read (BsReport *report, BsInput *input)
{
    static const char *const type_names[] = { "Feedback-Type", NULL };
    BsMimeReport found;
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (BsFieldBlock) block = NULL;
    g_autoptr (GMimeMessage) original = NULL;
    BsRecipient *recipient;
    const char *type;
    gsize length = 0;
    const char *data;

    if (!bs_mime_find (bs_input_message (input), arf_types,
                       bs_input_options (input), &found) ||
        (bytes = bs_mime_part_bytes (found.report)) == NULL)
        return FALSE;
    data = g_bytes_get_data (bytes, &length);
    block = bs_fields_parse (data != NULL ? data : "", length,
                             bs_input_options (input)->max_fields);
    if (found.original != NULL)
        original = bs_mime_original_message (found.original);
    recipient = bs_recipient_new ();
    recipient->recipient = complainant (block, original);
    type = field (block, type_names);
    recipient->feedback_type = type != NULL ? g_ascii_strdown (type, -1)
                                            : g_strdup ("other");
    if (recipient->recipient == NULL) {
        bs_recipient_free (recipient);
        return FALSE;
    }
    g_ptr_array_add (report->recipients, recipient);
    if (original != NULL)
        bs_original_read (report, original);
    return TRUE;
}
