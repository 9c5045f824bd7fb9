/* bs-failed.c: whose delivery failed, in a prose bounce. The failed
 * addresses are those the report part names (before the returned copy),
 * other than the bounce's own parties (unless qmail's structure names one
 * as failed), senders, help addresses and aliases a recipient was reached
 * through; X-Failed-Recipients (Exim) says it outright, and a list of
 * bare local parts (bs-localpart.c) comes first when the bounce confirms
 * their addresses. Failing those, the returned copy's envelope recipient
 * or its summary's To. The stages are a table, tried in order. */
#include <string.h>

#include "bs-address.h"
#include "bs-failed.h"
#include "bs-localpart.h"
#include "bs-mime.h"
#include "bs-text.h"

/* Words that introduce a help address ("please contact <support@...>"):
 * a bounce names whom to ask as well as whom it failed to reach. */
static const char *const contact_wordings[] = {
    "contact", "write to", "send mail to", "questions", "assistance", NULL,
};

/* TRUE if the line before HIT offers the address at HIT for help. */
static gboolean
after_contact (const BsProse *prose, const char *hit)
{
    const char *line = hit;
    const char *folded;

    while (line > prose->text && line[-1] != '\n')
        line--;
    folded = prose->folded + (line - prose->text);
    for (const char *const *word = contact_wordings; *word != NULL; word++)
        if (g_strstr_len (folded, hit - line, *word) != NULL)
            return TRUE;
    return FALSE;
}

/* TRUE if every mention of ADDRESS (lower case) in the report is as the
 * alias a recipient was reached through (see alias_markers): that is who
 * was written to, not who failed. */
static gboolean
only_expanded_from (const BsProse *prose, const char *address)
{
    gboolean any = FALSE;

    for (const char *hit = bs_prose_find (prose, prose->text, address);
         hit != NULL && hit < prose->cut;
         hit = bs_prose_find (prose, hit + 1, address)) {
        if (!bs_prose_after_alias_marker (prose->folded,
                                 prose->folded + (hit - prose->text)))
            return FALSE;
        any = TRUE;
    }
    return any;
}

/* TRUE if somewhere in the report ADDRESS (lower case) is offered for
 * help: whoever the bounce asks us to write to is not whom it failed to
 * reach. */
static gboolean
offered_for_help (const BsProse *prose, const char *address)
{
    for (const char *hit = bs_prose_find (prose, prose->text, address);
         hit != NULL && hit < prose->cut;
         hit = bs_prose_find (prose, hit + 1, address))
        if (after_contact (prose, hit))
            return TRUE;
    return FALSE;
}

/* The first place in the report, at FROM or after, where ADDRESS (lower
 * case) is named on a line that is not a summary line, or NULL. */
static const char *
first_report (const BsProse *prose, const char *from, const char *address)
{
    gsize length = strlen (address);

    for (const char *hit = bs_prose_find (prose, from, address);
         hit != NULL && hit + length <= prose->cut;
         hit = bs_prose_find (prose, hit + 1, address))
        if (!bs_prose_on_summary_line (prose->text, hit))
            return hit;
    return NULL;
}

/* TRUE if every mention of ADDRESS (lower case) in the report follows
 * "from": the sender, as in AOL's "not accepting mail from a@b:", not
 * whom the message failed to reach. */
static gboolean
only_as_sender (const BsProse *prose, const char *address)
{
    gboolean any = FALSE;

    for (const char *hit = bs_prose_find (prose, prose->text, address);
         hit != NULL && hit < prose->cut;
         hit = bs_prose_find (prose, hit + 1, address)) {
        const char *folded = prose->folded + (hit - prose->text);

        if (folded > prose->folded && folded[-1] == '<')
            folded--;
        if (folded - prose->folded < 5 || memcmp (folded - 5, "from ", 5))
            return FALSE;
        any = TRUE;
    }
    return any;
}

static const char *const not_recipients[] = {
    "mailer-daemon@", "postmaster@", "post_master@", "noreply@",
    "no-reply@", "mail.delivery.system@", NULL,
};

