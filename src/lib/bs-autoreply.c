/* bs-autoreply.c: RFC 3834 section 5 (Auto-Submitted: auto-replied) and
 * the headers and subjects that vacation programs and mail services use
 * without it. */
#include <string.h>

#include "bs-address.h"
#include "bs-autoreply.h"
#include "bs-text.h"

/* Header name and a value prefix it must have ("" for any value). */
static const struct {
    const char *name;
    const char *value;
} autoreply_headers[] = {
    { "Auto-Submitted", "auto-replied" },
    { "X-Autoreply", "" },
    { "X-Autorespond", "" },
    { "X-Autoresponder", "" },
    { "X-Auto-Reply", "" },
    { "X-Vacation", "" },
    { "Precedence", "auto_reply" },
    { "X-Auto-Response-Suppress", "" },
};

static const char *const autoreply_subjects[] = {
    "auto:", "automatic reply", "autoreply", "auto reply", "auto-reply",
    "out of office", "out of the office", "(vacation)", "vacation reply",
    "abwesenheit", "absence", "r\xc3\xa9ponse automatique", NULL,
};

static gboolean
marked_as_autoreply (GMimeMessage *message)
{
    const char *subject = g_mime_message_get_subject (message);

    for (gsize i = 0; i < G_N_ELEMENTS (autoreply_headers); i++) {
        const char *value = g_mime_object_get_header (
            GMIME_OBJECT (message), autoreply_headers[i].name);

        /* The value is GMime's: skip the blanks, never strip them. */
        if (value != NULL &&
            g_ascii_strncasecmp (value + strspn (value, " \t"),
                                 autoreply_headers[i].value,
                                 strlen (autoreply_headers[i].value)) == 0)
            return TRUE;
    }
    for (const char *const *p = autoreply_subjects; subject && *p; p++)
        if (strcasestr (subject, *p) != NULL)
            return TRUE;
    return FALSE;
}

static char *
sender (GMimeMessage *message)
{
    InternetAddressList *from = g_mime_message_get_from (message);

    for (int i = 0; from != NULL && i < internet_address_list_length (from);
         i++) {
        InternetAddress *address = internet_address_list_get_address (from,
                                                                      i);

        if (INTERNET_ADDRESS_IS_MAILBOX (address))
            return bs_address_parse (internet_address_mailbox_get_addr (
                INTERNET_ADDRESS_MAILBOX (address)));
    }
    return NULL;
}

gboolean
bs_autoreply_read (BsReport *report, BsInput *input)
{
    GMimeMessage *message = bs_input_message (input);
    BsRecipient *recipient;
    char *address;

    if (!marked_as_autoreply (message) || (address = sender (message)) == NULL)
        return FALSE;
    recipient = bs_recipient_new ();
    recipient->recipient = address;
    recipient->diagnostic = bs_text_one_line (
        g_mime_message_get_subject (message), -1);
    g_ptr_array_add (report->recipients, recipient);
    return TRUE;
}
