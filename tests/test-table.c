/* test-table.c: terminal safety of the table writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-table.h"

static const struct {
    const char *input;
    glong max;
    const char *expected;
    const char *why;
} clean_cases[] = {
    { "plain text", 60, "plain text", "unchanged" },
    { "red \x1b[31mALERT\x1b[0m", 60,
      "red \xef\xbf\xbd[31mALERT\xef\xbf\xbd[0m", "ESC replaced" },
    { "bell\x07 and \x9b csi", 60,
      "bell\xef\xbf\xbd and \xef\xbf\xbd csi",
      "BEL replaced; lone 0x9b is invalid UTF-8" },
    { "c1 \xc2\x9b csi", 60, "c1 \xef\xbf\xbd csi", "UTF-8 encoded C1" },
    { "line\nbreak\ttab", 60, "line\xef\xbf\xbd" "break\xef\xbf\xbdtab",
      "newline and tab" },
    { "abcdefghij", 4, "abcd...", "cut" },
    { "/var/mail/bounces/cur/1.M1P1.mx:2,S", -12, "....M1P1.mx:2,S",
      "cut from the left: the file name stays" },
    { "short.eml", -12, "short.eml", "short enough from the left" },
    { "\xe7\x94\xa8\xe6\x88\xb7x", -2, "...\xe6\x88\xb7x",
      "left cut on a character" },
    { "\xe7\x94\xa8\xe6\x88\xb7", 60, "\xe7\x94\xa8\xe6\x88\xb7", "UTF-8" },
};

static void
test_clean (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (clean_cases); i++) {
        g_autofree char *got = bs_table_clean (clean_cases[i].input,
                                               clean_cases[i].max);

        if (strcmp (got, clean_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, clean_cases[i].why, got);
    }
}

static void
test_aligned (void **state)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsWriter) writer = bs_table_writer_new (out);
    g_autoptr (BsReport) report = bs_report_new ("m.eml");
    BsRecipient *recipient = bs_recipient_new ();
    g_autofree char *text = NULL;

    recipient->recipient = g_strdup ("a@example.com");
    recipient->status = g_strdup ("5.1.1");
    g_ptr_array_add (report->recipients, recipient);
    /* Columns are aligned over all rows: no row can be rendered alone. */
    assert_false (bs_writer_rows_stand_alone (writer));
    assert_true (bs_writer_begin (writer, NULL));
    assert_true (bs_writer_report (writer, report, NULL));
    assert_true (bs_writer_end (writer, NULL));
    g_output_stream_write (out, "", 1, NULL, NULL);
    g_output_stream_close (out, NULL, NULL);
    text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
    assert_string_equal (text,
        "recipient      status  reply_code  class  reason  diagnostic  "
        "source\n"
        "a@example.com  5.1.1               soft                       "
        "m.eml\n");
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_clean),
        cmocka_unit_test (test_aligned),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
