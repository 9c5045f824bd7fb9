/* bs-command.c: the SMTP command at which delivery failed (RFC 5321
 * section 3), as Postfix, Sendmail and others report it, and the clean-up
 * of unfolded multi-line replies (RFC 5321 section 4.2.1). */
#include <string.h>

#include "bs-command.h"
#include "bs-smtpcode.h"
#include "bs-text.h"

/* Wordings, most specific first: Postfix "(in reply to end of DATA
 * command)", Sendmail transcripts ">>> DATA", Exim "after end of data". */
static const struct {
    const char *needle;
    const char *command;
} wordings[] = {
    { "in reply to end of data command", "data" },
    { "in reply to data command", "data" },
    { "in reply to rcpt to command", "rcpt" },
    { "in reply to mail from command", "mail" },
    { "in reply to helo command", "helo" },
    { "in reply to ehlo command", "helo" },
    { "after end of data", "data" },
    { "after rcpt to", "rcpt" },
    { "after mail from", "mail" },
    { ">>> data", "data" },
    { ">>> rcpt to", "rcpt" },
    { ">>> mail from", "mail" },
    { ">>> ehlo", "helo" },
    { ">>> helo", "helo" },
    { "smtp command data", "data" },
    { "smtp command rcpt", "rcpt" },
    /* Oracle Messaging Server's Status comments and summaries. */
    { "server has rejected address", "rcpt" },
    { "server rejected mail from", "mail" },
    { "while talking to", NULL },
};

/* The wordings in LOWER, a lower-cased text: one fold, then plain
 * strstr, which is much faster than strcasestr per wording. */
static const char *
find_lower (const char *lower)
{
    for (gsize i = 0; i < G_N_ELEMENTS (wordings); i++)
        if (wordings[i].command != NULL &&
            strstr (lower, wordings[i].needle) != NULL)
            return wordings[i].command;
    return NULL;
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
