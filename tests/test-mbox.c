/* test-mbox.c: splitting mboxes. Every case is read twice: from memory in
 * one read, and through a stream that gives 1 to 7 bytes per read, so
 * that a message, a From_ line or a line end cut by a read shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-mbox.h"

/* A From_ line of 44 bytes, a message of 19 and an entry of 64: the
 * message and the blank line a writer adds after it. */
#define FROM(n) "From MAILER-DAEMON Thu Jan  1 00:0" #n ":00 2026\n"
#define MSG(n) "Subject: " #n "\n\nbody " #n "\n"
#define ENTRY(n) FROM (n) MSG (n) "\n"

#define PROSE                                                               \
    "Subject: 2\n\nbody 2\n\nFrom here on, nothing is escaped\nmore\n"
#define QUOTED_FROM_LINE                                                    \
    "Subject: 2\n\nbody 2\n\n"                                              \
    "From someone@example.org Thu Jan  1 00:00:00 2026\nwas quoted\n"
/* mboxcl2: a body of 92 bytes with an unquoted From_ line and a header
 * field, and a ">From " line that is not quoting. */
#define CL2                                                                 \
    "Subject: 2\nContent-Length: 92\n\nbody\n\n"                            \
    "From someone@example.org Thu Jan  1 00:00:00 2026\n"                   \
    "Subject: not a message\n>From quoted\n"

#define MAX_MESSAGES 6

typedef struct {
    gint64 offset;
    gint64 size;
    const char *data;    /* NULL: skipped as too large */
    const char *doubt;   /* words of its one doubt; NULL: none */
} Want;

