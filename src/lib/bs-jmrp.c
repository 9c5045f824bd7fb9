/* bs-jmrp.c: Microsoft JMRP complaints (Junk Mail Reporting Program, the
 * Outlook.com and Hotmail feedback loop) in their older, non-ARF form: a
 * message that returns the complained-about message as message/rfc822,
 * to which Microsoft added the proprietary X-HmXmrOriginalRecipient header
 * naming the complainant. Since 2025 JMRP sends ARF reports (RFC 5965),
 * which bs-arf.c reads, with that header gone. A report marks a message as
 * junk: feedback type "abuse", as ARF's Feedback-Type would say. */
#include <string.h>

#include "bs-address.h"
#include "bs-jmrp.h"
#include "bs-mime.h"
#include "bs-original.h"

static const char *const recipient_header = "X-HmXmrOriginalRecipient";

/* The header's name as Microsoft writes it and folded: a search of the
 * raw bytes skips every other message at the cost of one memmem(). */
static const char *const spellings[] = {
    "HmXmrOriginalRecipient", "hmxmroriginalrecipient", NULL,
};

static const char *const returned_types[] = {
    "message/rfc822", "message/global", NULL,
};

gboolean
bs_jmrp_marked (BsInput *input)
{
    gsize length = 0;
    const char *raw = bs_input_raw (input, &length);

    for (const char *const *name = spellings; *name != NULL; name++)
        if (memmem (raw, length, *name, strlen (*name)) != NULL)
            return TRUE;
    return FALSE;
}

/* The complainant: X-HmXmrOriginalRecipient of the returned message (or
 * of the report itself, where a copy keeps it). (transfer full) */
static char *
complainant (GMimeMessage *report, GMimeMessage *original)
{
    const char *value = NULL;

    if (original != NULL)
        value = g_mime_object_get_header (GMIME_OBJECT (original),
                                          recipient_header);
    if (value == NULL)
        value = g_mime_object_get_header (GMIME_OBJECT (report),
                                          recipient_header);
    return value != NULL ? bs_address_parse (value) : NULL;
}

gboolean
bs_jmrp_read (BsReport *report, BsInput *input)
{
    GMimeMessage *message = bs_input_message (input);
    BsMimeReport found;
    g_autoptr (GMimeMessage) original = NULL;
    BsRecipient *recipient;
    char *address;

    if (!bs_jmrp_marked (input))
        return FALSE;
    if (bs_mime_find (message, returned_types, bs_input_options (input),
                      &found))
        original = bs_mime_original_message (found.report);
    if ((address = complainant (message, original)) == NULL)
        return FALSE;
    recipient = bs_recipient_new ();
    recipient->recipient = address;
    recipient->feedback_type = g_strdup ("abuse");
    g_ptr_array_add (report->recipients, recipient);
    if (original != NULL)
        bs_original_read (report, original);
    bs_report_trace (report, "  JMRP complaint by %s", address);
    return TRUE;
}
