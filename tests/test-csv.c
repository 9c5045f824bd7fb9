/* test-csv.c: RFC 4180 quoting, formula neutralising, the whole writer,
 * the report's sheets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-csv.h"
#include "bs-row.h"

static const struct {
    const char *input;
    gboolean raw;
    const char *expected;
    const char *why;
} cell_cases[] = {
    { "plain", FALSE, "plain", "no quoting needed" },
    { "", FALSE, "", "empty" },
    { "a,b", FALSE, "\"a,b\"", "comma" },
    { "say \"hi\"", FALSE, "\"say \"\"hi\"\"\"", "quotes doubled" },
    { "two\nlines", FALSE, "\"two\nlines\"", "newline" },
    { "cr\rhere", FALSE, "\"cr\rhere\"", "carriage return" },
    { " padded", FALSE, "\" padded\"", "leading space" },
    { "=HYPERLINK(\"x\")", FALSE, "\"'=HYPERLINK(\"\"x\"\")\"", "formula" },
    { "+1", FALSE, "\"'+1\"", "plus" },
    { "-2", FALSE, "\"'-2\"", "minus" },
    { "@SUM(A1)", FALSE, "\"'@SUM(A1)\"", "at sign" },
    { "\tx", FALSE, "\"'\tx\"", "tab" },
    { "=1+1", TRUE, "=1+1", "raw keeps formulas" },
    { "a=b", FALSE, "a=b", "only the first character counts" },
    { "5.1.1", FALSE, "5.1.1", "codes untouched" },
    { "\xe7\x94\xa8\xe6\x88\xb7", FALSE, "\xe7\x94\xa8\xe6\x88\xb7", "UTF-8" },
};

static void
test_cells (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (cell_cases); i++) {
        g_autoptr (GString) out = g_string_new (NULL);

        bs_csv_append_cell (out, cell_cases[i].input, cell_cases[i].raw);
        if (strcmp (out->str, cell_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): \"%s\" gave [%s]", i, cell_cases[i].why,
                      cell_cases[i].input, out->str);
    }
}

static void
test_writer (void **state)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsWriter) writer = bs_csv_writer_new (out, FALSE);
    g_autoptr (BsReport) report = bs_report_new ("a.eml");
    BsRecipient *recipient = bs_recipient_new ();
    g_autofree char *text = NULL;
    const char *expected =
        "source,bounce_date,recipient,action,status,reply_code,class,reason,"
        "diagnostic,remote_mta,reporting_mta,original_sender,"
        "original_message_id,original_subject,list_id,detected_by,rule,"
        "feedback_type\r\n"
        "a.eml,,u@example.com,failed,5.1.1,550,hard,,\"550 5.1.1 no, such\","
        ",,,,,,dsn,,\r\n";

    recipient->recipient = g_strdup ("u@example.com");
    recipient->action = g_strdup ("failed");
    recipient->status = g_strdup ("5.1.1");
    recipient->reply_code = g_strdup ("550");
    recipient->diagnostic = g_strdup ("550 5.1.1 no, such");
    recipient->klass = BS_CLASS_HARD;
    report->detected_by = g_strdup ("dsn");
    g_ptr_array_add (report->recipients, recipient);
    assert_true (bs_writer_begin (writer, NULL));
    assert_true (bs_writer_report (writer, report, NULL));
    assert_true (bs_writer_end (writer, NULL));
    assert_true (g_output_stream_write (out, "", 1, NULL, NULL) == 1);
    assert_true (g_output_stream_close (out, NULL, NULL));
    text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
    assert_string_equal (text, expected);
}

/* Only remote text is neutralised: a source "-" (standard input), an
 * address that starts with '-' or '+', and our words stay exact. */
