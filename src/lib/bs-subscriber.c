/* bs-subscriber.c: the address a row names (RFC 3464 2.3.1 and 2.3.2).
 * Final-Recipient is where the receiving system tried to deliver: often
 * an alias's expansion, an internal name ("user@ims-ms-daemon"), an X.400
 * form or a gateway-prefixed one ("SMTP=user@example.org").
 * Original-Recipient, when the sending MTA passed it on (ORCPT), is the
 * address the list gave, which is the one it holds and can remove. */
#include <string.h>

#include "bs-address.h"
#include "bs-gmime.h"
#include "bs-subscriber.h"

/* TRUE if ADDRESS is already the address of a recipient of REPORT. */
static gboolean
taken (const BsReport *report, const char *address)
{
    for (guint i = 0; i < report->recipients->len; i++) {
        const BsRecipient *other = g_ptr_array_index (report->recipients, i);

        if (other->recipient != NULL &&
            g_ascii_strcasecmp (other->recipient, address) == 0)
            return TRUE;
    }
    return FALSE;
}

/* The one valid address in TEXT not yet taken, or NULL when there is none
 * or more than one (then it cannot say which). */
static char *
only_address (const BsReport *report, const char *text, const char *seps)
{
    g_auto (GStrv) words = text != NULL ? g_strsplit_set (text, seps, -1)
                                        : NULL;
    char *found = NULL;

    for (char **word = words; word != NULL && *word != NULL; word++) {
        char *address = bs_address_parse (*word);

        if (address == NULL || taken (report, address) ||
            (found != NULL && g_ascii_strcasecmp (found, address) == 0)) {
            g_free (address);
            continue;
        }
        if (found != NULL) {
            g_free (address);
            g_free (found);
            return NULL;
        }
        found = address;
    }
    return found;
}

/* An address for a recipient whose fields named none. */
static char *
fallback (const BsReport *report, const BsRecipient *recipient,
          BsInput *input, const char **from)
{
    GMimeObject *message = GMIME_OBJECT (bs_input_message (input));
    const char *failed = g_mime_object_get_header (message,
                                                   "X-Failed-Recipients");
    char *address;

    if ((address = only_address (report, failed, ", \t\r\n")) != NULL) {
        *from = "X-Failed-Recipients";
        return address;
    }
    if ((address = only_address (report, recipient->diagnostic,
                                 " \t\r\n<>()[],;\"'")) != NULL) {
        *from = "the diagnostic";
        return address;
    }
    if (report->original_to != NULL &&
        !taken (report, report->original_to)) {
        *from = "the returned message's To";
        return g_strdup (report->original_to);
    }
    return NULL;
}

/* Settles one recipient; RAW is what its recipient field held. */
static void
settle (BsReport *report, BsRecipient *recipient, const char *raw,
        gboolean single, BsInput *input)
{
    const char *from = NULL;
    char *address = NULL;

    if (bs_address_is_valid (recipient->original_recipient)) {
        if (raw != NULL && g_ascii_strcasecmp (raw,
                                               recipient->original_recipient))
            bs_report_note (report, "recipient %s is the Original-Recipient "
                            "of %s", recipient->original_recipient, raw);
        bs_set_string (&recipient->recipient, recipient->original_recipient);
        return;
    }
    if (bs_address_is_valid (raw))
        return;
    if (single)
        address = fallback (report, recipient, input, &from);
    g_free (recipient->recipient);
    recipient->recipient = address;
    if (address != NULL)
        bs_report_note (report, "recipient '%s' is not an address; %s "
                        "taken from %s", raw ? raw : "", address, from);
    else
        bs_report_note (report, "recipient '%s' is not an address, and the "
                        "bounce names no other", raw ? raw : "");
}

void
bs_subscriber_settle (BsReport *report, BsInput *input)
{
    gboolean single = report->recipients->len == 1;

    for (guint i = 0; i < report->recipients->len; i++) {
        BsRecipient *recipient = g_ptr_array_index (report->recipients, i);
        g_autofree char *raw = g_strdup (recipient->recipient);

        settle (report, recipient, raw, single, input);
    }
}
