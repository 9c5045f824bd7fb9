/* bs-smtpcode.c: finds SMTP reply codes (RFC 5321 section 4.2) and enhanced
 * status codes (RFC 3463 section 2) in free text such as a Diagnostic-Code.
 * A byte-wise state machine finds the shapes; the text around a candidate
 * then decides whether it is a code or an IP address, a version, a date, a
 * size, a count or a port. */
#include <stdlib.h>
#include <string.h>

#include "bs-smtpcode.h"

/* Context is looked at no further than this around a candidate, so a scan
 * stays linear however much white space the text holds. */
#define CONTEXT_MAX 32
/* Longer than every word in the lists below. */
#define WORD_MAX 16
/* Subject and detail have 1 to 3 digits (RFC 3463 section 2). */
#define PART_DIGITS_MAX 3

/* The caps above keep a status within "5.123.123". */
G_STATIC_ASSERT (BS_SMTPCODE_STATUS_SIZE > 1 + 1 + PART_DIGITS_MAX + 1 +
                 PART_DIGITS_MAX);

typedef enum {
    STATE_GAP,          /* a code may start at the next byte */
    STATE_WORD,         /* inside some token: no code may start here */
    STATE_FIRST,        /* "5": a reply code or an enhanced code's class */
    STATE_SECOND,       /* "55" */
    STATE_THIRD,        /* "550": a reply code if the next byte allows it */
    STATE_REPLY_DASH,   /* "550-": a line of a multi-line reply */
    STATE_DASH_CLASS,   /* "550-5" */
    STATE_CLASS_DOT,    /* "5." */
    STATE_SUBJECT,      /* "5.1", up to three digits */
    STATE_SUBJECT_DOT,  /* "5.1." */
    STATE_DETAIL,       /* "5.1.1", up to three digits */
    STATE_DETAIL_DOT,   /* "5.1.1.": a full stop, or an IP address */
} State;

typedef enum {
    CHAR_DIGIT,
    CHAR_DOT,
    CHAR_DASH,
    CHAR_SPACE,
    CHAR_COLON,    /* opens after a gap, but is host:port after a word */
    CHAR_OPEN,     /* ( [ < # = : a code may start after it */
    CHAR_DELIM,    /* ; " ' : a code may start after it or end before it */
    CHAR_CLOSE,    /* ) ] > , : a reply code may end before it */
    CHAR_LETTER,   /* ASCII letters only */
    CHAR_OTHER,    /* anything else: / + % @, NUL, bytes above 127 */
    CHAR_END,      /* not a byte: the end of the text */
} CharClass;

typedef struct {
    const char *text;
    gsize length;
    gsize position;        /* of the byte being classified */
    gsize start;           /* of the candidate being read */
    gssize pending_reply;  /* a "550-" waiting for its status, or -1 */
    guint digits;          /* in the subject or detail being read */
    BsSmtpCode *result;
} Scanner;

/* A status preceded by one of these words is a software version. */
static const char *const version_words[] = {
    "build", "exim", "postfix", "release", "rev", "sendmail", "v", "ver",
    "version", NULL,
};

/* A three-digit number preceded by one of these words is not a reply. */
static const char *const number_words[] = {
    "bytes", "id", "length", "lines", "pid", "port", "size", "ticket", NULL,
};

/* A three-digit number followed by one of these words is a quantity. Only
 * plurals for the nouns, since "550 Message rejected" and "550 Recipient
 * address rejected" are replies. */
static const char *const unit_words[] = {
    "attempts", "byte", "bytes", "days", "gb", "hours", "k", "kb", "mb",
    "messages", "min", "mins", "minutes", "ms", "octets", "recipients",
    "retries", "s", "sec", "seconds", "secs", "times", NULL,
};

