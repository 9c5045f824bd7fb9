/* bs-textbounce.c: prose bounces. No RFC says how these look, so the
 * reader relies on what they share: a delivery-system sender and subject,
 * failed addresses named before the copy of the original message, and the
 * remote server's reply after each address. Codes in that reply are found
 * later by the SMTP code state machine, as for DSNs. */
#include <string.h>

#include "bs-address.h"
#include "bs-command.h"
#include "bs-mime.h"
#include "bs-original.h"
#include "bs-smtpcode.h"
#include "bs-text.h"
#include "bs-textbounce.h"

#define MAX_DIAGNOSTIC 1024
#define MAX_ADDRESS 254

static gboolean
contains_any (const char *text, const char *const *needles)
{
    for (; text != NULL && needles != NULL && *needles != NULL; needles++)
        if (strcasestr (text, *needles) != NULL)
            return TRUE;
    return FALSE;
}

/* TRUE if FOLDED, a text in ASCII lower case, holds one of NEEDLES (all
 * lower case): strstr() on a folded text is far cheaper than strcasestr(). */
static gboolean
folded_has_any (const char *folded, const char *const *needles)
{
    for (; needles != NULL && *needles != NULL; needles++)
        if (strstr (folded, *needles) != NULL)
            return TRUE;
    return FALSE;
}

/* The bounce's text as the prose reader looks at it. */
typedef struct {
    const char *text;     /* bs_input_text() */
    const char *folded;   /* the same in ASCII lower case, same offsets */
    const char *cut;      /* in TEXT: where the returned copy starts */
} Prose;

/* The first LOWER (lower case) in the prose at FROM or after, as a place
 * in its text; NULL if none. */
static const char *
prose_find (const Prose *prose, const char *from, const char *lower)
{
    const char *hit = strstr (prose->folded + (from - prose->text), lower);

    return hit != NULL ? prose->text + (hit - prose->folded) : NULL;
}

static const char *
header (BsInput *input, const char *name)
{
    return g_mime_object_get_header (GMIME_OBJECT (bs_input_message (input)),
                                     name);
}

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
    "you are not a member", "duplicated message-id", NULL,
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

gboolean
bs_textbounce_is_bounce (BsInput *input)
{
    gboolean sender = contains_any (header (input, "From"), bounce_senders) ||
        contains_any (header (input, "Return-Path"), bounce_senders) ||
        null_sender (header (input, "From"));
    gboolean subject = contains_any (
        g_mime_message_get_subject (bs_input_message (input)),
        bounce_subjects);
    gboolean wording = folded_has_any (bs_input_folded (input),
                                       bounce_wordings);

    if (header (input, "X-Failed-Recipients") != NULL ||
        (sender && (subject || wording)) || (subject && wording))
        return TRUE;
    /* Weaker signals count together with a returned message. */
    return (sender || wording) && returns_a_message (input);
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
        if (folded_has_any (headers, formats[i].headers) ||
            folded_has_any (folded, formats[i].body))
            return &formats[i];
    return NULL;
}

/* Marker lines before the copy of the original (after leading dashes). */
static const char *const cut_markers[] = {
    "below this line is a copy", "this is a copy of the message",
    "original message follows", "original message", "returned message",
    "undelivered message", "message headers follow", "headers follow",
    "copy of the original", "copy of your message", "the original mail",
    "original mail", "returned mail follows", "message below",
    "enclosed is a copy", "included is a copy", "copy of the message header",
    "message header follows", "unsent message follows", NULL,
};

/* Header lines that start a quoted original. */
static const char *const header_starts[] = {
    "Received: ", "Return-Path:", "Return-path:", "DKIM-Signature:", NULL,
};

/* TRUE if LINE (lower case) ends "follows", "follows:" or "follows." */
static gboolean
announces_copy (const char *line)
{
    g_autofree char *trimmed = g_strchomp (g_strdup (line));

    return g_str_has_suffix (trimmed, "follows") ||
           g_str_has_suffix (trimmed, "follows:") ||
           g_str_has_suffix (trimmed, "follows.");
}

