/* bs-textbounce.c: prose bounces. No RFC says how these look, so the
 * reader relies on what they share: a delivery-system sender and subject,
 * failed addresses named before the copy of the original message, and the
 * remote server's reply after each address. Codes in that reply are found
 * later by the SMTP code state machine, as for DSNs. This file decides
 * whether a message is a bounce and reads it in stages: whose recipients
 * failed (bs-failed.c), what was said of each (bs-diagnostic.c), and the
 * returned original. */
#include <string.h>

#include "bs-command.h"
#include "bs-diagnostic.h"
#include "bs-failed.h"
#include "bs-mime.h"
#include "bs-original.h"
#include "bs-textbounce.h"

/* Senders and subjects of delivery systems, in the words MTAs use. */
static const char *const bounce_senders[] = {
    "mailer-daemon", "postmaster", "post_master", "mail delivery",
    "mail.delivery", "maildelivery", "ndr administrator", "mail-daemon",
    "mailerdaemon", NULL,
};

static const char *const bounce_subjects[] = {
    "undeliver", "delivery fail", "failure notice", "returned mail",
    "delivery status notification", "mail delivery failed",
    "could not be delivered", "delivery failure", "failed delivery",
    "failure delivery", "mail system error", "undelivered",
    "non remis", "nondeliver", "non-deliver", "error sending",
    "unzustellbar", "message delivery has failed", "returned to sender",
    "delivery problem", "warning: message", "delayed mail",
    "loop alert", "rejected mail",
    "\xe3\x82\xa8\xe3\x83\xa9\xe3\x83\xbc", /* "error" in Japanese */
    NULL,
};

static const char *const bounce_wordings[] = {
    "could not be delivered", "was not delivered", "wasn't delivered",
    "delivery failed", "permanent error", "unable to deliver",
    "undeliverable", "failed permanently", "address(es) failed",
    "did not reach", "not be delivered", "delivery to the following",
    "following recipient", "following address", "delivery has failed",
    "transcript of session", "could not deliver", "couldn't be delivered",
    "message was undeliverable", "not delivered to", "returned mail",
    "delivery problem", "will keep trying", "delivery attempts",
    "list of recipients", "error has occurred while attempting to deliver",
    "could not be sent", "non-deliverable", "non-delivered",
    "permanent fatal error", "error message below",
    "you are not a member", "duplicated message-id", "has been delayed",
    "delivery incomplete", "temporary problem delivering", NULL,
};

/* Sentences of delivery systems' own templates that no person writes:
 * enough alone, as in a notice forwarded under another subject. Gmail's
 * delay notices, old ("Delivery to the following recipient has been
 * delayed:") and new ("Delivery incomplete" / "There was a temporary
 * problem delivering your message to ... Gmail will retry for N more
 * hours."). */
static const char *const template_wordings[] = {
    "delivery to the following recipient has been delayed",
    "there was a temporary problem delivering your message to",
    "gmail will retry for", NULL,
};

/* A null or empty sender (RFC 5321 4.5.5: bounces go out with MAIL FROM
 * <>) is a delivery system's too. */
static gboolean
null_sender (const char *from)
{
    if (from == NULL)
        return FALSE;
    from += strspn (from, " \t\"");
    return *from == '\0' || strncmp (from, "<>", 2) == 0;
}

static const char *const original_types[] = {
    "message/rfc822", "message/global", "text/rfc822-headers",
    "message/rfc822-headers", NULL,
};

/* TRUE if INPUT returns a message as an attachment. */
static gboolean
returns_a_message (BsInput *input)
{
    BsMimeReport found;

    return bs_mime_find (bs_input_message (input), original_types,
                         bs_input_options (input), &found);
}

static const char *const report_container[] = { "multipart/report", NULL };

static const char *const returned_headers[] = {
    "text/rfc822-headers", "message/rfc822-headers",
    "message/global-headers", NULL,
};

/* TRUE if INPUT is a delivery report by its MIME structure alone: a
 * multipart/report of report-type delivery-status (RFC 6522 section 3),
 * even one that lacks its delivery-status part, or a returned header
 * block (RFC 6522 section 4), which only reports send; but not a report
 * of another type, such as a disposition notification (RFC 8098), which
 * may return headers too. */
static gboolean
report_structure (BsInput *input)
{
    GMimeMessage *message = bs_input_message (input);
    GMimeObject *body = g_mime_message_get_mime_part (message);
    BsMimeReport found;

    if (body != NULL && bs_mime_is (body, report_container)) {
        const char *type = g_mime_content_type_get_parameter (
            g_mime_object_get_content_type (body), "report-type");

        return type == NULL || g_ascii_strcasecmp (type,
                                                   "delivery-status") == 0;
    }
    return bs_mime_find (message, returned_headers, bs_input_options (input),
                         &found);
}

gboolean
bs_textbounce_from_delivery_system (BsInput *input)
{
    return bs_prose_contains_any (bs_prose_header (input, "From"),
                                  bounce_senders);
}

gboolean
bs_textbounce_is_bounce (BsInput *input)
{
    gboolean sender = bs_textbounce_from_delivery_system (input) ||
        bs_prose_contains_any (bs_prose_header (input, "Return-Path"),
                               bounce_senders) ||
        null_sender (bs_prose_header (input, "From"));
    gboolean subject = bs_prose_contains_any (
        g_mime_message_get_subject (bs_input_message (input)),
        bounce_subjects);
    gboolean wording = bs_prose_folded_has_any (bs_input_folded (input),
                                       bounce_wordings);

    if (bs_prose_header (input, "X-Failed-Recipients") != NULL ||
        (sender && (subject || wording)) || (subject && wording) ||
        (wording && bs_prose_folded_has_any (bs_input_folded (input),
                                             template_wordings)))
        return TRUE;
    /* Weaker signals count together with a returned message. */
    return ((sender || wording) && returns_a_message (input)) ||
           report_structure (input);
}