static const struct {
    const char *input;
    gsize max_size;      /* 0: 32 MiB */
    guint count;
    Want messages[MAX_MESSAGES];
    gint64 skipped;
    const char *why;
} split_cases[] = {
    { ENTRY (1) ENTRY (2) ENTRY (3) ENTRY (4) ENTRY (5), 0, 5,
      { { 0, 64, MSG (1) }, { 64, 64, MSG (2) }, { 128, 64, MSG (3) },
        { 192, 64, MSG (4) }, { 256, 64, MSG (5) } }, 0,
      "five messages; the blank line after each is not its own" },
    { ENTRY (1) FROM (2) PROSE "\n" ENTRY (3) ENTRY (4) ENTRY (5), 0, 5,
      { { 0, 64, MSG (1) }, { 64, 103, PROSE }, { 167, 64, MSG (3) },
        { 231, 64, MSG (4) }, { 295, 64, MSG (5) } }, 0,
      "an unquoted \"From \" line of prose after a blank line" },
    { ENTRY (1) FROM (2) QUOTED_FROM_LINE "\n" ENTRY (3) ENTRY (4)
      ENTRY (5), 0, 5,
      { { 0, 64, MSG (1) },
        { 64, 126, QUOTED_FROM_LINE, "at byte 128 is followed by no header" },
        { 190, 64, MSG (3) }, { 254, 64, MSG (4) }, { 318, 64, MSG (5) } },
      0, "an unquoted From_ line followed by body text" },
    { "From nobody on some day\n" MSG (1) "\n" ENTRY (2), 0, 2,
      { { 0, 44, MSG (1) }, { 44, 64, MSG (2) } }, 0,
      "the first line starts \"From \" and a header follows: an envelope "
      "line whatever its date" },
    { FROM (1) MSG (1) FROM (2) MSG (2) "\n" ENTRY (3), 0, 3,
      { { 0, 63, MSG (1) },
        { 63, 64, MSG (2), "does not follow a blank line" },
        { 127, 64, MSG (3) } }, 0,
      "a From_ line after no blank line, followed by a header: split" },
    { FROM (1) "Subject: q\n\n>From a\n>>From b\n> From c\n>Frommage\n"
      "From d\n\n", 0, 1,
      { { 0, 100, "Subject: q\n\nFrom a\n>From b\n> From c\n>Frommage\n"
          "From d\n" } }, 0,
      "mboxrd: one '>' off \">From \" and \">>From \", nothing else" },
    { ENTRY (1) FROM (2) CL2 "\n" ENTRY (3), 0, 3,
      { { 0, 64, MSG (1) }, { 64, 168, CL2 }, { 232, 64, MSG (3) } }, 0,
      "mboxcl2: Content-Length across an unquoted From_ line" },
    { ENTRY (1) FROM (2) "Subject: 2\nContent-Length: 500\n\nbody 2\n\n"
      ENTRY (3), 0, 3,
      { { 0, 64, MSG (1) },
        { 64, 84, "Subject: 2\nContent-Length: 500\n\nbody 2\n",
          "Content-Length: 500 does not end at a From_ line" },
        { 148, 64, MSG (3) } }, 0,
      "a Content-Length that ends nowhere is ignored" },
    { FROM (1) "Subject: 1\nContent-Length: 7\n\nbody 1\n", 0, 1,
      { { 0, 81, "Subject: 1\nContent-Length: 7\n\nbody 1\n" } }, 0,
      "a Content-Length that ends at the end of the stream" },
    { "junk line\n" ENTRY (1) ENTRY (2), 0, 2,
      { { 10, 64, MSG (1), "10 bytes before the first From_ line" },
        { 74, 64, MSG (2) } }, 10, "a junk line first" },
    { "From\n" ENTRY (1) ENTRY (2), 0, 2,
      { { 5, 64, MSG (1), "5 bytes before the first From_ line" },
        { 69, 64, MSG (2) } }, 5, "a bare \"From\" line first" },
    { "From MAILER-DAEMON Thu Jan  1 00:01:00 2026\r\n"
      "Subject: 1\r\n\r\nbody 1\r\n\r\n"
      "From MAILER-DAEMON Thu Jan  1 00:02:00 2026\r\n"
      "Subject: 2\r\n\r\nbody 2\r\n\r\n", 0, 2,
      { { 0, 69, "Subject: 1\r\n\r\nbody 1\r\n" },
        { 69, 69, "Subject: 2\r\n\r\nbody 2\r\n" } }, 0, "CRLF" },
    { "", 0, 0, { { 0 } }, 0, "empty" },
    { "hello\nworld\n", 0, 0, { { 0 } }, 12, "no From_ line at all" },
    { MSG (1) "\n" ENTRY (2), 0, 2,
      { { 0, 20, MSG (1), "does not start with a From_ line" },
        { 20, 64, MSG (2) } }, 0,
      "a header first: a message without a From_ line" },
    { ENTRY (1) FROM (2)
      "Subject: 2\n\nbody 2 is longer than the limit of eighty bytes\n\n"
      ENTRY (3), 80, 3,
      { { 0, 64, MSG (1) }, { 64, 105, NULL }, { 169, 64, MSG (3) } }, 0,
      "a message over the size limit is skipped, sized and placed" },
    { ENTRY (1) FROM (2) "Subject: 2\n\nbody 2", 0, 2,
      { { 0, 64, MSG (1) }, { 64, 62, "Subject: 2\n\nbody 2" } }, 0,
      "the last message has no newline at its end" },
    { ENTRY (1) FROM (2), 0, 1,
      { { 0, 108, MSG (1) "\n" FROM (2),
          "at byte 64 is followed by no header" } }, 0,
      "a From_ line at the very end starts nothing" },
    { "From \"john doe\"@example.org Thu, 1 Jan 2026 00:00:00 +0000\n"
      MSG (1) "\nFrom  Thu Jan  1 00:00:00 UTC 2026\n" MSG (2), 0, 2,
      { { 0, 79, MSG (1) }, { 79, 54, MSG (2) } }, 0,
      "a quoted sender, an RFC 5322 date, an empty sender, a zone" },
    { ENTRY (1) FROM (2) ">From old@example.org Thu Jan  1 00:00:00 2026\n"
      MSG (2) "\n", 0, 2,
      { { 0, 64, MSG (1) },
        { 64, 111, "From old@example.org Thu Jan  1 00:00:00 2026\n"
          MSG (2) } }, 0,
      "an old \">From \" line where the header starts" },
};

/* A stream giving at most 1 to 7 bytes per read, in turn; failing after
 * FAIL_AFTER bytes when that is set. */
