/* fuzz-mbox.c: libFuzzer harness for the mbox splitter. The first byte
 * sets the size limit, the second how many bytes each read gives, the
 * rest is the mbox. Nothing may be lost: the bytes skipped and the sizes
 * of the messages, in order and without a gap, add up to the input; and
 * the messages must be the same however the reads cut the input. A
 * broken promise is an abort, not a statistic. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bs-mbox.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A stream giving at most STEP bytes per read. */
typedef struct {
    GInputStream parent;
    const guint8 *data;
    gsize length;
    gsize at;
    gsize step;
} Trickle;

typedef struct {
    GInputStreamClass parent;
} TrickleClass;

GType trickle_get_type (void);
G_DEFINE_TYPE (Trickle, trickle, G_TYPE_INPUT_STREAM)

static gssize
trickle_read (GInputStream *stream, void *buffer, gsize count,
              GCancellable *cancellable, GError **error)
{
    Trickle *trickle = (Trickle *) stream;
    gsize size = MIN (MIN (count, trickle->step),
                      trickle->length - trickle->at);

    memcpy (buffer, trickle->data + trickle->at, size);
    trickle->at += size;
    return size;
}

static void
trickle_class_init (TrickleClass *class)
{
    G_INPUT_STREAM_CLASS (class)->read_fn = trickle_read;
}

static void
trickle_init (Trickle *trickle)
{
}

/* Splits the LENGTH bytes at DATA read STEP bytes at a time (0: all at
 * once) into a description of every message, checking that they cover
 * the input. (transfer full) */
static GString *
split (const guint8 *data, gsize length, gsize max_size, gsize step)
{
    g_autoptr (GInputStream) stream = NULL;
    g_autoptr (BsMbox) mbox = NULL;
    GString *seen = g_string_new (NULL);
    BsMboxMessage message;
    gint64 at = -1;

    if (step == 0) {
        stream = g_memory_input_stream_new_from_data (data, length, NULL);
    } else {
        Trickle *trickle = g_object_new (trickle_get_type (), NULL);

        trickle->data = data;
        trickle->length = length;
        trickle->step = step;
        stream = G_INPUT_STREAM (trickle);
    }
    mbox = bs_mbox_new (stream, max_size);
    while (bs_mbox_next (mbox, &message, NULL)) {
        if (at < 0)
            at = bs_mbox_get_skipped (mbox);
        if (message.offset != at || message.size <= 0 ||
            message.too_large != (message.data == NULL) ||
            (gint64) message.length > message.size)
            abort ();
        at += message.size;
        g_string_append_printf (seen, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                " %u %u\n", message.offset, message.size,
                                message.doubts->len, message.last);
        g_string_append_len (seen, message.data, message.length);
    }
    if ((at < 0 ? bs_mbox_get_skipped (mbox) : at) != (gint64) length)
        abort ();
    return seen;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    g_autoptr (GString) whole = NULL;
    g_autoptr (GString) trickled = NULL;
    gsize max_size, step;

    if (size < 2)
        return 0;
    max_size = 1 + data[0] * 64;
    step = 1 + data[1] % 16;
    whole = split (data + 2, size - 2, max_size, 0);
    trickled = split (data + 2, size - 2, max_size, step);
    if (!g_string_equal (whole, trickled))
        abort ();
    bs_mbox_detect ((const char *) data + 2, size - 2);
    return 0;
}
