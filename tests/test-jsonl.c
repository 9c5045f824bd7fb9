/* test-jsonl.c: one JSON object per line, same fields as the CSV, remote
 * text safely escaped; the report's sheets, numbers as numbers. */
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

/* The report's sheets: a number column's cells are JSON numbers as
 * written, when they are JSON numbers; everything else is a string. */
static const struct {
    BsCellType type;
    const char *cell;
    const char *expected;   /* the member's value as printed */
    const char *why;
} sheet_cases[] = {
    { BS_CELL_TYPE_NUMBER, "3", "3", "a count" },
    { BS_CELL_TYPE_NUMBER, "2.5", "2.5", "a score" },
    { BS_CELL_TYPE_NUMBER, "0.1", "0.1", "as written, not as a double" },
    { BS_CELL_TYPE_NUMBER, "-1", "-1", "negative" },
    { BS_CELL_TYPE_NUMBER, "1e5", "1e5", "exponent" },
    { BS_CELL_TYPE_NUMBER, "1.5E-3", "1.5E-3", "signed exponent" },
    { BS_CELL_TYPE_NUMBER, "", "null", "no number" },
    { BS_CELL_TYPE_NUMBER, "x", "\"x\"", "not a number: a string" },
    { BS_CELL_TYPE_NUMBER, "01", "\"01\"", "no leading zeros in JSON" },
    { BS_CELL_TYPE_NUMBER, "1.", "\"1.\"", "no bare point" },
    { BS_CELL_TYPE_NUMBER, ".5", "\".5\"", "no bare fraction" },
    { BS_CELL_TYPE_NUMBER, "1e", "\"1e\"", "no bare exponent" },
    { BS_CELL_TYPE_NUMBER, "+1", "\"+1\"", "no plus sign" },
    { BS_CELL_TYPE_NUMBER, "NaN", "\"NaN\"", "no NaN" },
    { BS_CELL_TYPE_TEXT, "5.1.1", "\"5.1.1\"", "text" },
    { BS_CELL_TYPE_TEXT, "550", "\"550\"", "text, even when numeric" },
    { BS_CELL_TYPE_TEXT, "", "\"\"", "empty text" },
    { BS_CELL_TYPE_TEXT, "a\"b\\\n\x1b", "\"a\\\"b\\\\\\n\\u001b\"",
      "escaped" },
    { BS_CELL_TYPE_DATE, "2026-03-03T11:00:00Z", "\"2026-03-03T11:00:00Z\"",
      "dates as given" },
};

static void
test_sheet (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (sheet_cases); i++) {
        g_autoptr (GOutputStream) out =
            g_memory_output_stream_new_resizable ();
        BsSheetColumn column = { "v", sheet_cases[i].type };
        g_autoptr (BsSheet) sheet = bs_jsonl_sheet_new (out, &column, 1);
        g_autofree char *expected = g_strdup_printf (
            "{\"v\":%s}\n", sheet_cases[i].expected);
        g_autofree char *text = NULL;

        assert_true (bs_sheet_begin (sheet, NULL));
        assert_true (bs_sheet_row (sheet, &sheet_cases[i].cell, NULL));
        assert_true (bs_sheet_end (sheet, NULL));
        g_output_stream_write (out, "", 1, NULL, NULL);
        g_output_stream_close (out, NULL, NULL);
        text = g_memory_output_stream_steal_data (
            G_MEMORY_OUTPUT_STREAM (out));
        if (strcmp (text, expected) != 0)
            fail_msg ("case %zu (%s): got %s", i, sheet_cases[i].why, text);
    }
}

/* A row of several columns: members in the columns' order, one line. */
static void
test_sheet_row (void **state)
{
    static const BsSheetColumn columns[] = {
        { "address", BS_CELL_TYPE_TEXT },
        { "hard", BS_CELL_TYPE_NUMBER },
        { "first_seen", BS_CELL_TYPE_DATE },
    };
    const char *rows[][3] = {
        { "a@example.com", "1", "2026-03-03T11:00:00Z" },
        { "b@example.com", "0", "" },
    };
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsSheet) sheet = bs_jsonl_sheet_new (out, columns, 3);
    g_autofree char *text = NULL;

    assert_true (bs_sheet_begin (sheet, NULL));
    for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
        assert_true (bs_sheet_row (sheet, rows[i], NULL));
    assert_true (bs_sheet_end (sheet, NULL));
    g_output_stream_write (out, "", 1, NULL, NULL);
    g_output_stream_close (out, NULL, NULL);
    text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
    assert_string_equal (text,
        "{\"address\":\"a@example.com\",\"hard\":1,"
        "\"first_seen\":\"2026-03-03T11:00:00Z\"}\n"
        "{\"address\":\"b@example.com\",\"hard\":0,\"first_seen\":\"\"}\n");
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_rows_parse_back),
        cmocka_unit_test (test_sheet),
        cmocka_unit_test (test_sheet_row),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