static void
test_names_stay (void **state)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsWriter) writer = bs_csv_writer_new (out, FALSE);
    g_autoptr (BsReport) report = bs_report_new ("-:0");
    BsRecipient *recipient = bs_recipient_new ();
    g_autoptr (GString) rendered = g_string_new (NULL);
    const char *row = "-:0,,-ops@example.com,,,,soft,,\"'@SUM(1)\",\"'=mx\","
                      "\"'+relay\",+news@example.org,\"'-id\",\"'=subject\","
                      "\"'-list\",,,\"'=abuse\"\r\n";

    recipient->recipient = g_strdup ("-ops@example.com");
    recipient->diagnostic = g_strdup ("@SUM(1)");
    recipient->remote_mta = g_strdup ("=mx");
    recipient->feedback_type = g_strdup ("=abuse");
    report->reporting_mta = g_strdup ("+relay");
    report->original_sender = g_strdup ("+news@example.org");
    report->original_message_id = g_strdup ("-id");
    report->original_subject = g_strdup ("=subject");
    report->list_id = g_strdup ("-list");
    g_ptr_array_add (report->recipients, recipient);
    assert_true (bs_writer_render (writer, report, rendered, NULL));
    assert_string_equal (rendered->str, row);
}

/* What a worker process renders is what the writer would have written,
 * and the header pending in the writer's buffer stays out of it. */
static void
test_render (void **state)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsWriter) writer = bs_csv_writer_new (out, FALSE);
    g_autoptr (BsReport) report = bs_report_new ("b.eml");
    g_autoptr (GString) rendered = g_string_new (NULL);
    g_autofree char *text = NULL;
    const char *rows =
        "b.eml,,one@example.com,,,,soft,,\"'=1+1\",,,,,,,,,\r\n"
        "b.eml,,two@example.com,,,,soft,,,,,,,,,,,\r\n";

    for (int i = 0; i < 2; i++) {
        BsRecipient *recipient = bs_recipient_new ();

        recipient->recipient = g_strdup (i == 0 ? "one@example.com"
                                                : "two@example.com");
        recipient->diagnostic = g_strdup (i == 0 ? "=1+1" : NULL);
        g_ptr_array_add (report->recipients, recipient);
    }
    assert_true (bs_writer_rows_stand_alone (writer));
    assert_true (bs_writer_begin (writer, NULL));
    assert_true (bs_writer_render (writer, report, rendered, NULL));
    assert_string_equal (rendered->str, rows);
    assert_true (bs_writer_write_text (writer, rendered->str, rendered->len,
                                       NULL));
    assert_true (bs_writer_end (writer, NULL));
    assert_true (g_output_stream_write (out, "", 1, NULL, NULL) == 1);
    assert_true (g_output_stream_close (out, NULL, NULL));
    text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
    assert_true (g_str_has_prefix (text, "source,bounce_date,"));
    assert_true (g_str_has_suffix (text, rows));
    assert_int_equal (strlen (text), strcspn (text, "\n") + 1 + strlen (rows));
}

/* The report's sheets: the header, then each row quoted and neutralised
 * as a cell is; CSV has no types, so a number is its text. */
static void
test_sheet (void **state)
{
    static const BsSheetColumn columns[] = {
        { "address", BS_CELL_TYPE_NAME },
        { "hard", BS_CELL_TYPE_NUMBER },
        { "last_diagnostic", BS_CELL_TYPE_TEXT },
    };
    const char *row[] = { "a@example.com", "2", "=1+1, say" };
    const char *expected[] = {
        "address,hard,last_diagnostic\r\n"
        "a@example.com,2,\"'=1+1, say\"\r\n",
        "address,hard,last_diagnostic\r\n"
        "a@example.com,2,\"=1+1, say\"\r\n",
    };

    for (int raw = 0; raw < 2; raw++) {
        g_autoptr (GOutputStream) out =
            g_memory_output_stream_new_resizable ();
        g_autoptr (BsSheet) sheet = bs_csv_sheet_new (out, columns, 3, raw);
        g_autofree char *text = NULL;

        assert_true (bs_sheet_begin (sheet, NULL));
        assert_true (bs_sheet_row (sheet, row, NULL));
        assert_true (bs_sheet_end (sheet, NULL));
        g_output_stream_write (out, "", 1, NULL, NULL);
        g_output_stream_close (out, NULL, NULL);
        text = g_memory_output_stream_steal_data (
            G_MEMORY_OUTPUT_STREAM (out));
        assert_string_equal (text, expected[raw]);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_cells),
        cmocka_unit_test (test_writer),
        cmocka_unit_test (test_render),
        cmocka_unit_test (test_names_stay),
        cmocka_unit_test (test_sheet),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