typedef struct {
    GInputStream parent;
    const char *data;
    gsize length;
    gsize at;
    guint turn;
    gssize fail_after;
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
    gsize size = MIN (MIN (count, 1 + trickle->turn++ % 7),
                      trickle->length - trickle->at);

    if (trickle->fail_after >= 0 &&
        trickle->at + size > (gsize) trickle->fail_after) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "the disk went away");
        return -1;
    }
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
    trickle->fail_after = -1;
}

static GInputStream *
trickle_new (const char *data, gsize length)
{
    Trickle *trickle = g_object_new (trickle_get_type (), NULL);

    trickle->data = data;
    trickle->length = length;
    return G_INPUT_STREAM (trickle);
}

/* Compares the message read with WANT; NULL if they agree, else what
 * differs. (transfer full) */
static char *
differs (const BsMboxMessage *got, const Want *want, gboolean last)
{
    if (got->offset != want->offset || got->size != want->size)
        return g_strdup_printf ("at %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                                " bytes", got->offset, got->size);
    if (got->too_large != (want->data == NULL) || got->last != last)
        return g_strdup ("too_large or last wrong");
    if (want->data != NULL &&
        (got->length != strlen (want->data) ||
         memcmp (got->data, want->data, got->length) != 0))
        return g_strdup_printf ("data \"%.*s\"", (int) got->length,
                                got->data);
    if (got->doubts->len != (want->doubt != NULL ? 1 : 0) ||
        (want->doubt != NULL &&
         strstr (g_ptr_array_index (got->doubts, 0), want->doubt) == NULL))
        return g_strdup_printf ("%u doubts, first \"%s\"", got->doubts->len,
                                got->doubts->len > 0 ? (char *)
                                g_ptr_array_index (got->doubts, 0) : "");
    return NULL;
}

/* Reads case I from STREAM; fails naming the case and HOW it was read. */
static void
check_split (gsize i, GInputStream *stream, const char *how)
{
    gsize max_size = split_cases[i].max_size ? split_cases[i].max_size
                                             : 32 << 20;
    g_autoptr (BsMbox) mbox = bs_mbox_new (stream, max_size);
    BsMboxMessage message;
    guint count = 0;
    g_autoptr (GError) error = NULL;

    for (; bs_mbox_next (mbox, &message, &error); count++) {
        g_autofree char *wrong = NULL;

        if (count >= split_cases[i].count)
            fail_msg ("case %zu (%s, %s): message %u too many", i,
                      split_cases[i].why, how, count);
        wrong = differs (&message, &split_cases[i].messages[count],
                         count + 1 == split_cases[i].count);
        if (wrong != NULL)
            fail_msg ("case %zu (%s, %s): message %u: %s", i,
                      split_cases[i].why, how, count, wrong);
    }
    if (error != NULL || count != split_cases[i].count ||
        bs_mbox_get_skipped (mbox) != split_cases[i].skipped)
        fail_msg ("case %zu (%s, %s): %u messages, %" G_GINT64_FORMAT
                  " skipped, %s", i, split_cases[i].why, how, count,
                  bs_mbox_get_skipped (mbox),
                  error != NULL ? error->message : "no error");
    /* At the end it stays at the end. */
    assert_false (bs_mbox_next (mbox, &message, NULL));
}

static void
test_split (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (split_cases); i++) {
        const char *input = split_cases[i].input;
        g_autoptr (GInputStream) memory =
            g_memory_input_stream_new_from_data (input, strlen (input), NULL);
        g_autoptr (GInputStream) trickle = trickle_new (input,
                                                        strlen (input));

        check_split (i, memory, "in one read");
        check_split (i, trickle, "1 to 7 bytes per read");
    }
}

/* Large inputs, made here: a message over the limit and several reads
 * long, a line much longer than a From_ line, and more messages than one
 * read holds. */