/* TRUE if ADDRESS is named in one of the bounce's own address headers. */
static gboolean
in_bounce_headers (BsInput *input, const char *address)
{
    static const char *const names[] = {
        "From", "To", "Return-Path", "Reply-To", "Sender", NULL,
    };

    for (const char *const *name = names; *name != NULL; name++) {
        const char *value = bs_prose_header (input, *name);

        if (value != NULL && strcasestr (value, address) != NULL)
            return TRUE;
    }
    return FALSE;
}

/* qmail-send's notice (qmail-send.c, addbounce()) gives each failed
 * recipient a paragraph that opens with the line "<address>:" alone, and
 * ends the report with "--- Below this line is a copy of the message."
 * (or "... the original bounce." after a double bounce); Yahoo's notices
 * keep the shape under a greeting of their own ("Sorry, we were unable to
 * deliver your message to the following address."). Lower case, as in
 * the folded text. */
static const char *const qmail_markers[] = {
    "--- below this line is", "this is the qmail-send program",
    "unable to deliver your message to the following address", NULL,
};

/* TRUE if the line at HIT, where ADDRESS (LENGTH bytes) is named, is
 * exactly "<ADDRESS>:". */
static gboolean
on_paragraph_line (const BsProse *prose, const char *hit, gsize length)
{
    const char *after = hit + length;

    if (hit - prose->text < 1 || hit[-1] != '<' ||
        (hit - prose->text >= 2 && hit[-2] != '\n') ||
        strncmp (after, ">:", 2) != 0)
        return FALSE;
    after += 2 + strspn (after + 2, " \t\r");
    return *after == '\n' || *after == '\0';
}

/* TRUE if a qmail notice names ADDRESS (lower case) on a paragraph line
 * of its own: the structure says it failed, even when the address is the
 * notice's own To, as in a double bounce sent back to the address whose
 * bounce bounced, or a notice that reached the failed address itself. */
static gboolean
qmail_paragraph (const BsProse *prose, const char *address)
{
    gsize length = strlen (address);

    if (!bs_prose_folded_has_any (prose->folded, qmail_markers))
        return FALSE;
    for (const char *hit = bs_prose_find (prose, prose->text, address);
         hit != NULL && hit + length <= prose->cut;
         hit = bs_prose_find (prose, hit + 1, address))
        if (on_paragraph_line (prose, hit, length))
            return TRUE;
    return FALSE;
}

/* Words before an address on its line that make it not the failed one:
 * a notice that a member has moved names the new address too, and whom
 * to ask (lower case, as in the folded text). */
static const char *const elsewhere_cues[] = {
    "new address", "new e-mail", "new email", "please use", "instead",
    "forward", "now at", "moved to", "alternat", "replace", "contact",
    "write to", "visit", "e.g.", "for example", "example of", "such as",
    NULL,
};

/* Words before an address on its line that report delivery to it: "Your
 * message to <a@b> could not be delivered", "Failed recipient: a@b",
 * ">>> RCPT To:<a@b>". */
static const char *const failure_cues[] = {
    "recipient", "address", "deliver", "failed", "failure", "could not",
    "couldn't", "unable", "rcpt to", "user", "mailbox", "account", "reject",
    "bounce", "unknown", "error", "message to", "mail to", "sent to", NULL,
};

/* Words after an address on its line that say what went wrong with it. */
static const char *const failure_after[] = {
    "unknown", "not exist", "no such", "invalid", "not found", "rejected",
    "refused", "failed", "full", "quota", "disabled", "inactive",
    "unavailable", "denied", "not valid", "no longer", "expired", "error",
    "permanent", "temporary", "deferred", NULL,
};

/* TRUE if the words at P (in the folded text, up to END) hold one of
 * NEEDLES. */
static gboolean
span_has_any (const char *p, const char *end, const char *const *needles)
{
    for (; *needles != NULL; needles++)
        if (g_strstr_len (p, end - p, *needles) != NULL)
            return TRUE;
    return FALSE;
}

