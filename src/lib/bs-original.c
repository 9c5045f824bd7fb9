/* bs-original.c: reads the returned original's headers (RFC 3462 / 6522
 * section 3: message/rfc822 or text/rfc822-headers) so that a row can say
 * which mailing and which list a bounce belongs to. */
#include <string.h>

#include "bs-address.h"
#include "bs-mime.h"
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

/* The headers a row reports, as the raw values of the returned message:
 * unfolded and decoded only once found. */
enum { FROM, RETURN_PATH, MESSAGE_ID, SUBJECT, LIST_ID, TO, WANTED };
static const char *const wanted[WANTED] = {
    "From", "Return-Path", "Message-ID", "Subject", "List-Id", "To"
};

/* The address in RAW when RAW is as simple as most From values are,
 * "addr", "<addr>" or "Name <addr>": ASCII, no quotes, comments, groups,
 * lists, escapes or encoded words. NULL otherwise, and then GMime's
 * address parser reads it: it costs ten times as much. */
static char *
simple_mailbox (const char *raw)
{
    const char *lt = strchr (raw, '<');
    const char *gt = lt != NULL ? strchr (lt, '>') : NULL;
    g_autofree char *address = NULL;

    if (strpbrk (raw, "\"(),;:\\[") != NULL || strstr (raw, "=?") != NULL ||
        !bs_text_is_ascii (raw, strlen (raw)))
        return NULL;
    if (lt == NULL)
        address = g_strstrip (g_strdup (raw));
    else if (gt != NULL && strchr (lt + 1, '<') == NULL &&
             strchr (gt + 1, '>') == NULL &&
             gt[1 + strspn (gt + 1, " \t\r\n")] == '\0')
        address = g_strndup (lt + 1, gt - lt - 1);
    if (address == NULL || strpbrk (address, " \t\r\n<>") != NULL)
        return NULL;
    return bs_address_parse (address);
}

/* The first mailbox of the address list RAW, lower-cased domain. */
static char *
first_mailbox (const char *raw)
{
    g_autoptr (InternetAddressList) list = NULL;
    char *simple;

    if (raw == NULL)
        return NULL;
    if ((simple = simple_mailbox (raw)) != NULL)
        return simple;
    if ((list = internet_address_list_parse (NULL, raw)) == NULL)
        return NULL;
    for (int i = 0; i < internet_address_list_length (list); i++) {
        InternetAddress *address = internet_address_list_get_address (list, i);

        if (INTERNET_ADDRESS_IS_MAILBOX (address))
            return bs_address_parse (internet_address_mailbox_get_addr (
                INTERNET_ADDRESS_MAILBOX (address)));
    }
    return NULL;
}

/* The address of RAW when it names exactly one mailbox: a list sends each
 * member a copy of their own, so that is who the copy was for. */
static char *
only_mailbox (const char *raw)
{
    g_autoptr (InternetAddressList) list = NULL;
    InternetAddress *address;
    char *simple;

    if (raw == NULL)
        return NULL;
    if ((simple = simple_mailbox (raw)) != NULL)
        return simple;
    list = internet_address_list_parse (NULL, raw);
    if (list == NULL || internet_address_list_length (list) != 1)
        return NULL;
    address = internet_address_list_get_address (list, 0);
    return INTERNET_ADDRESS_IS_MAILBOX (address)
        ? bs_address_parse (internet_address_mailbox_get_addr (
              INTERNET_ADDRESS_MAILBOX (address)))
        : NULL;
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

static gboolean
fill_from_raw (BsReport *report, const char *const raw[WANTED])
{
    g_autofree char *return_path = NULL;
    g_autofree char *subject = bs_mime_header_decode (raw[SUBJECT]);
    g_autofree char *list_id = bs_mime_header_decode (raw[LIST_ID]);
    gboolean any = FALSE;
    char *sender = first_mailbox (raw[FROM]);

    if (sender == NULL) {
        return_path = bs_mime_header_decode (raw[RETURN_PATH]);
        sender = bs_address_parse (return_path);
    }
    any |= fill (&report->original_sender, sender);
    any |= fill (&report->original_message_id,
                 raw[MESSAGE_ID] != NULL
                     ? g_mime_utils_decode_message_id (raw[MESSAGE_ID])
                     : NULL);
    any |= fill (&report->original_subject,
                 subject != NULL ? bs_text_one_line (subject, -1) : NULL);
    any |= fill (&report->list_id, bs_original_list_id (list_id));
    any |= fill (&report->original_to, only_mailbox (raw[TO]));
    return any;
}

gboolean
bs_original_read (BsReport *report, GMimeMessage *original)
{
    GMimeHeaderList *headers = g_mime_object_get_header_list (
        GMIME_OBJECT (original));
    const char *raw[WANTED];

    for (int i = 0; i < WANTED; i++) {
        GMimeHeader *header = g_mime_header_list_get_header (headers,
                                                             wanted[i]);

        raw[i] = header != NULL ? g_mime_header_get_raw_value (header) : NULL;
    }
    return fill_from_raw (report, raw);
}

/* The length of a header name followed by a colon at LINE, or 0. */
static gsize
name_length (const char *line, const char *end)
{
    const char *p = line;

    while (p < end && *p > ' ' && *p < 127 && *p != ':')
        p++;
    return p > line && p < end && *p == ':' ? (gsize) (p - line) : 0;
}

/* The end of the field whose value starts at P: the line break before the
 * next line that does not start with white space. */
static const char *
field_end (const char *p, const char *end)
{
    for (;;) {
        const char *eol = memchr (p, '\n', end - p);

        if (eol == NULL)
            return end;
        if (eol + 1 >= end || (eol[1] != ' ' && eol[1] != '\t'))
            return eol;
        p = eol + 1;
    }
}

gboolean
bs_original_read_headers (BsReport *report, const char *headers,
                          gsize length)
{
    const char *p = headers;
    const char *end = headers + length;
    char *raw[WANTED] = { NULL };
    gboolean any;

    /* The block ends at a blank line; a line that is neither a field nor
     * a fold (a wrapped line some MTAs write) is skipped, as GMime does. */
    while (p < end && *p != '\n' && *p != '\r') {
        gsize name = name_length (p, end);
        const char *value = p + name + 1;
        const char *stop = field_end (name > 0 ? value : p, end);

        if (name == 0) {
            p = stop + 1;
            continue;
        }
        for (int i = 0; i < WANTED; i++)
            if (raw[i] == NULL && strlen (wanted[i]) == name &&
                g_ascii_strncasecmp (p, wanted[i], name) == 0)
                raw[i] = g_strndup (value, stop - value);
        p = stop + 1;
    }
    any = fill_from_raw (report, (const char *const *) raw);
    for (int i = 0; i < WANTED; i++)
        g_free (raw[i]);
    return any;
}

gboolean
bs_original_read_part (BsReport *report, GMimeObject *original)
{
    g_autoptr (GBytes) bytes = NULL;
    const char *data;
    gsize length = 0;

    if (GMIME_IS_MESSAGE_PART (original)) {
        GMimeMessage *inner = g_mime_message_part_get_message (
            GMIME_MESSAGE_PART (original));

        return inner != NULL && bs_original_read (report, inner);
    }
    if ((bytes = bs_mime_part_bytes (original)) == NULL)
        return FALSE;
    data = g_bytes_get_data (bytes, &length);
    return data != NULL && bs_original_read_headers (report, data, length);
}
