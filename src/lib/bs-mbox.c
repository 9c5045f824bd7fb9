/* bs-mbox.c: an mbox split into messages the way its writers write it
 * (RFC 4155; mboxo, mboxrd, mboxcl and mboxcl2 as in qmail's mbox(5)): a
 * From_ line separates where it starts the stream or follows a blank line,
 * and a header field follows it; mboxrd's ">From " quoting is undone; a
 * Content-Length that ends at a From_ line is trusted. One buffer holds
 * the message being read (until it proves too large) and what was read
 * ahead. Where a separator is in doubt we split so that no later message
 * is lost, and say so: losing mail is worse than misreading one message. */
#include <string.h>

#include "bs-mbox.h"

/* Bytes asked of the stream per read. */
#define READ_SIZE 65536
/* Longest piece of a line looked at at once: a From_ line is shorter, and
 * a longer line is looked at in pieces. */
#define LINE_CAP 4096
/* Bytes of the line after a From_ line read ahead to see whether it is a
 * header field: a field name fits. */
#define PEEK 1024
/* How much of a file bs_mbox_detect() looks at. */
#define DETECT_SIZE 4096
/* Most doubts said about one message. */
#define MAX_DOUBTS 8

struct _BsMbox {
    GInputStream *stream;
    gsize max_size;
    guint8 *data;         /* what was read and is still needed */
    gsize length;
    gsize room;           /* allocated for DATA */
    gint64 base;          /* stream offset of the buffer's first byte */
    gsize start;          /* where the current message starts in it */
    gsize consumed;       /* where the one after the last returned starts */
    gboolean eof;
    gboolean started;     /* the start of the first message was sought */
    gboolean headless;    /* the first message has no From_ line */
    gint64 skipped;       /* bytes before the first From_ line */
    GPtrArray *doubts;    /* about the message being read or returned */
    GPtrArray *pending;   /* about the one after it */
};

/* Where one message is being read. Positions are buffer offsets. */
typedef struct {
    gint64 offset;        /* stream offset of the message */
    gsize first;          /* the message's first byte, until it is dropped */
    gsize pos;            /* the next piece of a line */
    gsize content;        /* the message's first byte after its From_ line */
    gint64 dropped;       /* bytes of a too large message let go */
    gboolean line_start;  /* the next piece starts a line */
    gsize blank;          /* the last piece was a blank line this long */
    gboolean header;      /* still in the header */
    gsize end;            /* where the message's own bytes end */
    gsize next;           /* where the next message starts */
    gboolean raw;         /* mboxcl2: its ">From " lines are not quoting */
} Cursor;

typedef enum {
    STEP_ON,
    STEP_SPLIT,
    STEP_FAIL,
} Step;