/* All the headers a family may be recognised by, in one string: the
 * first of each name, "name: value" a line. One pass over the header
 * list; a lookup per name would scan the list once for each. */
static char *
marker_headers (BsInput *input)
{
    static const char *const names[] = {
        "From", "Subject", "X-Mailer", "X-Sender", "Message-ID", "Received",
        "X-Failed-Recipients", "X-Original-Mailer", "Return-Path",
        "X-SES-Outgoing", "X-MimeOLE", "X-MS-Exchange-Message-Is-Ndr",
        "X-Spam-Status", "Auto-Submitted", "X-Postfix-Queue-ID", "X-MLServer",
    };
    GMimeHeaderList *list = g_mime_object_get_header_list (
        GMIME_OBJECT (bs_input_message (input)));
    int count = g_mime_header_list_get_count (list);
    GString *all = g_string_new (NULL);
    guint32 seen = 0;

    G_STATIC_ASSERT (G_N_ELEMENTS (names) <= 32);
    for (int i = 0; i < count; i++) {
        GMimeHeader *header = g_mime_header_list_get_header_at (list, i);
        const char *name = g_mime_header_get_name (header);
        gsize length = strlen (name);

        for (guint n = 0; n < G_N_ELEMENTS (names); n++) {
            g_autofree char *value = NULL;

            if ((seen & (1u << n)) || strlen (names[n]) != length ||
                g_ascii_strcasecmp (name, names[n]) != 0)
                continue;
            seen |= 1u << n;
            if ((value = bs_mime_header_value (header)) != NULL) {
                g_string_append (all, names[n]);
                g_string_append (all, ": ");
                g_string_append (all, value);
                g_string_append_c (all, '\n');
            }
            break;
        }
    }
    return g_string_free (all, FALSE);
}

const BsTextFormat *
bs_textbounce_family (BsInput *input, const BsTextFormat *formats,
                      gsize count)
{
    g_autofree char *raw = marker_headers (input);
    g_autofree char *headers = g_ascii_strdown (raw, -1);
    const char *folded = bs_input_folded (input);

    for (gsize i = 0; i < count; i++)
        if (bs_prose_folded_has_any (headers, formats[i].headers) ||
            bs_prose_folded_has_any (folded, formats[i].body))
            return &formats[i];
    return NULL;
}

static const char *const delay_wordings[] = {
    "delay", "will keep trying", "will retry", "temporary failure report",
    "delivery incomplete", "temporary problem delivering",
    "still undelivered", "not yet been delivered", "no action is required",
    NULL,
};

static void
add_recipients (BsReport *report, BsInput *input, const BsProse *prose,
                GPtrArray *addresses)
{
    g_autoptr (GArray) found = bs_diagnostic_mentions (prose, addresses);
    gboolean delayed = bs_prose_contains_any (
        g_mime_message_get_subject (bs_input_message (input)),
        delay_wordings) || bs_prose_folded_has_any (prose->folded, delay_wordings);

    for (guint i = 0; i < addresses->len; i++) {
        const char *address = g_ptr_array_index (addresses, i);
        BsRecipient *recipient = bs_recipient_new ();

        recipient->recipient = g_strdup (address);
        recipient->action = g_strdup (delayed ? "delayed" : "failed");
        recipient->diagnostic = bs_diagnostic_of (prose, found, i, address,
                                               addresses->len);
        recipient->command = g_strdup (bs_diagnostic_command (prose, found, i));
        g_ptr_array_add (report->recipients, recipient);
    }
}

/* The length of the header block at START, up to its blank line: only
 * the copy's header is read, and parsing its body (attachments, often)
 * would cost more than the whole bounce. */
static gsize
header_length (const char *start)
{
    const char *blank = strstr (start, "\n\n");
    const char *crlf = strstr (start, "\n\r\n");

    if (crlf != NULL && (blank == NULL || crlf < blank))
        blank = crlf;
    return blank != NULL ? (gsize) (blank - start) + 1 : strlen (start);
}

void
bs_textbounce_read_original (BsReport *report, BsInput *input,
                             const char *cut)
{
    BsMimeReport found;

    if (bs_mime_find (bs_input_message (input), original_types,
                      bs_input_options (input), &found)) {
        bs_original_read_part (report, found.report);
    } else if (*cut != '\0') {
        /* At a header line the copy starts there, else after the marker. */
        const char *start = g_ascii_isalpha (*cut) ? cut : strchr (cut, '\n');

        if (start == NULL)
            return;
        start += strspn (start, "\r\n");
        bs_original_read_headers (report, start, header_length (start));
    }
}

gboolean
bs_textbounce_read (BsReport *report, BsInput *input)
{
    const char *text = bs_input_text (input);
    BsProse prose = { text, bs_input_folded (input), bs_prose_cut (text) };
    g_autoptr (GPtrArray) addresses = bs_failed_find (input, &prose);

    if (addresses->len == 0)
        return FALSE;
    if (addresses->len > bs_input_options (input)->max_recipients)
        g_ptr_array_set_size (addresses,
                              bs_input_options (input)->max_recipients);
    add_recipients (report, input, &prose, addresses);
    /* In a Sendmail transcript each session's command is its addresses'
     * own (above); one named anywhere in the report is not the others'. */
    if (strstr (prose.folded, "while talking to") == NULL)
        bs_command_from_text (report, prose.folded);
    bs_textbounce_read_original (report, input, prose.cut);
    return TRUE;
}
