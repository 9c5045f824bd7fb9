/* bs-command.c: the SMTP command at which delivery failed (RFC 5321
 * section 3), as Postfix, Sendmail and others report it, and the clean-up
 * of unfolded multi-line replies (RFC 5321 section 4.2.1). */
#include <string.h>

#include "bs-command.h"
#include "bs-smtpcode.h"
#include "bs-text.h"

/* Wordings, most specific first, each an opening and the rest, so that a
 * text is searched once per opening rather than once per wording (see
 * each MTA's source for where it writes them):
 *   Postfix smtp_proto.c "(in reply to end of DATA command)", and the
 *     class of a Postfix server's refusal ("Sender address rejected:",
 *     smtpd_dsn_fix.h), "refused to talk to me" at the greeting or HELO;
 *   Exim transports/smtp.c "after [pipelined ]RCPT TO:<...>", "after end
 *     of data", "after initial connection";
 *   Sendmail usersmtp.c transcripts ">>> DATA" and "during client RCPT";
 *   qmail-remote.c "does not like recipient", "but sender was rejected",
 *     "failed after I sent the message", "most progress was RCPT TO
 *     response";
 *   OpenSMTPD mta_session.c "BANNER rejected:", "EHLO rejected:";
 *   Oracle Messaging Server's Status comments; Yahoo's "[RCPT_TO]" tags;
 *   Barracuda's "(at FROM)". */
static const char *const openings[] = {
    "in reply to ", "after ", ">>> ", "smtp command ",
    /* Oracle Messaging Server's Status comments and summaries. */
    "server ",
    "during client ", "does not like recipient", "but ", "failed ",
    "refused to talk to me", "[", "(at ", "most progress was ", "smtp:",
};
static const struct {
    guint opening;
    const char *rest;
    const char *command;
} wordings[] = {
    { 0, "end of data command", "data" },
    { 0, "data command", "data" },
    { 0, "rcpt to command", "rcpt" },
    { 0, "mail from command", "mail" },
    { 0, "helo command", "helo" },
    { 0, "ehlo command", "helo" },
    { 1, "end of data", "data" },
    { 1, "sending data block", "data" },
    { 1, "rcpt", "rcpt" },
    { 1, "pipelined rcpt to", "rcpt" },
    { 1, "mail from", "mail" },
    { 1, "pipelined mail from", "mail" },
    { 1, "initial connection", "connect" },
    { 1, "data", "data" },
    { 1, "ehlo ", "helo" },
    { 1, "helo ", "helo" },
    { 2, "data", "data" },
    { 2, "rcpt to", "rcpt" },
    { 2, "mail from", "mail" },
    { 2, "ehlo", "helo" },
    { 2, "helo", "helo" },
    { 3, "data", "data" },
    { 3, "rcpt", "rcpt" },
    { 4, "has rejected address", "rcpt" },
    { 4, "rejected mail from", "mail" },
    { 5, "rcpt", "rcpt" },
    { 5, "data", "data" },
    { 5, "mail", "mail" },
    { 5, "greeting", "connect" },
    { 5, "ehlo", "helo" },
    { 5, "helo", "helo" },
    { 6, "", "rcpt" },
    { 7, "sender was rejected", "mail" },
    { 7, "greeting failed", "connect" },
    { 7, "my name was rejected", "helo" },
    { 8, "on data command", "data" },
    { 8, "after i sent the message", "data" },
    { 9, "", "connect" },
    { 10, "rcpt_to]", "rcpt" },
    { 10, "mail_from]", "mail" },
    { 10, "data]", "data" },
    { 11, "from)", "mail" },
    { 11, "rcpt)", "rcpt" },
    { 12, "rcpt to", "rcpt" },
    { 12, "mail from", "mail" },
    { 12, "data", "data" },
    { 13, "rcpt", "rcpt" },
    { 13, "mail", "mail" },
    { 13, "data", "data" },
};

/* Refusals whose subject names the command, as a Postfix server writes
 * them (smtpd_dsn_fix.h) and OpenSMTPD's client reports them: the text
 * just before " rejected". */
static const struct {
    const char *before;
    const char *command;
} refused[] = {
    { "recipient address", "rcpt" }, { "sender address", "mail" },
    { "client host", "connect" }, { "helo command", "helo" },
    { "data command", "data" }, { "end-of-data", "data" },
    { "banner", "connect" }, { "ehlo", "helo" }, { "helo", "helo" },
};