static void
note (GPtrArray *doubts, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Adds a doubt about a message; a message of many unquoted From_ lines
 * gets MAX_DOUBTS of them and a word that there are more. */
static void
note (GPtrArray *doubts, const char *format, ...)
{
    va_list args;

    if (doubts->len > MAX_DOUBTS)
        return;
    if (doubts->len == MAX_DOUBTS) {
        g_ptr_array_add (doubts, g_strdup ("more doubts about this message "
                                           "are not said"));
        return;
    }
    va_start (args, format);
    g_ptr_array_add (doubts, g_strdup_vprintf (format, args));
    va_end (args);
}

BsMbox *
bs_mbox_new (GInputStream *stream, gsize max_size)
{
    BsMbox *mbox;

    g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
    mbox = g_new0 (BsMbox, 1);
    mbox->stream = g_object_ref (stream);
    mbox->max_size = max_size;
    mbox->room = 2 * READ_SIZE;
    mbox->data = g_malloc (mbox->room);
    mbox->doubts = g_ptr_array_new_with_free_func (g_free);
    mbox->pending = g_ptr_array_new_with_free_func (g_free);
    return mbox;
}

void
bs_mbox_free (BsMbox *mbox)
{
    if (mbox == NULL)
        return;
    g_object_unref (mbox->stream);
    g_free (mbox->data);
    g_ptr_array_unref (mbox->doubts);
    g_ptr_array_unref (mbox->pending);
    g_free (mbox);
}

gint64
bs_mbox_get_skipped (const BsMbox *mbox)
{
    g_return_val_if_fail (mbox != NULL, 0);
    return mbox->skipped;
}

/* Makes room for READ_SIZE bytes more. The room doubles up to 1 MiB;
 * a message larger than that gets at once room for 64 MiB or the most a
 * message may need, whichever is less: the pages it does not fill cost
 * nothing, while every step of doubling copies it, and allocators keep
 * the rooms it leaves behind. */
static void
make_room (BsMbox *mbox)
{
    gsize need = mbox->length + READ_SIZE;
    gsize most = mbox->max_size < G_MAXSIZE / 2
        ? mbox->max_size + 4 * READ_SIZE : G_MAXSIZE;
    gsize room = MAX (mbox->room, READ_SIZE);

    if (need <= mbox->room)
        return;
    room = room < (1 << 20) ? room * 2 : MAX (room * 2, (gsize) 64 << 20);
    mbox->room = MAX (need, MIN (room, most));
    mbox->data = g_realloc (mbox->data, mbox->room);
}

/* Reads one chunk more into the buffer. */
static gboolean
fill (BsMbox *mbox, GError **error)
{
    gssize got;

    make_room (mbox);
    got = g_input_stream_read (mbox->stream, mbox->data + mbox->length,
                               READ_SIZE, NULL, error);
    if (got < 0)
        return FALSE;
    if (got == 0)
        mbox->eof = TRUE;
    mbox->length += got;
    return TRUE;
}

/* Reads until the buffer holds LENGTH bytes or the stream ends. */
static gboolean
fill_to (BsMbox *mbox, gsize length, GError **error)
{
    while (mbox->length < length && !mbox->eof)
        if (!fill (mbox, error))
            return FALSE;
    return TRUE;
}

/* Lets go of the first LENGTH bytes of the buffer. After a large message
 * the rest moves to a small buffer, and the large one is given back. */
static void
drop_front (BsMbox *mbox, gsize length)
{
    gsize rest = mbox->length - length;

    if (mbox->room > 4 * READ_SIZE && rest < READ_SIZE) {
        guint8 *fresh = g_malloc (2 * READ_SIZE);

        memcpy (fresh, mbox->data + length, rest);
        g_free (mbox->data);
        mbox->data = fresh;
        mbox->room = 2 * READ_SIZE;
    } else if (length > 0) {
        memmove (mbox->data, mbox->data + length, rest);
    }
    mbox->length = rest;
    mbox->base += length;
}

/* Sets *END to the end of the piece of a line at POS: after its newline,
 * LINE_CAP bytes on, or at the end of the stream (then *END may be POS). */
static gboolean
piece_end (BsMbox *mbox, gsize pos, gsize *end, GError **error)
{
    for (;;) {
        gsize have = mbox->length - pos;
        const guint8 *newline = memchr (mbox->data + pos, '\n',
                                        MIN (have, LINE_CAP));

        if (newline != NULL) {
            *end = newline - mbox->data + 1;
            return TRUE;
        }
        if (have >= LINE_CAP || mbox->eof) {
            *end = pos + MIN (have, LINE_CAP);
            return TRUE;
        }
        if (!fill (mbox, error))
            return FALSE;
    }
}

/* The length of the blank line ("\n" or "\r\n") at LINE, or 0. */
static gsize
blank_length (const char *line, gsize length)
{
    if (length >= 1 && line[0] == '\n')
        return 1;
    if (length >= 2 && line[0] == '\r' && line[1] == '\n')
        return 2;
    return 0;
}

/* TRUE if LINE starts a header field: a name of printable characters
 * other than ':', maybe blanks (obsolete syntax, RFC 5322 4.5), a ':'. */
static gboolean
is_header_field (const char *line, gsize length)
{
    gsize i = 0;

    while (i < length && line[i] > ' ' && line[i] < 127 && line[i] != ':')
        i++;
    if (i == 0)
        return FALSE;
    while (i < length && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i < length && line[i] == ':';
}

/* TRUE if LINE can start a message's header: a header field, or a
 * ">From " line, which old writers put there for earlier envelopes. */
static gboolean
header_follows (const char *line, gsize length)
{
    return is_header_field (line, length) ||
           (length >= 6 && memcmp (line, ">From ", 6) == 0);
}

/* The parts of a From_ line's date; a word is one of them or none. */
enum {
    DATE_WEEKDAY = 1 << 0,
    DATE_MONTH = 1 << 1,
    DATE_DAY = 1 << 2,
    DATE_TIME = 1 << 3,
    DATE_YEAR = 1 << 4,
    DATE_ZONE = 1 << 5,
};

static gboolean
all_digits (const char *word, gsize length)
{
    for (gsize i = 0; i < length; i++)
        if (!g_ascii_isdigit (word[i]))
            return FALSE;
    return length > 0;
}

/* H:MM, HH:MM or HH:MM:SS, and writers' sloppier 00:0:00. */
static gboolean
is_time (const char *word, gsize length)
{
    gsize parts = 0;

    for (gsize i = 0; i < length; parts++) {
        gsize digits = 0;

        while (i + digits < length && g_ascii_isdigit (word[i + digits]))
            digits++;
        if (digits < 1 || digits > 2)
            return FALSE;
        i += digits;
        if (i < length && (word[i] != ':' || ++i == length))
            return FALSE;
    }
    return parts == 2 || parts == 3;
}

/* An ISO 8601 date, 2020-03-03, maybe with its time (T07:50:45Z). */
static int
iso_date (const char *word, gsize length)
{
    if (length < 10 || !all_digits (word, 4) || word[4] != '-' ||
        !all_digits (word + 5, 2) || word[7] != '-' ||
        !all_digits (word + 8, 2))
        return 0;
    if (length == 10)
        return DATE_YEAR | DATE_MONTH | DATE_DAY;
    return length > 11 && word[10] == 'T' && is_time (word + 11, MIN (
               length - 11, strspn (word + 11, "0123456789:")))
               ? DATE_YEAR | DATE_MONTH | DATE_DAY | DATE_TIME : 0;
}

/* Which name of NAMES (three letters each, case aside) WORD is. */
static gboolean
is_name (const char *word, gsize length, const char *names)
{
    if (length != 3)
        return FALSE;
    for (const char *name = names; *name != '\0'; name += 3)
        if (g_ascii_strncasecmp (word, name, 3) == 0)
            return TRUE;
    return FALSE;
}

/* A zone: +HHMM, -HHMM, an upper-case abbreviation (UTC, CEST) or a
 * comment such as "(UTC)". */
static gboolean
is_zone (const char *word, gsize length)
{
    gsize i;

    if (length == 5 && (word[0] == '+' || word[0] == '-'))
        return all_digits (word + 1, 4);
    if (length >= 2 && word[0] == '(' && word[length - 1] == ')')
        return TRUE;
    for (i = 0; i < length && g_ascii_isupper (word[i]); i++)
        ;
    return i == length && length >= 1 && length <= 5;
}

static int
date_part (const char *word, gsize length)
{
    if (length > 0 && word[length - 1] == ',')
        length--;
    if (all_digits (word, length))
        return length <= 2 ? DATE_DAY : length == 4 ? DATE_YEAR : 0;
    if (is_time (word, length))
        return DATE_TIME;
    if (iso_date (word, length) != 0)
        return iso_date (word, length);
    if (is_name (word, length, "JanFebMarAprMayJunJulAugSepOctNovDec"))
        return DATE_MONTH;
    if (is_name (word, length, "MonTueWedThuFriSatSun"))
        return DATE_WEEKDAY;
    return is_zone (word, length) ? DATE_ZONE : 0;
}

/* The end of the sender after "From ": empty when a blank follows at
 * once; a quoted local part may hold blanks. */
static const char *
skip_sender (const char *p, const char *end)
{
    if (p < end && *p == '"') {
        const char *quote = memchr (p + 1, '"', end - p - 1);

        p = quote != NULL ? quote + 1 : end;
    }
    while (p < end && *p != ' ' && *p != '\t')
        p++;
    return p;
}

gboolean
bs_mbox_is_from_line (const char *line, gsize length)
{
    const char *end = line + length;
    const char *p;
    int parts = 0;

    g_return_val_if_fail (line != NULL || length == 0, FALSE);
    while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    if (end - line < 5 || memcmp (line, "From ", 5) != 0)
        return FALSE;
    /* The date's words, up to the first that is none of its parts
     * ("remote from HOST" may follow): prose such as "From here on, ..."
     * has none, and a date needs a month, a time and a year. */
    for (p = skip_sender (line + 5, end); p < end;) {
        const char *word;
        int part;

        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        for (word = p; p < end && *p != ' ' && *p != '\t'; p++)
            ;
        if (p == word || (part = date_part (word, p - word)) == 0)
            break;
        parts |= part;
    }
    return (parts & (DATE_MONTH | DATE_TIME | DATE_YEAR)) ==
           (DATE_MONTH | DATE_TIME | DATE_YEAR);
}

/* TRUE if HEAD's first line starts with "From " (not as a header field)
 * or is a bare "From": whoever wrote it meant an mbox. */
static gboolean
starts_like_mbox (const char *head, gsize length)
{
    const char *newline = memchr (head, '\n', length);
    gsize line = newline != NULL ? (gsize) (newline - head) : length;

    if (line > 0 && head[line - 1] == '\r')
        line--;
    if (line == 4)
        return memcmp (head, "From", 4) == 0;
    return line > 4 && memcmp (head, "From ", 5) == 0 &&
           !is_header_field (head, line);
}

gboolean
bs_mbox_detect (const char *head, gsize length)
{
    gboolean whole = length <= DETECT_SIZE;
    const char *end = head + MIN (length, DETECT_SIZE);

    g_return_val_if_fail (head != NULL || length == 0, FALSE);
    if (length == 0)
        return FALSE;
    if (starts_like_mbox (head, end - head))
        return TRUE;
    for (const char *line = head; line < end;) {
        const char *newline = memchr (line, '\n', end - line);
        const char *next = newline != NULL ? newline + 1 : end;

        if (newline == NULL && !whole)
            break;
        if (bs_mbox_is_from_line (line, next - line))
            return TRUE;
        if (is_header_field (line, next - line))
            return FALSE;
        line = next;
    }
    return FALSE;
}

/* TRUE if the piece of a line from POS to END is a whole line: it ends
 * with a newline or at the end of the stream. */
static gboolean
whole_line (const BsMbox *mbox, gsize pos, gsize end)
{
    return end > pos && (mbox->data[end - 1] == '\n' ||
                         (end == mbox->length && mbox->eof));
}

/* TRUE if a whole From_ line starts at POS, whose line LINE_CAP bytes
 * must have been read ahead. */
static gboolean
from_line_at (BsMbox *mbox, gsize pos)
{
    gsize have = mbox->length - pos;
    const guint8 *start = mbox->data + pos;
    const guint8 *newline = memchr (start, '\n', MIN (have, LINE_CAP));
    gsize length = newline != NULL ? (gsize) (newline - start + 1) : have;

    if (newline == NULL && (!mbox->eof || have > LINE_CAP))
        return FALSE;
    return bs_mbox_is_from_line ((const char *) start, length);
}

/* TRUE if the line from POS to END is the stream's first and starts with
 * "From " followed by a header: an envelope line, whatever its date looks
 * like ("From () 2020-03-03 07:50:45 +0000", "... 00:0:00 2015"). */
static gboolean
envelope_first (BsMbox *mbox, gsize pos, gsize end, GError **error)
{
    const char *line = (const char *) mbox->data + pos;

    if (mbox->base + pos != 0 || end - pos <= 5 ||
        memcmp (line, "From ", 5) != 0 || is_header_field (line, end - pos) ||
        !fill_to (mbox, end + PEEK, error))
        return FALSE;
    return header_follows ((const char *) mbox->data + end,
                           mbox->length - end);
}

/* Looks for the first From_ line, letting go of what comes before it,
 * unless the stream starts with a header field: then that is a message
 * without a From_ line. At the end of the stream the buffer is empty. */
static gboolean
find_first (BsMbox *mbox, GError **error)
{
    gboolean line_start = TRUE;
    gsize pos = 0, end;
    g_autoptr (GError) local = NULL;

    mbox->started = TRUE;
    for (;;) {
        const char *piece;

        if (!piece_end (mbox, pos, &end, error))
            return FALSE;
        if (end == pos)
            break;
        piece = (const char *) mbox->data + pos;
        if (line_start && whole_line (mbox, pos, end) &&
            bs_mbox_is_from_line (piece, end - pos))
            break;
        if (line_start && whole_line (mbox, pos, end) &&
            envelope_first (mbox, pos, end, &local))
            break;
        if (local != NULL) {
            g_propagate_error (error, g_steal_pointer (&local));
            return FALSE;
        }
        /* Reading ahead may have moved the buffer. */
        piece = (const char *) mbox->data + pos;
        if (mbox->base + pos == 0 && is_header_field (piece, end - pos)) {
            mbox->headless = TRUE;
            note (mbox->doubts, "the mbox does not start with a From_ line; "
                  "its first bytes are read as a message");
            return TRUE;
        }
        line_start = piece[end - pos - 1] == '\n';
        pos = end;
        if (pos >= READ_SIZE) {
            mbox->skipped += pos;
            drop_front (mbox, pos);
            pos = 0;
        }
    }
    mbox->skipped += pos;
    drop_front (mbox, pos);
    if (mbox->skipped > 0 && mbox->length > 0)
        note (mbox->doubts, "%" G_GINT64_FORMAT " %s before the first "
              "From_ line %s not part of any message: skipped",
              mbox->skipped, mbox->skipped == 1 ? "byte" : "bytes",
              mbox->skipped == 1 ? "is" : "are");
    return TRUE;
}

/* A message over the maximum size is let go of as it is read. */
static Step
keep_or_drop (BsMbox *mbox, Cursor *cursor)
{
    gsize kept = cursor->pos - cursor->first;

    if ((guint64) cursor->dropped + kept <= mbox->max_size)
        return STEP_ON;
    /* Dropping is batched so that each byte is moved at most once. */
    if (cursor->dropped == 0 || kept >= READ_SIZE) {
        cursor->dropped += kept;
        drop_front (mbox, cursor->pos);
        cursor->first = cursor->pos = cursor->content = 0;
    }
    return STEP_ON;
}

/* A From_ line from the cursor to END: a separator if a header field
 * follows; if the line before is not blank, with a doubt on the next
 * message. Otherwise it is part of this message, with a doubt. */
static Step
at_from_line (BsMbox *mbox, Cursor *cursor, gsize end, GError **error)
{
    gsize have;

    if (!fill_to (mbox, end + PEEK, error))
        return STEP_FAIL;
    have = mbox->length - end;
    if (header_follows ((const char *) mbox->data + end, have)) {
        if (cursor->blank == 0)
            note (mbox->pending, "this From_ line does not follow a blank "
                  "line; it starts a message since a header field follows");
        cursor->next = cursor->pos;
        cursor->end = cursor->pos -
                      MIN (cursor->blank, cursor->pos - cursor->content);
        return STEP_SPLIT;
    }
    note (mbox->doubts, "the From_ line at byte %" G_GINT64_FORMAT " is "
          "followed by no header field: read as part of this message",
          mbox->base + (gint64) cursor->pos);
    cursor->blank = 0;
    cursor->pos = end;
    return keep_or_drop (mbox, cursor);
}

/* The value of the Content-Length field of the LENGTH bytes of HEADER, or
 * -1 when it has none or its value is not a number. */
static gint64
content_length (const char *header, gsize length)
{
    static const char name[] = "Content-Length";
    const gsize name_length = sizeof name - 1;
    const char *end = header + length;

    for (const char *line = header; line < end;) {
        const char *newline = memchr (line, '\n', end - line);
        const char *next = newline != NULL ? newline + 1 : end;
        gsize line_length = next - line;

        if (line_length > name_length &&
            g_ascii_strncasecmp (line, name, name_length) == 0 &&
            memchr (" \t:", line[name_length], 3) != NULL &&
            is_header_field (line, line_length)) {
            const char *colon = memchr (line, ':', line_length);
            g_autofree char *value = g_strndup (colon + 1, next - colon - 1);
            guint64 number;

            if (!g_ascii_string_to_unsigned (g_strstrip (value), 10, 0,
                                             G_MAXINT64, &number, NULL))
                return -1;
            return number;
        }
        line = next;
    }
    return -1;
}

/* TRUE if a message ending at AT ends the mbox: the end of the stream or
 * a From_ line follows, maybe after one blank line; *NEXT is where. */
static gboolean
length_ends_message (BsMbox *mbox, gsize at, gsize *next)
{
    gsize blank;

    if (at > mbox->length)
        return FALSE;
    if (at == mbox->length || from_line_at (mbox, at)) {
        *next = at;
        return TRUE;
    }
    blank = blank_length ((const char *) mbox->data + at,
                          mbox->length - at);
    if (blank == 0)
        return FALSE;
    *next = at + blank;
    return *next == mbox->length || from_line_at (mbox, *next);
}

/* TRUE if the body from START to END has an unquoted "From " line: then
 * nothing in it was quoted (mboxcl2), and ">From " is the sender's. */
static gboolean
unquoted_from (const guint8 *data, gsize start, gsize end)
{
    return start < end &&
           ((end - start >= 5 && memcmp (data + start, "From ", 5) == 0) ||
            memmem (data + start, end - start, "\nFrom ", 6) != NULL);
}

/* At the end of the header (the cursor is on the body): a Content-Length
 * that ends at a From_ line or at the end of the stream decides where the
 * message ends (mboxcl, mboxcl2). Lengths of too large messages are not
 * checked: their bytes are not kept. */
static Step
check_length (BsMbox *mbox, Cursor *cursor, GError **error)
{
    gint64 declared = content_length (
        (const char *) mbox->data + cursor->content,
        cursor->pos - cursor->content);
    gsize kept = cursor->pos - cursor->first;
    gsize at;

    if (declared < 0 || cursor->dropped > 0 || kept > mbox->max_size ||
        (guint64) declared > mbox->max_size - kept)
        return keep_or_drop (mbox, cursor);
    at = cursor->pos + declared;
    if (!fill_to (mbox, at + 2 + LINE_CAP, error))
        return STEP_FAIL;
    if (length_ends_message (mbox, at, &cursor->next)) {
        cursor->end = at;
        cursor->raw = unquoted_from (mbox->data, cursor->pos, at);
        return STEP_SPLIT;
    }
    /* A wrong length matters only where it would have kept a "From " line
     * in the body (else it is the original's, copied by a relay). */
    if (unquoted_from (mbox->data, cursor->pos, MIN (at, mbox->length)))
        note (mbox->doubts, "its Content-Length: %" G_GINT64_FORMAT " does "
              "not end at a From_ line or at the end of the mbox: ignored",
              declared);
    return keep_or_drop (mbox, cursor);
}

/* Looks at the piece of a line from the cursor to END. */
static Step
step (BsMbox *mbox, Cursor *cursor, gsize end, GError **error)
{
    const char *piece = (const char *) mbox->data + cursor->pos;
    gsize length = end - cursor->pos;
    gboolean line_start = cursor->line_start;

    cursor->line_start = piece[length - 1] == '\n';
    if (line_start && whole_line (mbox, cursor->pos, end) &&
        bs_mbox_is_from_line (piece, length))
        return at_from_line (mbox, cursor, end, error);
    /* A piece ends at its newline, so a blank line is a whole piece. */
    cursor->blank = line_start ? blank_length (piece, length) : 0;
    cursor->pos = end;
    if (cursor->blank > 0 && cursor->header) {
        cursor->header = FALSE;
        return check_length (mbox, cursor, error);
    }
    return keep_or_drop (mbox, cursor);
}

/* TRUE if the line of LENGTH bytes at LINE is '>'s and "From ". */
static gboolean
quoted (const char *line, gsize length)
{
    gsize quotes = 0;

    while (quotes < length && line[quotes] == '>')
        quotes++;
    return quotes > 0 && length - quotes >= 5 &&
           memcmp (line + quotes, "From ", 5) == 0;
}

/* Undoes mboxrd quoting in place: one '>' off each line that is one or
 * more '>' and "From ". Returns the new length. */
static gsize
unquote (char *data, gsize length)
{
    gsize in = 0, out = 0;

    if (memmem (data, length, ">From ", 6) == NULL)
        return length;
    while (in < length) {
        const char *newline = memchr (data + in, '\n', length - in);
        gsize line = (newline != NULL ? (gsize) (newline - data) + 1
                      : length) - in;
        gsize skip = quoted (data + in, line) ? 1 : 0;

        memmove (data + out, data + in + skip, line - skip);
        out += line - skip;
        in += line;
    }
    return out;
}

/* Fills MESSAGE with what the cursor read; the buffer keeps its bytes
 * until the next call. */
static void
emit (BsMbox *mbox, const Cursor *cursor, BsMboxMessage *message)
{
    char *data = (char *) mbox->data + cursor->content;

    message->offset = cursor->offset;
    message->size = cursor->dropped + (gint64) (cursor->next - cursor->first);
    message->too_large = (guint64) message->size > mbox->max_size;
    message->last = cursor->next == mbox->length && mbox->eof;
    message->doubts = mbox->doubts;
    if (!message->too_large) {
        message->data = data;
        message->length = cursor->end - cursor->content;
        if (!cursor->raw)
            message->length = unquote (data, message->length);
    }
    mbox->consumed = cursor->next;
}

/* Reads the message whose From_ line is at the buffer's start (or, for a
 * first message without one, whose first byte is). */
static gboolean
read_message (BsMbox *mbox, BsMboxMessage *message, GError **error)
{
    Cursor cursor = { .offset = mbox->base + (gint64) mbox->start,
                      .first = mbox->start, .pos = mbox->start,
                      .content = mbox->start, .line_start = TRUE,
                      .header = TRUE };
    gsize end;
    Step result = STEP_ON;

    if (!mbox->headless) {
        if (!piece_end (mbox, cursor.pos, &end, error))
            return FALSE;
        cursor.pos = cursor.content = end;
    }
    mbox->headless = FALSE;
    while (result == STEP_ON) {
        if (!piece_end (mbox, cursor.pos, &end, error))
            return FALSE;
        if (end == cursor.pos)
            break;
        result = step (mbox, &cursor, end, error);
    }
    if (result == STEP_FAIL)
        return FALSE;
    if (result == STEP_ON) {
        /* The end of the stream; the blank line a writer adds after each
         * message is not the message's. */
        cursor.next = cursor.pos;
        cursor.end = cursor.pos -
                     MIN (cursor.blank, cursor.pos - cursor.content);
    }
    emit (mbox, &cursor, message);
    return TRUE;
}

/* Lets go of the message returned last and of what was said about it.
 * The bytes are let go of in batches, so that what was read ahead is not
 * moved once per message. */
static void
release (BsMbox *mbox)
{
    GPtrArray *doubts = mbox->doubts;

    mbox->start = mbox->consumed;
    if (mbox->start >= READ_SIZE) {
        drop_front (mbox, mbox->start);
        mbox->start = mbox->consumed = 0;
    }
    g_ptr_array_set_size (doubts, 0);
    mbox->doubts = mbox->pending;
    mbox->pending = doubts;
}

gboolean
bs_mbox_next (BsMbox *mbox, BsMboxMessage *message, GError **error)
{
    g_return_val_if_fail (mbox != NULL, FALSE);
    g_return_val_if_fail (message != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
    release (mbox);
    memset (message, 0, sizeof *message);
    message->doubts = mbox->doubts;
    if (!mbox->started && !find_first (mbox, error))
        return FALSE;
    if (!fill_to (mbox, mbox->start + 1, error) ||
        mbox->length == mbox->start)
        return FALSE;
    return read_message (mbox, message, error);
}