G_ALWAYS_INLINE static inline CharClass
classify (guchar byte)
{
    if (g_ascii_isdigit (byte))
        return CHAR_DIGIT;
    if (g_ascii_isalpha (byte))
        return CHAR_LETTER;
    if (g_ascii_isspace (byte))
        return CHAR_SPACE;
    switch (byte) {
    case '.': return CHAR_DOT;
    case '-': return CHAR_DASH;
    case ':': return CHAR_COLON;
    case '(': case '[': case '<': case '#': case '=': return CHAR_OPEN;
    case ';': case '"': case '\'': return CHAR_DELIM;
    case ')': case ']': case '>': case ',': return CHAR_CLOSE;
    default: return CHAR_OTHER;
    }
}

static gboolean
is_class_digit (guchar byte)
{
    return byte == '2' || byte == '4' || byte == '5';
}

/* Where the scanner goes when nothing is being read before a byte of KLASS:
 * only white space and openers let the next byte start a code. */
static State
settle (CharClass klass)
{
    if (klass == CHAR_SPACE || klass == CHAR_OPEN || klass == CHAR_DELIM)
        return STATE_GAP;
    return STATE_WORD;
}

static gboolean
word_in (const char *word, gsize length, const char *const *list)
{
    for (; *list != NULL; list++) {
        if (strlen (*list) == length &&
            g_ascii_strncasecmp (word, *list, length) == 0)
            return TRUE;
    }
    return FALSE;
}

/* Labels are written "version 2.6.0", "version: 2.6.0", "ticket #554",
 * "Size (in bytes): 212". */
static gboolean
is_label_gap (char byte)
{
    return g_ascii_isspace (byte) || byte == ':' || byte == '=' ||
        byte == '#' || byte == '(' || byte == ')';
}

/* TRUE if the letters just before POSITION, past any label gap, are a
 * whole word in LIST (case-insensitive). */
static gboolean
word_before_in (const Scanner *scanner, gsize position,
                const char *const *list)
{
    const char *text = scanner->text;
    gsize end = position;
    gsize begin;

    while (end > 0 && position - end < CONTEXT_MAX &&
           is_label_gap (text[end - 1]))
        end--;
    begin = end;
    while (begin > 0 && end - begin < WORD_MAX &&
           g_ascii_isalpha (text[begin - 1]))
        begin--;
    /* A longer run of letters is no word of ours. */
    if (begin > 0 && g_ascii_isalpha (text[begin - 1]))
        return FALSE;
    return word_in (text + begin, end - begin, list);
}

/* TRUE if white space and then a unit word or '%' follow POSITION. */
static gboolean
unit_after (const Scanner *scanner, gsize position)
{
    const char *text = scanner->text;
    gsize limit = MIN (scanner->length, position + CONTEXT_MAX);
    gsize begin = position;
    gsize end;

    while (begin < limit && g_ascii_isspace (text[begin]))
        begin++;
    if (begin == position || begin >= scanner->length)
        return FALSE;
    if (text[begin] == '%')
        return TRUE;
    end = begin;
    /* Runs past WORD_MAX end up too long to match, as they should. */
    while (end < scanner->length && end - begin <= WORD_MAX &&
           g_ascii_isalpha (text[end]))
        end++;
    return word_in (text + begin, end - begin, unit_words);
}

/* Records the reply code at START unless one was found already or the
 * words around it make it a port, an id or a quantity. */
static void
accept_reply (Scanner *scanner, gsize start)
{
    BsSmtpCode *result = scanner->result;
    gsize length = BS_SMTPCODE_REPLY_SIZE - 1;

    if (result->reply_offset >= 0 ||
        word_before_in (scanner, start, number_words) ||
        unit_after (scanner, start + length))
        return;
    memcpy (result->reply_code, scanner->text + start, length);
    result->reply_code[length] = '\0';
    result->reply_offset = (gssize) start;
}

/* Records the status from the candidate's start to END unless it is a
 * version, and with it the reply of a "550-5.1.1" line. */
static void
accept_status (Scanner *scanner, gsize end)
{
    BsSmtpCode *result = scanner->result;
    gssize pending_reply = scanner->pending_reply;
    gsize start = scanner->start;

    scanner->pending_reply = -1;
    if (word_before_in (scanner, start, version_words))
        return;
    if (pending_reply >= 0)
        accept_reply (scanner, (gsize) pending_reply);
    if (result->status_offset >= 0)
        return;
    memcpy (result->status, scanner->text + start, end - start);
    result->status[end - start] = '\0';
    result->status_offset = (gssize) start;
}

