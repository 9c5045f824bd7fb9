/* bs-autoreply.c: RFC 3834 section 5 (Auto-Submitted: auto-replied) and
 * the headers and subjects that vacation programs and mail services use
 * without it. A message that shows any sign of a delivery report or a
 * complaint is never read as an auto-reply: those are marked too. */
#include <string.h>

#include "bs-address.h"
#include "bs-autoreply.h"
#include "bs-jmrp.h"
#include "bs-mime.h"
#include "bs-text.h"
#include "bs-textbounce.h"

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

/* The parts only reports carry: RFC 3464 delivery status, RFC 5965
 * feedback, and the returned header block of RFC 6522 section 4. */
static const char *const report_parts[] = {
    "message/delivery-status", "message/global-delivery-status",
    "message/feedback-report", "text/rfc822-headers",
    "message/global-headers", NULL,
};

static const char *const report_container[] = { "multipart/report", NULL };

/* TRUE if INPUT is a delivery report or a complaint by its structure,
 * sender or words. Postfix and Exim put "Auto-Submitted: auto-replied" on
 * every bounce (bounce_notify_util.c, deliver.c) as RFC 3834 section 5
 * asks of every responder: the mark says a machine wrote the message, not
 * that a person is away. A null Return-Path is no sign on its own, since
 * responders send with one too. */
static gboolean
is_report (BsInput *input)
{
    GMimeMessage *message = bs_input_message (input);
    GMimeObject *body = g_mime_message_get_mime_part (message);
    BsMimeReport found;

    return (body != NULL && bs_mime_is (body, report_container)) ||
           bs_textbounce_from_delivery_system (input) ||
           bs_textbounce_is_bounce (input) || bs_jmrp_marked (input) ||
           bs_mime_find (message, report_parts, bs_input_options (input),
                         &found);
}

gboolean
bs_autoreply_read (BsReport *report, BsInput *input)
{
    GMimeMessage *message = bs_input_message (input);
    BsRecipient *recipient;
    char *address;

    if (!marked_as_autoreply (message))
        return FALSE;
    if (is_report (input)) {
        bs_report_trace (report, "  marked as an automatic reply, but a "
                         "report: not read as one");
        return FALSE;
    }
    if ((address = sender (message)) == NULL)
        return FALSE;
    recipient = bs_recipient_new ();
    recipient->recipient = address;
    recipient->diagnostic = bs_text_one_line (
        g_mime_message_get_subject (message), -1);
    g_ptr_array_add (report->recipients, recipient);
    return TRUE;
}
