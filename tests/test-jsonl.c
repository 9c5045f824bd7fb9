/* test-jsonl.c: one JSON object per line, same fields as the CSV, remote
 * text safely escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "bs-jsonl.h"
#include "bs-row.h"

static void
test_rows_parse_back (void **state)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsWriter) writer = bs_jsonl_writer_new (out);
    g_autoptr (BsReport) report = bs_report_new ("a.eml");
    g_autoptr (JsonParser) parser = json_parser_new ();
    const char *nasty = "550 \"quoted\" \\ back\nslash \x1b[31m red";
    g_autofree char *text = NULL;
    g_auto (GStrv) lines = NULL;
    JsonObject *object;

    for (int i = 0; i < 2; i++) {
        BsRecipient *recipient = bs_recipient_new ();

        recipient->recipient = g_strdup_printf ("u%d@example.com", i);
        recipient->diagnostic = g_strdup (nasty);
        g_ptr_array_add (report->recipients, recipient);
    }
    assert_true (bs_writer_begin (writer, NULL));
    assert_true (bs_writer_rows_stand_alone (writer));
    assert_true (bs_writer_report (writer, report, NULL));
    assert_true (bs_writer_end (writer, NULL));
    g_output_stream_write (out, "", 1, NULL, NULL);
    g_output_stream_close (out, NULL, NULL);
    text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
    lines = g_strsplit (text, "\n", -1);
    assert_int_equal (g_strv_length (lines), 3);   /* two rows, "" after */
    assert_string_equal (lines[2], "");
    assert_true (json_parser_load_from_data (parser, lines[1], -1, NULL));
    object = json_node_get_object (json_parser_get_root (parser));
    assert_int_equal (json_object_get_size (object), BS_COLUMN_COUNT);
    for (int column = 0; column < BS_COLUMN_COUNT; column++)
        assert_true (json_object_has_member (object,
                                             bs_row_column_name (column)));
    assert_string_equal (json_object_get_string_member (object, "recipient"),
                         "u1@example.com");
    assert_string_equal (json_object_get_string_member (object, "diagnostic"),
                         nasty);
    assert_string_equal (json_object_get_string_member (object, "class"),
                         "soft");
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_rows_parse_back),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
