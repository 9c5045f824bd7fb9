/* bs-localpart.c: failed recipients that a prose bounce names by their
 * local part alone. AOL's notices name members by screen name, "a bare
 * local part without @aol.com" (help.aol.com on screen names; its mail
 * controls notice lists "the following recipients" that "are not
 * accepting mail from" the sender), and Sendmail lists a local user
 * under "----- The following addresses had permanent fatal errors -----"
 * as it was given. The address is the one of the returned message (or
 * quoted copy) with that local part, else the local part at the domain
 * of the delivery system that sent the bounce. */
#include <string.h>

#include "bs-address.h"
#include "bs-localpart.h"
#include "bs-mime.h"

/* Words of a heading over a list of failed recipients, lower case. */
static const char *const heading_words[] = {
    "recipient", "address", "user", "mailbox", NULL,
};

/* TRUE if the folded line [LINE, END) heads a list of recipients: it
 * names them, and ends with a colon or is a Sendmail section title
 * ("----- The following addresses had permanent fatal errors -----"). */
static gboolean
is_heading (const char *line, const char *end)
{
    g_autofree char *copy = g_strndup (line, end - line);
    gboolean named = FALSE;

    g_strstrip (copy);
    for (const char *const *word = heading_words; *word != NULL; word++)
        named |= strstr (copy, *word) != NULL;
    return named && *copy != '\0' &&
           (g_str_has_suffix (copy, ":") ||
            (g_str_has_prefix (copy, "---") && g_str_has_suffix (copy, "---")));
}

/* The local part a line of a list holds alone ("catlover77", "\t<jo.b>"),
 * or NULL. (transfer full) */
static char *
bare_token (const char *line, const char *end)
{
    g_autofree char *copy = g_strndup (line, end - line);
    char *token = g_strstrip (copy);
    gsize length;
    gboolean letter = FALSE;

    if (*token == '<' && g_str_has_suffix (token, ">")) {
        token[strlen (token) - 1] = '\0';
        token++;
    }
    length = strlen (token);
    if (length == 0 || length > 64 || token[0] == '.' ||
        token[length - 1] == '.')
        return NULL;
    for (const char *p = token; *p != '\0'; p++) {
        if (!g_ascii_isalnum (*p) && strchr ("._-+", *p) == NULL)
            return NULL;
        letter |= g_ascii_isalpha (*p);
    }
    return letter ? g_strdup (token) : NULL;
}

/* Adds to OUT the bare local parts on the lines after the heading that
 * ends at LINE (its line break), up to a blank line or a line of other
 * words; notes in parentheses ("(reason: 550 ...)") are skipped. Returns
 * where the list ended. */
static const char *
read_list (const char *line, const char *stop, GPtrArray *out)
{
    gboolean any = FALSE;

    for (line++; line < stop;) {
        const char *nl = memchr (line, '\n', stop - line);
        const char *end = nl != NULL ? nl : stop;
        const char *start = line + strspn (line, " \t\r");
        char *token;

        if (start >= end) {
            if (any)
                break;
        } else if (*start != '(') {
            if ((token = bare_token (line, end)) == NULL)
                break;
            g_ptr_array_add (out, token);
            any = TRUE;
        }
        line = nl != NULL ? nl + 1 : stop;
    }
    return line;
}

/* The bare local parts the report part of PROSE lists. */
static GPtrArray *
listed (const BsProse *prose)
{
    GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
    const char *folded_cut = prose->folded + (prose->cut - prose->text);

    for (const char *line = prose->folded; line < folded_cut;) {
        const char *nl = memchr (line, '\n', folded_cut - line);

        if (nl == NULL)
            break;
        if (is_heading (line, nl)) {
            const char *after = read_list (prose->text + (nl - prose->folded),
                                           prose->cut, out);

            nl = prose->folded + (after - prose->text) - 1;
        }
        line = nl + 1;
    }
    return out;
}

/* Adds the mailboxes of the returned original's To (attached message or
 * header block) to OUT. */
static void
returned_to (BsInput *input, GPtrArray *out)
{
    static const char *const types[] = {
        "message/rfc822", "message/global", "text/rfc822-headers",
        "message/rfc822-headers", "message/global-headers", NULL,
    };
    BsMimeReport found;
    g_autoptr (GMimeMessage) original = NULL;
    InternetAddressList *to;

    if (!bs_mime_find (bs_input_message (input), types,
                       bs_input_options (input), &found) ||
        (original = bs_mime_original_message (found.report)) == NULL)
        return;
    to = g_mime_message_get_to (original);
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

/* The address of CANDIDATES whose local part is LOCAL, or NULL. */
static const char *
with_local_part (GPtrArray *candidates, const char *local)
{
    gsize length = strlen (local);

    for (guint i = 0; i < candidates->len; i++) {
        const char *address = g_ptr_array_index (candidates, i);

        if (g_ascii_strncasecmp (address, local, length) == 0 &&
            address[length] == '@')
            return address;
    }
    return NULL;
}

/* The domain of the bounce's From, the delivery system that wrote it, or
 * NULL. (transfer full) */
static char *
reporting_domain (BsInput *input)
{
    InternetAddressList *from = g_mime_message_get_from (
        bs_input_message (input));
    InternetAddress *first = from != NULL &&
        internet_address_list_length (from) > 0
        ? internet_address_list_get_address (from, 0) : NULL;
    g_autofree char *address = first != NULL &&
        INTERNET_ADDRESS_IS_MAILBOX (first)
        ? bs_address_parse (internet_address_mailbox_get_addr (
              INTERNET_ADDRESS_MAILBOX (first)))
        : NULL;
    const char *at = address != NULL ? strrchr (address, '@') : NULL;

    return at != NULL ? g_strdup (at + 1) : NULL;
}

GPtrArray *
bs_localpart_find (BsInput *input, const BsProse *prose, gboolean confirmed)
{
    g_autoptr (GPtrArray) locals = listed (prose);
    g_autoptr (GPtrArray) candidates = NULL;
    g_autofree char *domain = NULL;
    GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
    g_auto (GStrv) named = NULL;

    if (locals->len == 0)
        return found;
    candidates = g_ptr_array_new_with_free_func (g_free);
    named = bs_prose_addresses (prose->text, strlen (prose->text));
    for (char **address = named; *address != NULL; address++)
        g_ptr_array_add (candidates, g_strdup (*address));
    returned_to (input, candidates);
    domain = confirmed ? NULL : reporting_domain (input);
    for (guint i = 0; i < locals->len; i++) {
        const char *local = g_ptr_array_index (locals, i);
        const char *address = with_local_part (candidates, local);
        g_autofree char *joined = NULL;

        if (address == NULL && domain != NULL) {
            g_autofree char *raw = g_strconcat (local, "@", domain, NULL);

            address = joined = bs_address_parse (raw);
        }
        if (address != NULL && !g_ptr_array_find_with_equal_func (
                found, address, (GEqualFunc) g_str_equal, NULL))
            g_ptr_array_add (found, g_strdup (address));
    }
    return found;
}
