/* bs-original.c: reads the returned original's headers (RFC 3462 / 6522
 * section 3: message/rfc822 or text/rfc822-headers) so that a row can say
 * which mailing and which list a bounce belongs to. */
#include <string.h>

#include "bs-original.h"
#include "bs-text.h"

char *
bs_original_list_id (const char *value)
{
    const char *lt;
    const char *gt;

    if (value == NULL)
        return NULL;
    lt = strrchr (value, '<');
    gt = lt != NULL ? strchr (lt, '>') : NULL;
    if (gt != NULL && gt > lt + 1)
        return g_strndup (lt + 1, gt - lt - 1);
    return bs_text_one_line (value, -1);
}

/* The first mailbox of an address header, lower-cased domain. */
static char *
first_mailbox (InternetAddressList *list)
{
    if (list == NULL)
        return NULL;
    for (int i = 0; i < internet_address_list_length (list); i++) {
        InternetAddress *address = internet_address_list_get_address (list, i);

        if (INTERNET_ADDRESS_IS_MAILBOX (address))
            return bs_text_address (internet_address_mailbox_get_addr (
                INTERNET_ADDRESS_MAILBOX (address)));
    }
    return NULL;
}

static gboolean
fill (char **field, char *value)
{
    if (*field != NULL || value == NULL || *value == '\0') {
        g_free (value);
        return FALSE;
    }
    *field = value;
    return TRUE;
}

gboolean
bs_original_read (BsReport *report, GMimeMessage *original)
{
    GMimeObject *object = GMIME_OBJECT (original);
    const char *subject = g_mime_message_get_subject (original);
    const char *message_id = g_mime_message_get_message_id (original);
    gboolean any = FALSE;
    char *sender;

    sender = first_mailbox (g_mime_message_get_from (original));
    if (sender == NULL)
        sender = bs_text_address (
            g_mime_object_get_header (object, "Return-Path"));
    any |= fill (&report->original_sender, sender);
    any |= fill (&report->original_message_id, g_strdup (message_id));
    any |= fill (&report->original_subject,
                 subject != NULL ? bs_text_one_line (subject, -1) : NULL);
    any |= fill (&report->list_id, bs_original_list_id (
                     g_mime_object_get_header (object, "List-Id")));
    return any;
}