/* The first wording (in the order above) that LOWER, a lower-cased text,
 * contains: one fold, then plain strstr, much faster than strcasestr. */
/* The command named by the first "<subject> rejected" in LOWER that
 * names one, or NULL. */
static const char *
refused_command (const char *lower)
{
    for (const char *hit = strstr (lower, " rejected"); hit != NULL;
         hit = strstr (hit + 1, " rejected"))
        for (gsize i = 0; i < G_N_ELEMENTS (refused); i++) {
            gsize length = strlen (refused[i].before);

            if ((gsize) (hit - lower) >= length &&
                memcmp (hit - length, refused[i].before, length) == 0)
                return refused[i].command;
        }
    return NULL;
}

/* The first wording (in the order above) that LOWER, a lower-cased text,
 * contains: one fold, then plain strstr, much faster than strcasestr. A
 * "<subject> rejected" counts only when no wording does: "in reply to
 * RCPT TO command" says when a Postfix server refused the sender. */
static const char *
find_lower (const char *lower)
{
    gboolean found[G_N_ELEMENTS (wordings)] = { FALSE };

    for (guint o = 0; o < G_N_ELEMENTS (openings); o++) {
        gsize length = strlen (openings[o]);

        for (const char *hit = strstr (lower, openings[o]); hit != NULL;
             hit = strstr (hit + 1, openings[o]))
            for (gsize i = 0; i < G_N_ELEMENTS (wordings); i++)
                found[i] |= wordings[i].opening == o &&
                            strncmp (hit + length, wordings[i].rest,
                                     strlen (wordings[i].rest)) == 0;
    }
    for (gsize i = 0; i < G_N_ELEMENTS (wordings); i++)
        if (found[i])
            return wordings[i].command;
    return refused_command (lower);
}

const char *
bs_command_find (const char *text)
{
    g_autofree char *lower = NULL;

    if (text == NULL)
        return NULL;
    lower = g_ascii_strdown (text, -1);
    return find_lower (lower);
}

void
bs_command_join_reply (char *text)
{
    BsSmtpCode code;
    char prefix[BS_SMTPCODE_REPLY_SIZE + BS_SMTPCODE_STATUS_SIZE + 1];
    gsize prefix_length;
    char *from;

    if (text == NULL || !bs_smtpcode_scan (text, strlen (text), &code) ||
        !*code.reply_code || !*code.status ||
        code.status_offset != code.reply_offset + 4)
        return;
    /* Only "550-5.1.1" / "550 5.1.1" counts: the shape of a reply line. */
    prefix_length = 4 + strlen (code.status);
    memcpy (prefix, text + code.reply_offset, prefix_length);
    prefix[prefix_length] = '\0';
    from = text + code.reply_offset + prefix_length;
    for (char *hit; (hit = strstr (from, prefix + 4)) != NULL;) {
        char *start = hit - 4;
        char *end = hit + prefix_length - 4;

        if (start < from || strncmp (start, prefix, 3) != 0 ||
            (start[3] != '-' && start[3] != ' ')) {
            from = hit + 1;
            continue;
        }
        if (start > text && start[-1] == ' ' && *end == ' ')
            end++;
        memmove (start, end, strlen (end) + 1);
        from = start;
    }
}

/* FOLDED with each run of white space made one space, the way a reply
 * folded over several lines reads. (transfer full) */
static char *
one_line_folded (const char *folded)
{
    char *line = g_malloc (strlen (folded) + 1);
    char *out = line;

    for (const char *p = folded; *p != '\0'; p++) {
        if (!g_ascii_isspace (*p))
            *out++ = *p;
        else if (out > line && out[-1] != ' ')
            *out++ = ' ';
    }
    *out = '\0';
    return line;
}

void
bs_command_from_text (BsReport *report, const char *folded)
{
    g_autofree char *line = NULL;
    const char *command = NULL;

    if (folded == NULL)
        return;
    line = one_line_folded (folded);
    command = find_lower (line);
    for (guint i = 0; command != NULL && i < report->recipients->len; i++) {
        BsRecipient *recipient = g_ptr_array_index (report->recipients, i);

        if (recipient->command != NULL ||
            (recipient->diagnostic != NULL &&
             bs_command_find (recipient->diagnostic) != NULL))
            continue;
        bs_set_string (&recipient->command, command);
    }
}
