/* bs-diagnostic.c: what a prose bounce says about each failed address:
 * the words after its first mention, up to the next address or the
 * returned copy; in a Sendmail transcript, also the reply of the session
 * it was named in, and the SMTP command that reply answered. */
#include <string.h>

#include "bs-command.h"
#include "bs-diagnostic.h"
#include "bs-smtpcode.h"
#include "bs-text.h"

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
    if (alias < stop && *alias == '(' && bs_prose_names_alias (alias + 1)) {
        const char *close = memchr (alias, ')', stop - alias);

        if (close != NULL)
            start = close + 1 + strspn (close + 1, ":; \t\r\n");
    }
    if (stop <= start)
        return NULL;
    stop = line_end (start, stop);
    text = bs_text_one_line (start, MIN (stop - start, BS_PROSE_MAX_DIAGNOSTIC));
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
        return bs_text_one_line (text, MIN (cut - text, BS_PROSE_MAX_DIAGNOSTIC));
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
GArray *
bs_diagnostic_mentions (const BsProse *prose, GPtrArray *addresses)
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
        g_autofree char *address = bs_prose_address_at (text, end, at, &begin);
        g_autofree char *key = address != NULL ? bs_text_down (address)
                                               : NULL;
        guint i = key != NULL ? GPOINTER_TO_UINT (
                                    g_hash_table_lookup (index, key)) : 0;

        if (i != 0 && !bs_prose_on_summary_line (text, begin))
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
                                   BS_PROSE_MAX_DIAGNOSTIC));
    if (after == NULL)
        return g_steal_pointer (&words);
    return g_strconcat (words, " ", after, NULL);
}

/* Where recipient I is first named, and the stop of its words: the next
 * mention of another recipient, or the copy. */
static const char *
first_mention (const BsProse *prose, GArray *found, guint i, const char **stop)
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
char *
bs_diagnostic_of (const BsProse *prose, GArray *found, guint i,
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
const char *
bs_diagnostic_command (const BsProse *prose, GArray *found, guint i)
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