static gboolean
is_cut_line (const char *line, const char *end)
{
    const char *p = line;
    g_autofree char *copy = NULL;

    for (const char *const *start = header_starts; *start != NULL; start++)
        if (strncmp (line, *start, strlen (*start)) == 0)
            return TRUE;
    while (p < end && (*p == '-' || *p == '=' || *p == '_' || *p == ' ' ||
                       *p == '*' || *p == '\t'))
        p++;
    /* Only decorated lines count: "The original message was received at"
     * opens Sendmail's report and is no cut. IMail's bare "Original message
     * follows." is the exception. */
    if (g_ascii_strncasecmp (line, "original message follows", 24) == 0)
        return TRUE;
    if (end - p < 6)
        return FALSE;
    copy = g_ascii_strdown (p, MIN (end - p, 80));
    /* An undecorated line cuts when it announces what follows, as fml's
     * "Original mail as follows:" does. */
    if (p - line < 2 && !announces_copy (copy))
        return FALSE;
    return folded_has_any (copy, cut_markers);
}

const char *
bs_textbounce_cut (const char *text)
{
    const char *line = text;

    while (*line != '\0') {
        const char *nl = strchr (line, '\n');
        const char *end = nl != NULL ? nl : line + strlen (line);

        if (is_cut_line (line, end))
            return line;
        if (nl == NULL)
            break;
        line = nl + 1;
    }
    return text + strlen (text);
}