/* TRUE if the folded line at LINE is blank, or ends with a colon (a list
 * of addresses follows it). */
static gboolean
opens_a_list (const char *line, const char *end)
{
    while (end > line && g_ascii_isspace (end[-1]))
        end--;
    return end == line || end[-1] == ':';
}

/* TRUE if the address at FOLDED, first on its LINE, starts an entry of a
 * list of failed addresses rather than a line of wrapped prose: its line
 * is indented (Exim), holds nothing else (Exchange, Gmail), or follows a
 * blank line or one ending in a colon (Postfix "<a@b>: host said ..."). */
static gboolean
starts_an_entry (const char *line, const char *folded, const char *after,
                 const char *eol, const char *previous)
{
    return folded > line || strspn (after, " \t\r>\"'):.") >=
                                (gsize) (eol - after) ||
           previous == NULL || opens_a_list (previous, line - 1);
}

/* TRUE if the mention of an address of LENGTH bytes at HIT reports it as
 * failed: the words before it (on its line, or on the line before when it
 * opens a line of wrapped prose) say that delivery to it failed and not
 * that it is someone else to write to; it opens an entry of a list of
 * failed addresses; or the words after it say what went wrong. */
static gboolean
reported_as_failed (const BsProse *prose, const char *hit, gsize length)
{
    const char *folded = prose->folded + (hit - prose->text);
    const char *line = folded;
    const char *previous = NULL;
    const char *before;
    const char *after = folded + length;
    const char *eol = strchr (after, '\n');
    gboolean first;

    while (line > prose->folded && line[-1] != '\n')
        line--;
    if (line > prose->folded) {
        previous = line - 1;
        while (previous > prose->folded && previous[-1] != '\n')
            previous--;
    }
    if (eol == NULL)
        eol = after + strlen (after);
    first = strspn (line, " \t<\"'(*-") >= (gsize) (folded - line);
    before = first && previous != NULL ? previous : line;
    if (span_has_any (before, folded, elsewhere_cues))
        return FALSE;
    if (span_has_any (before, folded, failure_cues) ||
        (first && starts_an_entry (line, line + strspn (line, " \t"), after,
                                   eol, previous)))
        return TRUE;
    after += strspn (after, ">\"') \t");
    return *after == ':' || g_str_has_prefix (after, "...") ||
           span_has_any (after, eol, failure_after);
}

/* TRUE if some mention of ADDRESS (lower case) in the report part of
 * PROSE reports it as failed. */
static gboolean
named_as_failed (const BsProse *prose, const char *address)
{
    gsize length = strlen (address);

    for (const char *hit = bs_prose_find (prose, prose->text, address);
         hit != NULL && hit + length <= prose->cut;
         hit = bs_prose_find (prose, hit + 1, address))
        if (!bs_prose_on_summary_line (prose->text, hit) &&
            reported_as_failed (prose, hit, length))
            return TRUE;
    return FALSE;
}

/* Of several RECIPIENTS, those the report names as failed, when it names
 * any so: the other addresses a notice quotes in its explanation (the new
 * address of a member who moved, the alumni form of a student's address)
 * are not rows of their own. */
static void
keep_named_as_failed (const BsProse *prose, GPtrArray *recipients)
{
    g_autoptr (GPtrArray) failed = g_ptr_array_new ();

    if (recipients->len < 2)
        return;
    for (guint i = 0; i < recipients->len; i++) {
        g_autofree char *lower = g_ascii_strdown (
            g_ptr_array_index (recipients, i), -1);

        if (named_as_failed (prose, lower))
            g_ptr_array_add (failed, g_ptr_array_index (recipients, i));
    }
    if (failed->len == 0 || failed->len == recipients->len)
        return;
    for (guint i = recipients->len; i > 0; i--)
        if (!g_ptr_array_find (failed, g_ptr_array_index (recipients, i - 1),
                               NULL))
            g_ptr_array_remove_index (recipients, i - 1);
}