/* Forgets a "550-" whose status did not come, and goes to NEXT. */
static State
drop_reply (Scanner *scanner, State next)
{
    scanner->pending_reply = -1;
    return next;
}

/* state        byte                     next           action
 * ----------   ----------------------   ------------   ------------------
 * GAP          digit 2, 4, 5            FIRST          start candidate
 * GAP          ':'                      GAP
 * GAP          anything else            settle
 * WORD         anything                 settle         (':' stays WORD:
 *                                                      host:port, 14:15)
 * FIRST        digit 0-5                SECOND
 * FIRST        digit 6-9                WORD
 * FIRST        '.'                      CLASS_DOT
 * FIRST        anything else            settle
 * SECOND       digit                    THIRD
 * SECOND       anything else            settle
 * THIRD        '-'                      REPLY_DASH
 * THIRD        space ; " ' ) ] > , end  settle         accept reply
 * THIRD        anything else            WORD           (4+ digits, IP,
 *                                                      250ms, 14:15, 5%)
 * REPLY_DASH   digit 2, 4, 5            DASH_CLASS     pend reply, start
 * REPLY_DASH   other digit              WORD           (555-1234)
 * REPLY_DASH   anything else, end       settle         accept reply
 * DASH_CLASS   '.'                      CLASS_DOT
 * DASH_CLASS   anything else            settle         drop reply
 * CLASS_DOT    digit                    SUBJECT        digits = 1
 * CLASS_DOT    anything else            settle         drop reply
 * SUBJECT      digit, digits < 3        SUBJECT        digits + 1
 * SUBJECT      '.'                      SUBJECT_DOT
 * SUBJECT      anything else            settle         drop reply
 * SUBJECT_DOT  digit                    DETAIL         digits = 1
 * SUBJECT_DOT  anything else            settle         drop reply
 * DETAIL       digit, digits < 3        DETAIL         digits + 1
 * DETAIL       '.'                      DETAIL_DOT
 * DETAIL       digit, letter            WORD           drop reply
 * DETAIL       anything else, end       settle         accept status
 * DETAIL_DOT   digit, letter            WORD           drop reply (IP,
 *                                                      1.2.3.4, host name)
 * DETAIL_DOT   anything else, end       settle         accept status
 *
 * "settle" is GAP after white space, ( [ < # = ; " ' and WORD after
 * anything else, the end included. Accepting checks the words around the
 * candidate (accept_reply, accept_status) and may still refuse it.
 *
 * The function is longer than our usual 40 lines on purpose: one switch
 * keeps every transition of the table above in one place. It is inlined
 * into the scanning loop: a call per byte cost a third of the scan. */
