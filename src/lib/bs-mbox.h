/* bs-mbox.h: splitting an mbox (mboxo, mboxrd, mboxcl, mboxcl2) into its
 * messages, one at a time, from a stream, in bounded memory. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _BsMbox BsMbox;

/* One message of an mbox, as bs_mbox_next() fills it. */
typedef struct {
    gint64 offset;       /* byte offset in the stream of its From_ line (of
                          * its first byte when it has none) */
    gint64 size;         /* its bytes in the stream, from its From_ line to
                          * the next message's (or the end) */
    const char *data;    /* (transfer none) the message without its From_
                          * line and without the blank line that separates
                          * it from the next, ">From " quoting undone; valid
                          * until the next call; NULL when too_large */
    gsize length;        /* of DATA */
    gboolean too_large;  /* SIZE is over the maximum: skipped unread */
    gboolean last;       /* the stream ended with it */
    GPtrArray *doubts;   /* (transfer none) (element-type utf8) what was
                          * uncertain about where it starts or ends, as
                          * sentences (at most 9); valid until the next
                          * call */
} BsMboxMessage;

/* A reader of the mbox on STREAM (a reference is taken), which keeps at
 * most one message, up to MAX_SIZE bytes, and a read buffer in memory; a
 * larger message is skipped as it is read. (transfer full) */
BsMbox *bs_mbox_new (GInputStream *stream, gsize max_size);

/* Fills MESSAGE with the next message. Returns FALSE at the end of the
 * stream, and sets ERROR (GIO's domain) only when the stream could not be
 * read. A "From " line separates messages when it has the form of a From_
 * line (a sender and a date with a time and a year), starts the stream or
 * follows a blank line, and is followed by a header field; one that is
 * not preceded by a blank line but is followed by a header field also
 * separates, with a doubt. A Content-Length field is trusted when the
 * length it gives ends at a From_ line or at the end of the stream, and is
 * ignored, with a doubt, otherwise. Bytes before the first From_ line are
 * skipped, with a doubt on the first message, unless they start with a
 * header field: then they are a first message. */
gboolean bs_mbox_next (BsMbox *mbox, BsMboxMessage *message, GError **error);

/* The number of bytes skipped as not part of any message: what came
 * before the first From_ line. */
gint64 bs_mbox_get_skipped (const BsMbox *mbox);

/* Frees MBOX (which drops its reference to the stream); NULL is fine. */
void bs_mbox_free (BsMbox *mbox);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsMbox, bs_mbox_free)

/* TRUE if the LENGTH bytes at LINE (a line, with or without its line end)
 * are a From_ line: "From ", a sender (may be empty or quoted) and a date
 * with a month name, a time (H:MM, HH:MM or HH:MM:SS) and a four-digit
 * year, in asctime or RFC 5322 order, maybe with a zone, maybe followed by
 * more words ("remote from HOST"). */
gboolean bs_mbox_is_from_line (const char *line, gsize length);

/* TRUE if the LENGTH bytes at HEAD, the start of a file, look like an
 * mbox: it starts with a "From " line or a bare "From" line, or, within
 * its first 4 KiB and before any header field, lines that are neither
 * are followed by a From_ line. A single message saved with its From_
 * line looks like an mbox too (of one message). */
gboolean bs_mbox_detect (const char *head, gsize length);

G_END_DECLS