/* The addresses of ADDRESSES that the report names, other than the
 * bounce's own parties, and system addresses unless SYSTEM; of several,
 * those it names as failed (keep_named_as_failed()). */
static GPtrArray *
named_recipients (BsInput *input, const BsProse *prose, char **addresses,
                  gboolean system)
{
    GPtrArray *recipients = g_ptr_array_new_with_free_func (g_free);

    for (char **address = addresses; *address != NULL; address++) {
        g_autofree char *lower = g_ascii_strdown (*address, -1);

        if ((in_bounce_headers (input, *address) &&
             !qmail_paragraph (prose, lower)) ||
            (!system && bs_prose_folded_has_any (lower, not_recipients)) ||
            offered_for_help (prose, lower) ||
            only_expanded_from (prose, lower) ||
            only_as_sender (prose, lower) ||
            first_report (prose, prose->text, lower) == NULL)
            continue;
        g_ptr_array_add (recipients, g_strdup (*address));
    }
    keep_named_as_failed (prose, recipients);
    return recipients;
}

/* The envelope recipients of the returned copy, from its Received
 * headers' "for <address>" clauses, when the report names nobody. */
static GPtrArray *
copy_recipients (BsInput *input, const char *cut)
{
    GPtrArray *recipients = g_ptr_array_new_with_free_func (g_free);

    for (const char *hit = strcasestr (cut, "for <"); hit != NULL;
         hit = strcasestr (hit + 5, "for <")) {
        const char *gt = strchr (hit + 5, '>');
        g_autofree char *raw = gt != NULL ? g_strndup (hit + 5, gt - hit - 5)
                                          : NULL;
        char *address = bs_address_parse (raw);

        if (address == NULL || in_bounce_headers (input, address)) {
            g_free (address);
            continue;
        }
        g_ptr_array_add (recipients, address);
        break;
    }
    return recipients;
}

/* The addresses on the "To:" lines of [TEXT, END), where some MTAs
 * summarise the message they could not deliver, and where the returned
 * copy's header names whom it was for. */
static GPtrArray *
summary_recipients (BsInput *input, const char *text, const char *cut)
{
    GPtrArray *recipients = g_ptr_array_new_with_free_func (g_free);

    for (const char *line = text; line != NULL && line < cut;) {
        const char *nl = strchr (line, '\n');
        const char *start = line + strspn (line, " \t");
        gsize length = (nl != NULL ? nl : cut) - start;

        if (g_ascii_strncasecmp (start, "to:", 3) == 0) {
            g_auto (GStrv) found = bs_prose_addresses (start, length);

            for (char **address = found; *address != NULL; address++)
                if (!in_bounce_headers (input, *address))
                    g_ptr_array_add (recipients, g_strdup (*address));
        }
        line = nl != NULL ? nl + 1 : NULL;
    }
    return recipients;
}

static const char *const returned_types[] = {
    "message/rfc822", "message/global", "text/rfc822-headers",
    "message/rfc822-headers", "message/global-headers", NULL,
};

/* The Received headers of ORIGINAL, a line each: their "for <address>"
 * clauses name its envelope recipient. (transfer full) */
static char *
received_lines (GMimeMessage *original)
{
    GMimeHeaderList *list = g_mime_object_get_header_list (
        GMIME_OBJECT (original));
    int count = g_mime_header_list_get_count (list);
    GString *lines = g_string_new (NULL);

    for (int i = 0; i < count; i++) {
        GMimeHeader *header = g_mime_header_list_get_header_at (list, i);

        if (g_ascii_strcasecmp (g_mime_header_get_name (header),
                                "Received") != 0)
            continue;
        g_string_append (lines, g_mime_header_get_value (header));
        g_string_append_c (lines, '\n');
    }
    return g_string_free (lines, FALSE);
}

/* Whom the attached original (a message, or a header block the text does
 * not hold) was for: its envelope recipient, else its To. */
