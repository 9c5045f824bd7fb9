/* test-row.c: the column table is complete, ordered and round-trips; the
 * column names are the stable interface users' scripts read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-row.h"

static const char *const stable_names[] = {
    "source", "bounce_date", "recipient", "action", "status", "reply_code",
    "class", "reason", "diagnostic", "remote_mta", "reporting_mta",
    "original_sender", "original_message_id", "original_subject", "list_id",
    "detected_by", "rule", "feedback_type",
};

static void
test_columns_complete_and_stable (void **state)
{
    assert_int_equal (G_N_ELEMENTS (stable_names), BS_COLUMN_COUNT);
    for (int column = 0; column < BS_COLUMN_COUNT; column++) {
        const char *name = bs_row_column_name (column);
        BsColumn back = BS_COLUMN_COUNT;

        if (name == NULL || strcmp (name, stable_names[column]) != 0)
            fail_msg ("column %d is \"%s\", expected \"%s\"", column,
                      name ? name : "(null)", stable_names[column]);
        assert_true (bs_row_column_from_name (name, &back));
        assert_int_equal (back, column);
    }
    assert_null (bs_row_column_name (BS_COLUMN_COUNT));
    assert_false (bs_row_column_from_name ("nope", &(BsColumn) { 0 }));
}

static void
test_values (void **state)
{
    g_autoptr (BsReport) report = bs_report_new ("m.eml");
    g_autoptr (BsRecipient) recipient = bs_recipient_new ();

    recipient->recipient = g_strdup ("r@example.com");
    recipient->klass = BS_CLASS_COMPLAINT;
    report->list_id = g_strdup ("news.example.com");
    assert_string_equal (bs_row_get (report, recipient, BS_COLUMN_SOURCE),
                         "m.eml");
    assert_string_equal (bs_row_get (report, recipient, BS_COLUMN_RECIPIENT),
                         "r@example.com");
    assert_string_equal (bs_row_get (report, recipient, BS_COLUMN_CLASS),
                         "complaint");
    assert_string_equal (bs_row_get (report, recipient, BS_COLUMN_LIST_ID),
                         "news.example.com");
    assert_string_equal (bs_row_get (report, recipient, BS_COLUMN_STATUS), "");
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_columns_complete_and_stable),
        cmocka_unit_test (test_values),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