static void
test_large (void **state)
{
    g_autoptr (GString) input = g_string_new (ENTRY (1) FROM (2) MSG (2));
    g_autoptr (GInputStream) stream = NULL;
    g_autoptr (BsMbox) mbox = NULL;
    BsMboxMessage message;
    gint64 at;

    for (int i = 0; i < 20000; i++)
        g_string_append (input, "a line of the body of a large message\n");
    g_string_append (input, "\n" FROM (3) "Subject: 3\n\n");
    at = input->len;
    /* One line of 55,000 bytes, with From_ lines inside it. */
    for (int i = 0; i < 1000; i++)
        g_string_append (input, "From MAILER-DAEMON Thu Jan  1 00:09:00 2026 "
                         "0123456789");
    g_string_append (input, "\n\n");
    for (int i = 0; i < 3000; i++)
        g_string_append (input, ENTRY (4));
    stream = g_memory_input_stream_new_from_data (input->str, input->len,
                                                  NULL);
    mbox = bs_mbox_new (stream, 100000);
    assert_true (bs_mbox_next (mbox, &message, NULL));
    assert_int_equal (message.size, 64);
    assert_true (bs_mbox_next (mbox, &message, NULL));
    assert_int_equal (message.offset, 64);
    assert_int_equal (message.size, 44 + 19 + 20000 * 38 + 1);
    assert_true (message.too_large && message.data == NULL);
    assert_true (bs_mbox_next (mbox, &message, NULL));
    assert_false (message.too_large);
    assert_int_equal (message.length, at - message.offset - 44 + 1000 * 54 +
                                      1);
    assert_int_equal (message.doubts->len, 0);
    for (int i = 0; i < 3000; i++) {
        gint64 want = input->len - (3000 - i) * 64;

        assert_true (bs_mbox_next (mbox, &message, NULL));
        if (message.offset != want || message.length != 19)
            fail_msg ("message %d at %" G_GINT64_FORMAT, i, message.offset);
    }
    assert_false (bs_mbox_next (mbox, &message, NULL));
}

/* A message of many unquoted From_ lines gets eight doubts and a ninth
 * that says there are more. */
static void
test_doubts_capped (void **state)
{
    g_autoptr (GString) input = g_string_new (FROM (1) MSG (1));
    g_autoptr (GInputStream) stream = NULL;
    g_autoptr (BsMbox) mbox = NULL;
    BsMboxMessage message;

    for (int i = 0; i < 20; i++)
        g_string_append (input, "\n" FROM (2) "text\n");
    stream = g_memory_input_stream_new_from_data (input->str, input->len,
                                                  NULL);
    mbox = bs_mbox_new (stream, 100000);
    assert_true (bs_mbox_next (mbox, &message, NULL));
    assert_int_equal (message.length, input->len - 44);
    assert_int_equal (message.doubts->len, 9);
    assert_string_equal (g_ptr_array_index (message.doubts, 8),
                         "more doubts about this message are not said");
    assert_false (bs_mbox_next (mbox, &message, NULL));
}

/* A read that fails is an error in GIO's domain, not an end. */
static void
test_read_error (void **state)
{
    static const char input[] = ENTRY (1) ENTRY (2) ENTRY (3);
    g_autoptr (GInputStream) stream = trickle_new (input, strlen (input));
    g_autoptr (BsMbox) mbox = bs_mbox_new (stream, 1000);
    g_autoptr (GError) error = NULL;
    BsMboxMessage message;

    ((Trickle *) stream)->fail_after = 100;
    assert_false (bs_mbox_next (mbox, &message, &error));
    assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED));
    assert_string_equal (error->message, "the disk went away");
}

