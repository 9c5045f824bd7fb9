/* bs-fml.c: the notices of the fml mailing-list manager. fml marks what it
 * sends with "X-MLServer: fml [fml 4.0 ...]" (fml4 kern/libsmtputils.pl;
 * fml8 FML/Header.pm, which adds List-Software too), articles and notices
 * alike, so a notice is told by its words: fml4's reply to a poster it
 * refused ("you are not member.", messages/English/info "info.reject",
 * the "--<list>, Be Seeing You!" closing of libkernsubr.pl __Notify()),
 * its notices to the maintainer ("NOT MEMBER article from <poster>",
 * kern/fml.pl), fml8's "error: you are not a member of this <list>
 * mailing list." (share/message/.../error/not_member). These are no DSNs:
 * the party the list refused is the poster, named in a notice to the
 * maintainer, else the notice's own To. */
#include <string.h>

#include "bs-address.h"
#include "bs-fml.h"
#include "bs-prose.h"
#include "bs-text.h"
#include "bs-textbounce.h"

#define MARKERS(...) ((const char *const[]) { __VA_ARGS__, NULL })

/* "not a member" in fml4's Japanese templates (messages/Japanese/info,
 * "info.reject"), as UTF-8. */
#define NOT_A_MEMBER_JA                                                     \
    "\xe3\x83\xa1\xe3\x83\xb3\xe3\x83\x90\xe3\x83\xbc\xe3\x81\xa7"        \
    "\xe3\x81\xaf\xe3\x81\xaa\xe3\x81\x84"

static const char *const software_headers[] = {
    "X-MLServer", "List-Software", NULL,
};

/* Words of fml's own notices, lower case (see the top of this file; the
 * maintainer's "fml system error message", "Loop Alert:" and "Loop Back
 * Warning:", kern/fml.pl and libkernsubr.pl). */
static const char *const notice_words[] = {
    "not member", "not a member", "be seeing you", "fml status report",
    "fml system error", "reject", "loop alert", "loop back warning",
    "spam mail", NOT_A_MEMBER_JA, NULL,
};

/* Where a notice's own words end: fml4's "Original mail as follows:"
 * (kern/fml.pl WarnE()), fml8's "The first N bytes of this message
 * follows:" (FML/Process/Distribute.pm), fml4's closing line. */
static const char *const notice_ends[] = {
    "original mail as follows", "of this message follows",
    "be seeing you", NULL,
};

/* The words before the poster's address, and blanks: "NOT MEMBER
 * article from a@b", "reject mail from a@b", the "From\t\ta@b" line of
 * "Reject Spammers:" (kern/fml.pl), "You a@b are not member" (the subject
 * of fml4's deny file reply). */
static const char *const poster_leads[] = { "from", "you", NULL };

/* The count fields fml gives each article it distributes (fml4 kern;
 * fml8 FML/Header.pm), and never a notice. */
static const char *const article_headers[] = {
    "X-Mail-Count", "X-ML-Count", "X-Sequence", NULL,
};

/* TRUE if INPUT is a notice fml sent: marked as fml's, but no article. */
static gboolean
fml_notice (BsInput *input)
{
    gboolean fml = FALSE;

    for (const char *const *name = software_headers; *name != NULL; name++) {
        const char *value = bs_prose_header (input, *name);

        if (value != NULL &&
            g_ascii_strncasecmp (value + strspn (value, " \t"), "fml", 3) == 0)
            fml = TRUE;
    }
    for (const char *const *name = article_headers; fml && *name != NULL;
         name++)
        if (bs_prose_header (input, *name) != NULL)
            return FALSE;
    return fml;
}

/* The start of the line of TEXT that holds HIT. */
static const char *
line_start (const char *text, const char *hit)
{
    while (hit > text && hit[-1] != '\n')
        hit--;
    return hit;
}

/* The length of the notice's own words at the start of PROSE: up to the
 * line that ends them, or the returned copy. */
static gsize
notice_length (const BsProse *prose)
{
    gsize length = prose->cut - prose->text;

    for (const char *const *end = notice_ends; *end != NULL; end++) {
        const char *hit = strstr (prose->folded, *end);

        if (hit != NULL)
            hit = line_start (prose->folded, hit);
        if (hit != NULL && (gsize) (hit - prose->folded) < length)
            length = hit - prose->folded;
    }
    return length;
}

/* The length of the first paragraph of the LENGTH bytes at TEXT: fml's
 * message itself; what follows explains it (fml8's "virus or spammer
 * forges your mail address" would read as a virus found). */
static gsize
first_paragraph (const char *text, gsize length)
{
    const char *start = text + strspn (text, " \t\r\n");
    const char *blank;

    if ((gsize) (start - text) >= length)
        return 0;
    blank = g_strstr_len (start, length - (start - text), "\n\n");
    return blank != NULL ? (gsize) (blank - text) : length;
}

/* The address right after one of poster_leads in the LENGTH bytes of
 * TEXT, or NULL. (transfer full) */
static char *
poster_in (const char *text, gsize length)
{
    g_autofree char *folded = bs_text_ascii_down (text, length);

    for (const char *const *lead = poster_leads; *lead != NULL; lead++)
        for (const char *hit = strstr (folded, *lead); hit != NULL;
             hit = strstr (hit + 1, *lead)) {
            const char *word = text + (hit - folded) + strlen (*lead);
            gsize blanks = strspn (word, " \t");
            g_autofree char *token = g_strndup (
                word + blanks, strcspn (word + blanks, " \t\r\n,;()"));
            char *address = blanks > 0 ? bs_address_parse (token) : NULL;

            if (address != NULL)
                return address;
        }
    return NULL;
}