G_ALWAYS_INLINE static inline State
step (Scanner *scanner, State state, CharClass klass, guchar byte)
{
    switch (state) {
    case STATE_GAP:
        if (klass == CHAR_DIGIT && is_class_digit (byte)) {
            scanner->start = scanner->position;
            return STATE_FIRST;
        }
        return klass == CHAR_COLON ? STATE_GAP : settle (klass);
    case STATE_WORD:
        return settle (klass);
    case STATE_FIRST:
        if (klass == CHAR_DIGIT)
            return byte <= '5' ? STATE_SECOND : STATE_WORD;
        return klass == CHAR_DOT ? STATE_CLASS_DOT : settle (klass);
    case STATE_SECOND:
        return klass == CHAR_DIGIT ? STATE_THIRD : settle (klass);
    case STATE_THIRD:
        if (klass == CHAR_DASH)
            return STATE_REPLY_DASH;
        if (klass != CHAR_SPACE && klass != CHAR_DELIM &&
            klass != CHAR_CLOSE && klass != CHAR_END)
            return STATE_WORD;
        accept_reply (scanner, scanner->start);
        return settle (klass);
    case STATE_REPLY_DASH:
        if (klass != CHAR_DIGIT) {
            accept_reply (scanner, scanner->start);
            return settle (klass);
        }
        if (!is_class_digit (byte))
            return STATE_WORD;
        scanner->pending_reply = (gssize) scanner->start;
        scanner->start = scanner->position;
        return STATE_DASH_CLASS;
    case STATE_DASH_CLASS:
        if (klass == CHAR_DOT)
            return STATE_CLASS_DOT;
        return drop_reply (scanner, settle (klass));
    case STATE_CLASS_DOT:
    case STATE_SUBJECT_DOT:
        if (klass != CHAR_DIGIT)
            return drop_reply (scanner, settle (klass));
        scanner->digits = 1;
        return state == STATE_CLASS_DOT ? STATE_SUBJECT : STATE_DETAIL;
    case STATE_SUBJECT:
    case STATE_DETAIL:
        if (klass == CHAR_DIGIT && scanner->digits < PART_DIGITS_MAX) {
            scanner->digits++;
            return state;
        }
        if (klass == CHAR_DOT)
            return state == STATE_SUBJECT ? STATE_SUBJECT_DOT
                                          : STATE_DETAIL_DOT;
        if (state == STATE_SUBJECT ||
            klass == CHAR_DIGIT || klass == CHAR_LETTER)
            return drop_reply (scanner, settle (klass));
        accept_status (scanner, scanner->position);
        return settle (klass);
    case STATE_DETAIL_DOT:
        if (klass == CHAR_DIGIT || klass == CHAR_LETTER)
            return drop_reply (scanner, STATE_WORD);
        accept_status (scanner, scanner->position - 1);
        return settle (klass);
    }
    return STATE_WORD;
}

static gboolean
scan_done (const BsSmtpCode *result)
{
    return result->reply_offset >= 0 && result->status_offset >= 0;
}

gboolean
bs_smtpcode_scan (const char *text, gsize length, BsSmtpCode *result)
{
    Scanner scanner = { .text = text, .length = length,
                        .pending_reply = -1, .result = result };
    State state = STATE_GAP;

    g_return_val_if_fail (result != NULL, FALSE);
    memset (result, 0, sizeof *result);
    result->reply_offset = -1;
    result->status_offset = -1;
    g_return_val_if_fail (text != NULL || length == 0, FALSE);

    for (; scanner.position < length && !scan_done (result);
         scanner.position++) {
        guchar byte = (guchar) text[scanner.position];

        state = step (&scanner, state, classify (byte), byte);
    }
    if (!scan_done (result))
        step (&scanner, state, CHAR_END, '\0');
    return result->reply_offset >= 0 || result->status_offset >= 0;
}

/* The number of digits at TEXT, counting no further than one past what a
 * part may have. */
static gsize
leading_digits (const char *text)
{
    gsize count = 0;

    while (count <= PART_DIGITS_MAX && g_ascii_isdigit (text[count]))
        count++;
    return count;
}

gboolean
bs_smtpcode_status_valid (const char *status)
{
    gsize subject;
    gsize detail;

    if (status == NULL || !is_class_digit ((guchar) status[0]) ||
        status[1] != '.')
        return FALSE;
    subject = leading_digits (status + 2);
    if (subject < 1 || subject > PART_DIGITS_MAX || status[2 + subject] != '.')
        return FALSE;
    detail = leading_digits (status + 3 + subject);
    return detail >= 1 && detail <= PART_DIGITS_MAX &&
        status[3 + subject + detail] == '\0';
}

/* How much STATUS says: -1 when it is no valid code, then one point each
 * for a subject and a detail that are not the "undefined" 0. */
static int
specificity (const char *status)
{
    const char *detail;

    if (!bs_smtpcode_status_valid (status))
        return -1;
    detail = strchr (status + 2, '.') + 1;
    return (atoi (status + 2) != 0) + (atoi (detail) != 0);
}

const char *
bs_smtpcode_more_specific (const char *a, const char *b)
{
    int a_specificity = specificity (a);
    int b_specificity = specificity (b);

    if (a_specificity < 0)
        return b_specificity >= 0 ? b : a;
    if (b_specificity < 0 || a[0] != b[0])
        return a;
    return b_specificity > a_specificity ? b : a;
}