static gboolean
is_local_char (char c)
{
    return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+/=?^_`{|}~.-",
                                                        c) != NULL) ||
           (guchar) c >= 0x80;
}

static gboolean
is_domain_char (char c)
{
    return g_ascii_isalnum (c) || c == '-' || c == '.' || (guchar) c >= 0x80;
}

/* The address around the '@' at AT in [TEXT, END), or NULL; *BEGIN (when
 * not NULL) receives where it starts. */
static char *
address_at (const char *text, const char *end, const char *at,
            const char **begin)
{
    const char *start = at;
    const char *stop = at + 1;
    g_autofree char *raw = NULL;

    while (start > text && is_local_char (start[-1]) && at - start < 64)
        start--;
    while (stop < end && is_domain_char (*stop) && stop - at < 190)
        stop++;
    while (stop > at + 1 && (stop[-1] == '.' || stop[-1] == '-'))
        stop--;
    while (start < at && (*start == '.' || *start == '\'' || *start == '='))
        start++;
    if (start == at || stop <= at + 1)
        return NULL;
    if (begin != NULL)
        *begin = start;
    raw = g_strndup (start, stop - start);
    return bs_address_parse (raw);
}

char **
bs_textbounce_addresses (const char *text, gsize length)
{
    const char *end = text + length;
    GPtrArray *found = g_ptr_array_new ();
    g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash,
                                                         g_str_equal,
                                                         g_free, NULL);

    for (const char *at = memchr (text, '@', length); at != NULL;
         at = at + 1 < end ? memchr (at + 1, '@', end - at - 1) : NULL) {
        char *address = address_at (text, end, at, NULL);
        char *key;

        if (address == NULL)
            continue;
        key = bs_text_down (address);
        if (g_hash_table_contains (seen, key)) {
            g_free (key);
            g_free (address);
            continue;
        }
        g_hash_table_add (seen, key);
        g_ptr_array_add (found, address);
    }
    g_ptr_array_add (found, NULL);
    return (char **) g_ptr_array_free (found, FALSE);
}

/* Lines that summarise the original message rather than report a failure:
 * an address only ever seen on such lines is not a failed recipient. */
static const char *const summary_prefixes[] = {
    "from:", "to:", "cc:", "sent:", "date:", "subject:", "reply-to:",
    "message-id:", "in-reply-to:", "references:", "sender:", NULL,
};

static gboolean
on_summary_line (const char *text, const char *hit)
{
    const char *line = hit;

    while (line > text && line[-1] != '\n')
        line--;
    while (*line == ' ' || *line == '\t' || *line == '>')
        line++;
    for (const char *const *prefix = summary_prefixes; *prefix != NULL;
         prefix++)
        if (g_ascii_strncasecmp (line, *prefix, strlen (*prefix)) == 0)
            return TRUE;
    return FALSE;
}

/* Words that introduce a help address ("please contact <support@...>"):
 * a bounce names whom to ask as well as whom it failed to reach. */
static const char *const contact_wordings[] = {
    "contact", "write to", "send mail to", "questions", "assistance", NULL,
};

/* TRUE if the line before HIT offers the address at HIT for help. */
static gboolean
after_contact (const Prose *prose, const char *hit)
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

/* How MTAs name, after a failed address, the address it was reached
 * through: Postfix "<a@x> (expanded from <list@x>): ...", Exim "a@x\n
 * (generated from list@x)". Lower case, as in the folded text. */
static const char *const alias_markers[] = {
    "expanded from <", "generated from ", NULL,
};

/* TRUE if the alias marker ending at FOLDED (in a text starting at START)
 * introduces the address at FOLDED. */
static gboolean
after_alias_marker (const char *start, const char *folded)
{
    for (const char *const *marker = alias_markers; *marker != NULL;
         marker++) {
        gsize length = strlen (*marker);

        if ((gsize) (folded - start) >= length &&
            memcmp (folded - length, *marker, length) == 0)
            return TRUE;
    }
    return FALSE;
}

/* TRUE if every mention of ADDRESS (lower case) in the report is as the
 * alias a recipient was reached through (see alias_markers): that is who
 * was written to, not who failed. */
static gboolean
only_expanded_from (const Prose *prose, const char *address)
{
    gboolean any = FALSE;

    for (const char *hit = prose_find (prose, prose->text, address);
         hit != NULL && hit < prose->cut;
         hit = prose_find (prose, hit + 1, address)) {
        if (!after_alias_marker (prose->folded,
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
offered_for_help (const Prose *prose, const char *address)
{
    for (const char *hit = prose_find (prose, prose->text, address);
         hit != NULL && hit < prose->cut;
         hit = prose_find (prose, hit + 1, address))
        if (after_contact (prose, hit))
            return TRUE;
    return FALSE;
}

/* The first place in the report, at FROM or after, where ADDRESS (lower
 * case) is named on a line that is not a summary line, or NULL. */
static const char *
first_report (const Prose *prose, const char *from, const char *address)
{
    gsize length = strlen (address);

    for (const char *hit = prose_find (prose, from, address);
         hit != NULL && hit + length <= prose->cut;
         hit = prose_find (prose, hit + 1, address))
        if (!on_summary_line (prose->text, hit))
            return hit;
    return NULL;
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
        const char *value = header (input, *name);

        if (value != NULL && strcasestr (value, address) != NULL)
            return TRUE;
    }
    return FALSE;
}

/* The addresses of ADDRESSES that the report names, other than the
 * bounce's own parties, and system addresses unless SYSTEM. */
static GPtrArray *
named_recipients (BsInput *input, const Prose *prose, char **addresses,
                  gboolean system)
{
    GPtrArray *recipients = g_ptr_array_new_with_free_func (g_free);

    for (char **address = addresses; *address != NULL; address++) {
        g_autofree char *lower = g_ascii_strdown (*address, -1);

        if (in_bounce_headers (input, *address) ||
            (!system && folded_has_any (lower, not_recipients)) ||
            offered_for_help (prose, lower) ||
            only_expanded_from (prose, lower) ||
            first_report (prose, prose->text, lower) == NULL)
            continue;
        g_ptr_array_add (recipients, g_strdup (*address));
    }
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
            g_auto (GStrv) found = bs_textbounce_addresses (start, length);

            for (char **address = found; *address != NULL; address++)
                if (!in_bounce_headers (input, *address))
                    g_ptr_array_add (recipients, g_strdup (*address));
        }
        line = nl != NULL ? nl + 1 : NULL;
    }
    return recipients;
}

/* The failed addresses: X-Failed-Recipients when present; else those the
 * report part of TEXT names (system addresses only when nobody else is);
 * else the envelope recipient of the returned copy; else the summary's. */
static GPtrArray *
find_recipients (BsInput *input, const Prose *prose)
{
    const char *text = prose->text;
    const char *cut = prose->cut;
    const char *failed = header (input, "X-Failed-Recipients");
    g_auto (GStrv) addresses = NULL;
    GPtrArray *recipients;

    if (failed != NULL) {
        addresses = bs_textbounce_addresses (failed, strlen (failed));
        recipients = g_ptr_array_new_with_free_func (g_free);
        for (char **address = addresses; *address != NULL; address++)
            g_ptr_array_add (recipients, g_strdup (*address));
        return recipients;
    }
    addresses = bs_textbounce_addresses (text, cut - text);
    recipients = named_recipients (input, prose, addresses, FALSE);
    if (recipients->len == 0) {
        g_ptr_array_unref (recipients);
        recipients = named_recipients (input, prose, addresses, TRUE);
    }
    if (recipients->len == 0) {
        g_ptr_array_unref (recipients);
        recipients = copy_recipients (input, cut);
    }
    if (recipients->len == 0) {
        g_ptr_array_unref (recipients);
        recipients = summary_recipients (input, text, cut);
    }
    if (recipients->len == 0 && *cut != '\0') {
        /* Last, the To: of the returned copy's header (up to its first
         * blank line): an old MTA's whole report may be one line. */
        const char *body = strstr (cut, "\n\n");

        g_ptr_array_unref (recipients);
        recipients = summary_recipients (input, cut,
                                         body != NULL ? body
                                                      : cut + strlen (cut));
    }
    return recipients;
}

static const char *const delay_wordings[] = {
    "delay", "will keep trying", "will retry", "temporary failure report",
    "still undelivered", "not yet been delivered", "no action is required",
    NULL,
};

/* The diagnostic for the recipient named at HIT: the text after it, up to
 * where the next recipient is named or the report ends. */
/* TRUE if LINE starts like a line of an SMTP session transcript: a reply
 * ("550 ...", "421-..."), what was sent or received (">>> ", "<<< "), or
 * Sendmail's "While talking to host:" opening the next session. */
static gboolean
transcript_line (const char *line)
{
    if (strncmp (line, ">>> ", 4) == 0 || strncmp (line, "<<< ", 4) == 0 ||
        g_ascii_strncasecmp (line, "while talking to ", 17) == 0)
        return TRUE;
    return line[0] >= '2' && line[0] <= '5' && g_ascii_isdigit (line[1]) &&
           g_ascii_isdigit (line[2]) && (line[3] == ' ' || line[3] == '-');
}

/* Where the words after an address end: at STOP, or at the end of the
 * line when the line says something (not just the address again, as in
 * "a@b <a@b>") and the next is another transcript line: a Sendmail
 * transcript gives each address its own "554 <a>... reason" line. */
static const char *
line_end (const char *start, const char *stop)
{
    const char *nl = memchr (start, '\n', stop - start);

    if (nl == NULL || nl - start < 10 || nl + 1 >= stop ||
        memchr (start, '@', nl - start) || !transcript_line (nl + 1))
        return stop;
    return nl;
}

/* TRUE if TEXT starts with one of the alias_markers, in any case. */
static gboolean
names_alias (const char *text)
{
    for (const char *const *marker = alias_markers; *marker != NULL;
         marker++)
        if (g_ascii_strncasecmp (text, *marker, strlen (*marker)) == 0)
            return TRUE;
    return FALSE;
}

static char *
diagnostic_after (const char *hit, gsize length, const char *stop)
{
    const char *start = hit + length;
    const char *alias;
    char *text;

    start += strspn (start, ">:;,) \t");
    /* The alias comes next, on the same line or the next one (see
     * alias_markers): the reason follows it. */
    alias = start + strspn (start, " \t\r\n");
    if (alias < stop && *alias == '(' && names_alias (alias + 1)) {
        const char *close = memchr (alias, ')', stop - alias);

        if (close != NULL)
            start = close + 1 + strspn (close + 1, ":; \t\r\n");
    }
    if (stop <= start)
        return NULL;
    stop = line_end (start, stop);
    text = bs_text_one_line (start, MIN (stop - start, MAX_DIAGNOSTIC));
    return *text != '\0' ? text : (g_free (text), NULL);
}

/* The whole line of TEXT around HIT, on one line. */
static char *
line_around (const char *text, const char *hit)
{
    const char *start = hit;
    const char *end = strchr (hit, '\n');

    while (start > text && start[-1] != '\n')
        start--;
    return bs_text_one_line (start, end != NULL ? end - start
                                                : (gssize) strlen (start));
}

/* When nothing follows the address (the reason came first, or the address
 * is not in the text at all), a lone recipient gets the whole report and
 * one of several the line that names it. */
static char *
fallback_diagnostic (const char *text, const char *cut, const char *hit,
                     guint count)
{
    if (count == 1)
        return bs_text_one_line (text, MIN (cut - text, MAX_DIAGNOSTIC));
    return hit != NULL ? line_around (text, hit) : NULL;
}

static gboolean
has_code (const char *text, gsize length)
{
    BsSmtpCode code;

    return bs_smtpcode_scan (text, length, &code);
}

/* TRUE if the words after the address carry no code but the report before
 * it does ("Error message below: 550 ...", then the message details). */
static gboolean
code_only_before (const char *text, const char *hit, const char *diagnostic)
{
    return hit != NULL && !has_code (diagnostic, strlen (diagnostic)) &&
           has_code (text, hit - text);
}

/* Where an address of the list is named in the report. */
typedef struct {
    const char *at;   /* the start of the address in the text */
    guint index;      /* in the list of recipients */
} Mention;

/* Every mention of the ADDRESSES in the report, in text order, outside
 * summary lines: one pass over the '@' signs, so that a bounce naming
 * thousands of addresses costs its length, not its length per address. */
static GArray *
mentions (const Prose *prose, GPtrArray *addresses)
{
    g_autoptr (GHashTable) index = g_hash_table_new_full (g_str_hash,
                                                          g_str_equal,
                                                          g_free, NULL);
    GArray *found = g_array_new (FALSE, FALSE, sizeof (Mention));
    const char *text = prose->text;
    const char *end = prose->cut;

    for (guint i = 0; i < addresses->len; i++)
        g_hash_table_insert (index, bs_text_down (
                                 g_ptr_array_index (addresses, i)),
                             GUINT_TO_POINTER (i + 1));
    for (const char *at = memchr (text, '@', end - text); at != NULL;
         at = at + 1 < end ? memchr (at + 1, '@', end - at - 1) : NULL) {
        const char *begin = NULL;
        g_autofree char *address = address_at (text, end, at, &begin);
        g_autofree char *key = address != NULL ? bs_text_down (address)
                                               : NULL;
        guint i = key != NULL ? GPOINTER_TO_UINT (
                                    g_hash_table_lookup (index, key)) : 0;

        if (i != 0 && !on_summary_line (text, begin))
            g_array_append_val (found, ((Mention) { begin, i - 1 }));
    }
    return found;
}

/* The start of the line before the one at LINE in TEXT; NULL at the top. */
static const char *
line_before (const char *text, const char *line)
{
    const char *start = line - 1;

    if (line <= text)
        return NULL;
    while (start > text && start[-1] != '\n')
        start--;
    return start;
}

static gboolean
starts_with (const char *line, const char *prefix)
{
    return g_ascii_strncasecmp (line, prefix, strlen (prefix)) == 0;
}

/* TRUE if LINE, up to its end, names an address. */
static gboolean
line_has_at (const char *line)
{
    const char *end = strchr (line, '\n');

    return memchr (line, '@', end != NULL ? (gsize) (end - line)
                                          : strlen (line)) != NULL;
}

/* Sendmail answers a command that names no recipient (the greeting, MAIL
 * From, DATA) once, then gives each address of that session its own line
 * ("554 <a@b>... Remote protocol error"), which says only that the session
 * failed: the server's reply ("<<< 501 ... open relay") is the reason for
 * each of them, and the session's command is theirs. */
typedef struct {
    const char *reply;     /* the first "<<< " line; NULL if none applies */
    const char *end;       /* the end of the last one */
    const char *command;   /* bs_command_find() of the ">>> " line */
} Session;

/* The session whose reply answers for the address named at HIT, when HIT
 * is on the address's own line below a reply to a command that named no
 * recipient. SESSION->reply stays NULL when the session shows no reply,
 * or answered "RCPT To", which names one address of its own. */
static void
find_session (const char *text, const char *hit, Session *session)
{
    const char *line = hit;
    const char *above;

    *session = (Session) { NULL, NULL, NULL };
    while (line > text && line[-1] != '\n')
        line--;
    if (starts_with (line, "<<< ") || starts_with (line, ">>> ") ||
        !transcript_line (line))
        return;
    /* Skip the MTA's own notes on the session ("421 host... Deferred"). */
    above = line_before (text, line);
    while (above != NULL && transcript_line (above) && !line_has_at (above) &&
           !starts_with (above, "<<< ") && !starts_with (above, ">>> ") &&
           !starts_with (above, "while talking to "))
        above = line_before (text, above);
    for (; above != NULL && starts_with (above, "<<< ");
         above = line_before (text, above)) {
        session->end = session->end != NULL ? session->end
                                            : strchr (above, '\n');
        session->reply = above;
    }
    if (above != NULL && starts_with (above, ">>> ") &&
        !starts_with (above, ">>> rcpt to")) {
        g_autofree char *command = g_strndup (above, strcspn (above, "\n"));

        session->command = bs_command_find (command);
    } else if (above == NULL || !starts_with (above, "while talking to "))
        session->reply = NULL;
}

/* The words of SESSION's reply before DIAGNOSTIC (transfer full), the
 * words after the address, when there is such a reply. */
static char *
with_session_reply (const Session *session, char *diagnostic)
{
    g_autofree char *after = diagnostic;
    g_autofree char *words = NULL;

    if (session->reply == NULL || session->end == NULL)
        return g_steal_pointer (&after);
    words = bs_text_one_line (session->reply,
                              MIN (session->end - session->reply,
                                   MAX_DIAGNOSTIC));
    if (after == NULL)
        return g_steal_pointer (&words);
    return g_strconcat (words, " ", after, NULL);
}

/* Where recipient I is first named, and the stop of its words: the next
 * mention of another recipient, or the copy. */
static const char *
first_mention (const Prose *prose, GArray *found, guint i, const char **stop)
{
    const char *hit = NULL;

    *stop = prose->cut;
    for (guint m = 0; m < found->len; m++) {
        const Mention *mention = &g_array_index (found, Mention, m);

        if (hit == NULL && mention->index == i)
            hit = mention->at;
        else if (hit != NULL && mention->index != i) {
            *stop = mention->at;
            break;
        }
    }
    return hit;
}

/* The diagnostic of recipient I: the words after its first mention, up
 * to the next mention of another recipient (or the copy). */
static char *
diagnostic_of (const Prose *prose, GArray *found, guint i,
               const char *address, guint count)
{
    const char *stop = NULL;
    const char *hit = first_mention (prose, found, i, &stop);
    char *diagnostic = NULL;
    Session session;

    if (hit != NULL) {
        find_session (prose->text, hit, &session);
        diagnostic = with_session_reply (
            &session, diagnostic_after (hit, strlen (address), stop));
    }
    if (diagnostic == NULL || strlen (diagnostic) < 4 ||
        (count == 1 && code_only_before (prose->text, hit, diagnostic))) {
        g_free (diagnostic);
        diagnostic = fallback_diagnostic (prose->text, prose->cut, hit, count);
    }
    return diagnostic;
}

/* The command a session transcript shows sent with recipient I's first
 * mention (">>> RCPT To:<a@b>"), or the one its session's reply answered
 * (see Session), or NULL: the reply that follows is the answer to that
 * command, whatever other sessions in the report show. */
static const char *
transcript_command (const Prose *prose, GArray *found, guint i)
{
    const char *stop = NULL;
    const char *start = first_mention (prose, found, i, &stop);
    Session session;

    if (start == NULL)
        return NULL;
    find_session (prose->text, start, &session);
    if (session.reply != NULL)
        return session.command;
    while (start > prose->text && start[-1] != '\n')
        start--;
    return starts_with (start, ">>> rcpt to") ? "rcpt" : NULL;
}

static void
add_recipients (BsReport *report, BsInput *input, const Prose *prose,
                GPtrArray *addresses)
{
    g_autoptr (GArray) found = mentions (prose, addresses);
    gboolean delayed = contains_any (
        g_mime_message_get_subject (bs_input_message (input)),
        delay_wordings) || folded_has_any (prose->folded, delay_wordings);

    for (guint i = 0; i < addresses->len; i++) {
        const char *address = g_ptr_array_index (addresses, i);
        BsRecipient *recipient = bs_recipient_new ();

        recipient->recipient = g_strdup (address);
        recipient->action = g_strdup (delayed ? "delayed" : "failed");
        recipient->diagnostic = diagnostic_of (prose, found, i, address,
                                               addresses->len);
        recipient->command = g_strdup (transcript_command (prose, found, i));
        g_ptr_array_add (report->recipients, recipient);
    }
}


/* The returned original: an attached message, else the quoted copy. */
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

static void
read_original (BsReport *report, BsInput *input, const char *cut)
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
    Prose prose = { text, bs_input_folded (input), bs_textbounce_cut (text) };
    g_autoptr (GPtrArray) addresses = find_recipients (input, &prose);

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
    read_original (report, input, prose.cut);
    return TRUE;
}