/* TRUE if ADDRESS is the list's own: the maintainer the notice comes
 * from, or an address its list headers give. */
static gboolean
list_own (BsInput *input, const char *address)
{
    static const char *const names[] = {
        "From", "X-ML-Info", "List-Post", "List-Owner", "List-Help",
        "List-Subscribe", "List-Unsubscribe", NULL,
    };

    for (const char *const *name = names; *name != NULL; name++) {
        const char *value = bs_prose_header (input, *name);

        if (value != NULL && strcasestr (value, address) != NULL)
            return TRUE;
    }
    return FALSE;
}

/* The first mailbox of the notice's To unless it is the list's own.
 * (transfer full) */
static char *
notice_to (BsInput *input)
{
    InternetAddressList *to = g_mime_message_get_to (bs_input_message (input));
    InternetAddress *first = to != NULL && internet_address_list_length (to) > 0
        ? internet_address_list_get_address (to, 0) : NULL;
    char *address = first != NULL && INTERNET_ADDRESS_IS_MAILBOX (first)
        ? bs_address_parse (internet_address_mailbox_get_addr (
              INTERNET_ADDRESS_MAILBOX (first)))
        : NULL;

    if (address != NULL && list_own (input, address))
        g_clear_pointer (&address, g_free);
    return address;
}

/* The poster the notice is about: named in its subject or words, else
 * its To. (transfer full) */
static char *
refused_party (BsInput *input, const char *subject, const BsProse *prose,
               gsize length)
{
    char *address = subject != NULL ? poster_in (subject, strlen (subject))
                                    : NULL;

    if (address == NULL)
        address = poster_in (prose->text, length);
    if (address == NULL)
        address = notice_to (input);
    return address;
}

/* The returned mail: attached, or after the line that announces it (the
 * first two of notice_ends). */
static void
read_original (BsReport *report, BsInput *input, const BsProse *prose)
{
    for (guint i = 0; i < 2; i++) {
        const char *hit = strstr (prose->folded, notice_ends[i]);
        const char *line_end = hit != NULL ? strchr (hit, '\n') : NULL;

        if (line_end != NULL) {
            bs_textbounce_read_original (
                report, input, prose->text + (line_end - prose->folded));
            return;
        }
    }
    bs_textbounce_read_original (report, input, prose->cut);
}

/* What fml's notices that refuse a post mean, in fml's own terms
 * (kern/fml.pl: RejectHandler() logs that the From: "is not member"; the
 * spammers of $REJECT_ADDR_LIST; $REJECT_ADDR, addresses no person
 * posts from), for the rules to read with the notice's words. */
static const struct {
    const char *const *markers;   /* lower case, in the subject or text */
    const char *meaning;
} refusals[] = {
    { MARKERS ("spam mail", "reject spammers"),
      "rejected as spam: the sender is on the list's spammer list" },
    { MARKERS ("not member", "not a member", NOT_A_MEMBER_JA),
      "the list rejected the post: the sender is not a member of this list" },
    { MARKERS ("reject mail from"),
      "mail from the sender rejected: not a personal address" },
};

static const char *
meaning (const char *subject, const char *folded)
{
    for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
        if (bs_prose_folded_has_any (subject, refusals[i].markers) ||
            bs_prose_folded_has_any (folded, refusals[i].markers))
            return refusals[i].meaning;
    return NULL;
}

/* The row for ADDRESS (taken): the notice's first paragraph, else its
 * SUBJECT, says what happened. */
static void
add_row (BsReport *report, char *address, const BsProse *prose,
         gsize length, const char *subject, const char *note)
{
    BsRecipient *recipient = bs_recipient_new ();

    recipient->recipient = address;
    recipient->action = g_strdup ("failed");
    recipient->status_note = g_strdup (note);
    length = first_paragraph (prose->text, length);
    if (length > 0)
        recipient->diagnostic = bs_text_one_line (
            prose->text, MIN (length, BS_PROSE_MAX_DIAGNOSTIC));
    else if (subject != NULL)
        recipient->diagnostic = bs_text_one_line (subject, -1);
    g_ptr_array_add (report->recipients, recipient);
    bs_report_trace (report, "  fml notice about %s", address);
}

gboolean
bs_fml_read (BsReport *report, BsInput *input)
{
    const char *text = bs_input_text (input);
    BsProse prose = { text, bs_input_folded (input), bs_prose_cut (text) };
    const char *subject = NULL;
    g_autofree char *folded_subject = NULL;
    char *address;
    gsize length;

    if (!fml_notice (input))
        return FALSE;
    subject = g_mime_message_get_subject (bs_input_message (input));
    folded_subject = g_ascii_strdown (subject != NULL ? subject : "", -1);
    length = notice_length (&prose);
    if (!bs_prose_folded_has_any (folded_subject, notice_words) &&
        !bs_prose_folded_has_any (prose.folded, notice_words))
        return FALSE;
    if ((address = refused_party (input, subject, &prose, length)) == NULL)
        return FALSE;
    add_row (report, address, &prose, length, subject,
             meaning (folded_subject, prose.folded));
    read_original (report, input, &prose);
    return TRUE;
}