static const struct {
    const char *line;
    gboolean expected;
    const char *why;
} from_line_cases[] = {
    { "From MAILER-DAEMON Thu Jan  1 00:00:00 2026", TRUE, "asctime" },
    { "From a@example.org Thu Jan  1 00:00:00 2026\n", TRUE, "newline" },
    { "From a@example.org Thu Jan  1 00:00:00 2026\r\n", TRUE, "CRLF" },
    { "From  Thu Jan  1 00:00:00 2026", TRUE, "empty sender" },
    { "From Thu Jan  1 00:00:00 2026", TRUE, "no sender" },
    { "From \"john doe\"@example.org Thu Jan  1 00:00:00 2026", TRUE,
      "quoted local part with a blank" },
    { "From a@b Thu Jan  1 00:00:00 +0000 2026", TRUE, "zone before year" },
    { "From a@b Thu Jan  1 00:00:00 2026 +0000", TRUE, "zone after year" },
    { "From a@b Thu Jan  1 00:00:00 UTC 2026", TRUE, "zone name" },
    { "From a@b Thu, 1 Jan 2026 00:00:00 +0000", TRUE, "RFC 5322 date" },
    { "From a@b Thu Jan  1 0:00 2026", TRUE, "H:MM" },
    { "From a@b Thu Jan  1 00:00:00 2026 remote from mx", TRUE,
      "UUCP's remote from" },
    { "From here on, nothing is escaped", FALSE, "prose" },
    { "From a@b Thu Jan  1 2026", FALSE, "no time" },
    { "From a@b Thu Jan  1 00:00:00", FALSE, "no year" },
    { "From a@b Thu 1 00:00:00 2026", FALSE, "no month" },
    { "From a@b at 10:00 on Jan 1 2026", FALSE, "prose with a date" },
    { "From a@b Thu Jan  1 000:00:00 2026", FALSE, "not a time" },
    { "From a@b Thu Jan  1 00:0:00 2026", TRUE,
      "minutes of one digit, as one writer has it" },
    { "From () 2020-03-03 07:50:45 +0000", TRUE, "ISO 8601 date" },
    { "From a@b 2020-03-03T07:50:45Z", TRUE, "ISO 8601 date-time" },
    { "From a@b 2020-03-03 and more", FALSE, "ISO date without a time" },
    { "From", FALSE, "bare" },
    { "From: a@example.org", FALSE, "a header field" },
    { ">From a@b Thu Jan  1 00:00:00 2026", FALSE, "quoted" },
    { "from a@b Thu Jan  1 00:00:00 2026", FALSE, "lower case" },
    { "", FALSE, "empty" },
};

static void
test_from_line (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (from_line_cases); i++) {
        const char *line = from_line_cases[i].line;

        if (bs_mbox_is_from_line (line, strlen (line)) !=
            from_line_cases[i].expected)
            fail_msg ("case %zu (%s): \"%s\"", i, from_line_cases[i].why,
                      line);
    }
}

static const struct {
    const char *head;
    gboolean expected;
    const char *why;
} detect_cases[] = {
    { FROM (1) MSG (1), TRUE, "a From_ line first" },
    { "From\n" ENTRY (1), TRUE, "a bare From line first" },
    { "From here on\nnothing\n", TRUE, "a \"From \" line first" },
    { "junk\n\nmore junk\n" ENTRY (1), TRUE, "junk lines, a From_ line" },
    { "Return-Path: <>\n" MSG (1) "\n" ENTRY (2), FALSE,
      "a header first: one message" },
    { "junk\n" MSG (1) "\n" ENTRY (2), FALSE, "junk, then a header" },
    { "From: a@example.org\n\nbody\n", FALSE, "a From: field first" },
    { "From : a@example.org\n\nbody\n", FALSE, "obsolete field syntax" },
    { "hello\nworld\n", FALSE, "text" },
    { "", FALSE, "empty" },
};

static void
test_detect (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (detect_cases); i++) {
        const char *head = detect_cases[i].head;

        if (bs_mbox_detect (head, strlen (head)) != detect_cases[i].expected)
            fail_msg ("case %zu (%s)", i, detect_cases[i].why);
    }
}

/* Only the first 4 KiB are looked at. */
static void
test_detect_far (void **state)
{
    g_autoptr (GString) head = g_string_new (NULL);

    while (head->len < 4000)
        g_string_append (head, "junk\n");
    g_string_append (head, ENTRY (1));
    assert_true (bs_mbox_detect (head->str, head->len));
    g_string_prepend (head, "more junk, past the first 4 KiB\n");
    g_string_prepend (head, "more junk, past the first 4 KiB\n");
    g_string_prepend (head, "more junk, past the first 4 KiB\n");
    assert_false (bs_mbox_detect (head->str, head->len));
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_split),
        cmocka_unit_test (test_large),
        cmocka_unit_test (test_doubts_capped),
        cmocka_unit_test (test_read_error),
        cmocka_unit_test (test_from_line),
        cmocka_unit_test (test_detect),
        cmocka_unit_test (test_detect_far),
    };

    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    return cmocka_run_group_tests (tests, NULL, NULL);
}
