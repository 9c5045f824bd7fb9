/* bs-verp.c: VERP (D. J. Bernstein's variable envelope return paths, as
 * qmail and list managers use them): the list sends each copy from an
 * address that encodes the recipient, so a bounce that does not name the
 * recipient still tells who it was by where it arrives. */
#include <string.h>

#include "bs-address.h"
#include "bs-error.h"
#include "bs-prose.h"
#include "bs-text.h"
#include "bs-textbounce.h"
#include "bs-verp.h"

#define LOCAL "{local}"
#define DOMAIN "{domain}"

gboolean
bs_verp_check (const char *pattern, GError **error)
{
    const char *local = pattern != NULL ? strstr (pattern, LOCAL) : NULL;
    const char *domain = local != NULL ? strstr (local, DOMAIN) : NULL;

    if (domain == NULL || domain == local + strlen (LOCAL) ||
        strstr (domain + 1, LOCAL) != NULL ||
        strstr (domain + 1, DOMAIN) != NULL) {
        g_set_error (error, BS_ERROR, BS_ERROR_USAGE,
                     "bad VERP pattern '%s': want {local}, a separator and "
                     "{domain}, e.g. list-bounces+{local}={domain}@example.org",
                     pattern ? pattern : "");
        return FALSE;
    }
    return TRUE;
}

char *
bs_verp_decode (const char *pattern, const char *address)
{
    const char *local = strstr (pattern, LOCAL);
    const char *domain = local ? strstr (local, DOMAIN) : NULL;
    g_autofree char *separator = NULL;
    const char *suffix;
    gsize prefix_length, suffix_length, length;
    const char *middle_end;
    const char *split;

    if (domain == NULL || address == NULL)
        return NULL;
    prefix_length = local - pattern;
    suffix = domain + strlen (DOMAIN);
    suffix_length = strlen (suffix);
    length = strlen (address);
    if (length < prefix_length + suffix_length + 3 ||
        g_ascii_strncasecmp (address, pattern, prefix_length) != 0 ||
        g_ascii_strcasecmp (address + length - suffix_length, suffix) != 0)
        return NULL;
    separator = g_strndup (local + strlen (LOCAL),
                           domain - local - strlen (LOCAL));
    middle_end = address + length - suffix_length;
    /* The domain cannot hold the separator; the local part might. */
    split = g_strrstr_len (address + prefix_length,
                           middle_end - address - prefix_length, separator);
    if (split == NULL || split == address + prefix_length)
        return NULL;
    {
        g_autofree char *local_part = g_strndup (
            address + prefix_length, split - address - prefix_length);
        g_autofree char *domain_part = g_strndup (
            split + strlen (separator),
            middle_end - split - strlen (separator));
        g_autofree char *joined = g_strconcat (local_part, "@", domain_part,
                                               NULL);

        return bs_address_parse (joined);
    }
}

/* The recipient the bounce's own envelope address encodes. */
static char *
envelope_recipient (BsInput *input, const char *pattern)
{
    static const char *const names[] = {
        "X-Original-To", "Delivered-To", "Envelope-To", "To", NULL,
    };
    GMimeObject *message = GMIME_OBJECT (bs_input_message (input));

    for (const char *const *name = names; *name != NULL; name++) {
        g_autofree char *address = bs_address_parse (
            g_mime_object_get_header (message, *name));
        char *decoded = bs_verp_decode (pattern, address);

        if (decoded != NULL)
            return decoded;
    }
    return NULL;
}

gboolean
bs_verp_apply (BsReport *report, BsInput *input)
{
    const char *pattern = bs_input_options (input)->verp;
    g_autofree char *address = NULL;
    BsRecipient *recipient;

    if (pattern == NULL ||
        (address = envelope_recipient (input, pattern)) == NULL)
        return FALSE;
    for (guint i = 0; i < report->recipients->len; i++) {
        recipient = g_ptr_array_index (report->recipients, i);
        if (recipient->recipient != NULL &&
            g_ascii_strcasecmp (recipient->recipient, address) == 0) {
            bs_report_trace (report, "VERP address confirms %s", address);
            return FALSE;
        }
    }
    /* The list sent this copy to the address the VERP envelope encodes:
     * that is the one it holds, whatever the bounce calls the mailbox
     * (an alias's target, a forwarding address). */
    if (report->recipients->len == 1) {
        recipient = g_ptr_array_index (report->recipients, 0);
        bs_report_note (report, "recipient %s is the VERP address of %s",
                        address, recipient->recipient ? recipient->recipient
                                                      : "(none)");
        g_free (recipient->recipient);
        recipient->recipient = g_steal_pointer (&address);
        return FALSE;
    }
    if (report->recipients->len > 0 || !bs_textbounce_is_bounce (input))
        return FALSE;
    recipient = bs_recipient_new ();
    recipient->recipient = g_steal_pointer (&address);
    recipient->action = g_strdup ("failed");
    recipient->diagnostic = bs_text_one_line (
        bs_input_text (input),
        MIN (strlen (bs_input_text (input)),
             (gsize) (bs_prose_cut (bs_input_text (input)) -
                      bs_input_text (input))));
    g_ptr_array_add (report->recipients, recipient);
    bs_report_trace (report, "recipient %s recovered from the VERP address",
                     recipient->recipient);
    return TRUE;
}