static GPtrArray *
returned_recipients (BsInput *input)
{
    BsMimeReport found;
    g_autoptr (GMimeMessage) original = NULL;
    g_autofree char *received = NULL;
    g_autofree char *to = NULL;
    GPtrArray *recipients;

    if (!bs_mime_find (bs_input_message (input), returned_types,
                       bs_input_options (input), &found) ||
        (original = bs_mime_original_message (found.report)) == NULL)
        return g_ptr_array_new_with_free_func (g_free);
    received = received_lines (original);
    recipients = copy_recipients (input, received);
    if (recipients->len > 0)
        return recipients;
    g_ptr_array_unref (recipients);
    to = g_strconcat ("To: ", g_mime_object_get_header (
                          GMIME_OBJECT (original), "To"), NULL);
    return summary_recipients (input, to, to + strlen (to));
}

/* Each way of finding the failed addresses, a stage of the table below. */
typedef GPtrArray *(*Stage) (BsInput *input, const BsProse *prose);

/* Exim's X-Failed-Recipients says it outright. */
static GPtrArray *
header_stage (BsInput *input, const BsProse *prose)
{
    const char *failed = bs_prose_header (input, "X-Failed-Recipients");
    g_auto (GStrv) addresses = failed != NULL
        ? bs_prose_addresses (failed, strlen (failed)) : NULL;
    GPtrArray *recipients = g_ptr_array_new_with_free_func (g_free);

    for (char **address = addresses; address != NULL && *address != NULL;
         address++)
        g_ptr_array_add (recipients, g_strdup (*address));
    return recipients;
}

/* Local parts listed alone, whose address the bounce confirms, are the
 * list's: the report's other addresses are then the sender's ("not
 * accepting mail from a@b:") or a help desk's. */
static GPtrArray *
confirmed_local_stage (BsInput *input, const BsProse *prose)
{
    return bs_localpart_find (input, prose, TRUE);
}

static GPtrArray *
named_stage (BsInput *input, const BsProse *prose)
{
    g_auto (GStrv) addresses = bs_prose_addresses (
        prose->text, prose->cut - prose->text);

    return named_recipients (input, prose, addresses, FALSE);
}

/* System addresses (postmaster@...) only when nobody else is named. */
static GPtrArray *
named_system_stage (BsInput *input, const BsProse *prose)
{
    g_auto (GStrv) addresses = bs_prose_addresses (
        prose->text, prose->cut - prose->text);

    return named_recipients (input, prose, addresses, TRUE);
}

static GPtrArray *
copy_stage (BsInput *input, const BsProse *prose)
{
    return copy_recipients (input, prose->cut);
}

static GPtrArray *
summary_stage (BsInput *input, const BsProse *prose)
{
    return summary_recipients (input, prose->text, prose->cut);
}

/* The To: of the returned copy's header (up to its first blank line): an
 * old MTA's whole report may be one line. */
static GPtrArray *
copy_header_stage (BsInput *input, const BsProse *prose)
{
    const char *body = strstr (prose->cut, "\n\n");

    return summary_recipients (input, prose->cut,
                               body != NULL ? body
                                            : prose->cut + strlen (prose->cut));
}

static GPtrArray *
returned_stage (BsInput *input, const BsProse *prose)
{
    return returned_recipients (input);
}

/* Listed local parts at the domain of the delivery system: the report
 * names them as failed, which the returned copy's To (a list's own
 * address, often) does not. */
static GPtrArray *
local_stage (BsInput *input, const BsProse *prose)
{
    return bs_localpart_find (input, prose, FALSE);
}

/* Tried in order; the first stage that finds anyone decides. */
static const Stage stages[] = {
    header_stage, confirmed_local_stage, named_stage, named_system_stage,
    local_stage, copy_stage, summary_stage, copy_header_stage,
    returned_stage,
};

GPtrArray *
bs_failed_find (BsInput *input, const BsProse *prose)
{
    GPtrArray *recipients = NULL;

    for (gsize i = 0; i < G_N_ELEMENTS (stages); i++) {
        if (recipients != NULL)
            g_ptr_array_unref (recipients);
        recipients = stages[i] (input, prose);
        if (recipients->len > 0)
            break;
    }
    return recipients;
}
