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

/* Every column survives a get/set round trip through a fresh row. */
static void
test_set_round_trip (void **state)
{
    g_autoptr (BsReport) from = bs_report_new ("a.eml");
    g_autoptr (BsRecipient) row = bs_recipient_new ();
    g_autoptr (BsReport) to = bs_report_new (NULL);
    g_autoptr (BsRecipient) copy = bs_recipient_new ();

    for (int column = 0; column < BS_COLUMN_COUNT; column++) {
        g_autofree char *value = g_strdup_printf ("v%d", column);

        if (column == BS_COLUMN_CLASS)
            row->klass = BS_CLASS_AUTOREPLY;
        else
            bs_row_set (from, row, column, value);
    }
    for (int column = 0; column < BS_COLUMN_COUNT; column++)
        bs_row_set (to, copy, column, bs_row_get (from, row, column));
    for (int column = 0; column < BS_COLUMN_COUNT; column++)
        assert_string_equal (bs_row_get (to, copy, column),
                             bs_row_get (from, row, column));
    assert_string_equal (bs_row_get (to, copy, BS_COLUMN_CLASS), "autoreply");
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_columns_complete_and_stable),
        cmocka_unit_test (test_values),
        cmocka_unit_test (test_set_round_trip),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
