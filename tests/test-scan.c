/* test-scan.c: whole messages through the pipeline: MIME walking, the
 * returned original, status choice, fallbacks and limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "test-gmime.h"

#include "bs-error.h"
#include "bs-scan.h"

#define DSN_PART(recipient, status, diag)                                   \
    "Content-Type: message/delivery-status\n\n"                             \
    "Reporting-MTA: dns; mx.example.net\n\n"                                \
    "Final-Recipient: rfc822; " recipient "\nAction: failed\n"              \
    "Status: " status "\nDiagnostic-Code: smtp; " diag "\n"

#define ORIGINAL                                                            \
    "Content-Type: message/rfc822\n\n"                                      \
    "From: News <news@example.com>\nMessage-ID: <m1@example.com>\n"         \
    "Subject: =?UTF-8?B?SGVsbG8gd8O2cmxk?=\n"                               \
    "List-Id: Weekly news <weekly.example.com>\n\nbody\n"

static const char report_message[] =
    "From: MAILER-DAEMON@example.net\nTo: news@example.com\n"
    "Date: Mon, 05 Jan 2026 10:00:00 +0100\nSubject: Undelivered\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; "
    "boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\nSorry.\n--B\n"
    ORIGINAL "--B\n"
    DSN_PART ("gone@example.org", "5.0.0", "550 5.1.1 <gone@example.org> no")
    "--B--\n";

static const char forwarded_message[] =
    "From: admin@example.com\nSubject: Fwd: bounce\nMIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"O\"\n\n--O\n"
    "Content-Type: text/plain\n\nsee attached\n--O\n"
    "Content-Type: message/rfc822\n\n"
    "From: MAILER-DAEMON@example.net\nSubject: failure\nMIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; "
    "boundary=\"I\"\n\n--I\n"
    DSN_PART ("inner@example.org", "5.2.2", "552 mailbox full")
    "--I--\n--O--\n";

/* A bounce whose returned message is itself a bounce: only the outer
 * report's recipient counts. */
static const char double_bounce[] =
    "From: MAILER-DAEMON@example.net\nSubject: failure\nMIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; "
    "boundary=\"X\"\n\n--X\n"
    "Content-Type: message/rfc822\n\n"
    "From: MAILER-DAEMON@example.org\nSubject: inner failure\n"
    "MIME-Version: 1.0\nContent-Type: multipart/report; "
    "report-type=delivery-status; boundary=\"Y\"\n\n--Y\n"
    DSN_PART ("inner@example.org", "5.1.1", "550 no")
    "--Y--\n--X\n"
    DSN_PART ("outer@example.com", "4.4.7", "timeout")
    "--X--\n";

static const char top_level_dsn[] =
    "From: MAILER-DAEMON@example.net\nSubject: failure\n"
    "Content-Type: message/delivery-status\n\n"
    "Reporting-MTA: dns; mx.example.net\n\n"
    "Final-Recipient: rfc822; top@example.org\nAction: failed\n"
    "Status: 5.7.1\n";

/* An empty returned-headers part: GMime must not be handed a NULL buffer
 * (found by fuzzing: it corrupted the heap). */
static const char empty_original[] =
    "From: MAILER-DAEMON@example.net\nSubject: failure\nMIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; "
    "boundary=\"E\"\n\n--E\n"
    DSN_PART ("empty@example.org", "5.1.1", "550 no such user")
    "--E\nContent-Type: text/rfc822-headers\n\n--E--\n";

/* A session transcript: the successes before the failing reply are not
 * its codes. */
static const char transcript[] =
    "From: MAILER-DAEMON@example.net\nSubject: failure\nMIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; "
    "boundary=\"T\"\n\n--T\n"
    DSN_PART ("queue@example.org", "4.0.0",
              "Out: 250 2.1.5 Ok In: DATA Out: 354 End data with <CR><LF>.<CR><LF> "
              "Out: 451 4.3.0 Error: queue file write error")
    "--T--\n";

static const char not_a_bounce[] =
    "From: friend@example.com\nSubject: lunch?\n\nSee you at noon.\n";

static const struct {
    const char *input;
    const char *expected;   /* "recipient status reply class reason" */
    const char *original;   /* "sender|message id|subject|list id" */
    const char *why;
} cases[] = {
    { report_message, "gone@example.org 5.1.1 550 hard undefined",
      "news@example.com|m1@example.com|Hello w\xc3\xb6rld|weekly.example.com",
      "text's 5.1.1 is more specific than field's 5.0.0" },
    { forwarded_message, "inner@example.org 5.2.2 552 hard undefined",
      "|||", "report nested in a forward" },
    { double_bounce, "outer@example.com 4.4.7 - soft undefined",
      "MAILER-DAEMON@example.org||inner failure|",
      "bounce of a bounce reports the outer recipient only" },
    { top_level_dsn, "top@example.org 5.7.1 - hard undefined", "|||",
      "DSN as the top-level body" },
    { empty_original, "empty@example.org 5.1.1 550 hard undefined", "|||",
      "empty returned headers" },
    { transcript, "queue@example.org 4.3.0 451 soft undefined", "|||",
      "transcript: the failing reply, not the 250 before it" },
    { not_a_bounce, NULL, "|||", "not a bounce: no rows" },
};

/* Input that is no mail at all is the input's failure, named by the
 * caller like a file it cannot open; mail that is no bounce is a report
 * without rows. */
static void
test_not_mail (void **state)
{
    static const struct {
        const char *input;
        gsize length;
        const char *message;
    } cases[] = {
        { "", 0, "empty, not a message" },
        { "x", 0, "empty, not a message" },
        { "\x01\x02garbage\xff\xfe", 11,
          "not a message: no header could be read" },
    };
    BsOptions options;

    bs_options_init (&options);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GError) error = NULL;
        g_autoptr (BsReport) report = bs_scan_bytes (
            "t.eml", cases[i].input, cases[i].length, &options, &error);

        assert_null (report);
        assert_true (g_error_matches (error, BS_ERROR, BS_ERROR_INPUT));
        assert_string_equal (error->message, cases[i].message);
    }
}

static char *
render (const BsRecipient *r)
{
    return g_strdup_printf ("%s %s %s %s %s", r->recipient,
                            r->status ? r->status : "-",
                            r->reply_code ? r->reply_code : "-",
                            bs_class_to_string (r->klass), r->reason);
}

static void
check_case (gsize i, const BsOptions *options)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (BsReport) report = bs_scan_bytes (
        "t.eml", cases[i].input, strlen (cases[i].input), options, &error);
    g_autofree char *original = NULL;

    assert_non_null (report);
    assert_null (error);
    if (cases[i].expected == NULL) {
        if (report->recipients->len != 0 || report->notes->len == 0)
            fail_msg ("case %zu (%s): %u rows, %u notes", i, cases[i].why,
                      report->recipients->len, report->notes->len);
        return;
    }
    if (report->recipients->len != 1)
        fail_msg ("case %zu (%s): %u rows", i, cases[i].why,
                  report->recipients->len);
    {
        g_autofree char *got = render (g_ptr_array_index (report->recipients,
                                                          0));
        if (strcmp (got, cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, cases[i].why, got);
    }
    original = g_strdup_printf (
        "%s|%s|%s|%s", report->original_sender ?: "",
        report->original_message_id ?: "", report->original_subject ?: "",
        report->list_id ?: "");
    if (strcmp (original, cases[i].original) != 0)
        fail_msg ("case %zu (%s): original \"%s\"", i, cases[i].why, original);
    assert_string_equal (report->detected_by, "dsn");
}

static void
test_messages (void **state)
{
    BsOptions options;

    bs_options_init (&options);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
        check_case (i, &options);
}

static void
test_keeps_both_statuses_and_date (void **state)
{
    BsOptions options;
    g_autoptr (BsReport) report = NULL;
    BsRecipient *recipient;

    bs_options_init (&options);
    report = bs_scan_bytes ("t.eml", report_message, strlen (report_message),
                            &options, NULL);
    recipient = g_ptr_array_index (report->recipients, 0);
    assert_string_equal (recipient->status_field, "5.0.0");
    assert_string_equal (recipient->status_text, "5.1.1");
    assert_string_equal (report->bounce_date, "2026-01-05T10:00:00+01:00");
    assert_string_equal (report->reporting_mta, "mx.example.net");
}

static void
test_size_limit (void **state)
{
    BsOptions options;
    g_autoptr (GError) error = NULL;
    g_autoptr (BsReport) report = NULL;

    bs_options_init (&options);
    options.max_size = 10;
    report = bs_scan_bytes ("t.eml", not_a_bounce, strlen (not_a_bounce),
                            &options, &error);
    assert_null (report);
    assert_true (g_error_matches (error, BS_ERROR, BS_ERROR_LIMIT));
    assert_string_equal (error->message, "message of 59 bytes exceeds the "
                                         "size limit of 10 bytes");
}

static void
test_trace (void **state)
{
    BsOptions options;
    g_autoptr (BsReport) report = NULL;
    g_autofree char *joined = NULL;

    bs_options_init (&options);
    options.trace = TRUE;
    report = bs_scan_bytes ("t.eml", report_message, strlen (report_message),
                            &options, NULL);
    g_ptr_array_add (report->trace, NULL);
    joined = g_strjoinv ("\n", (char **) report->trace->pdata);
    g_ptr_array_remove_index (report->trace, report->trace->len - 1);
    assert_non_null (strstr (joined, "1.3 message/delivery-status"));
    assert_non_null (strstr (joined, "Status: 5.0.0"));
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_messages),
        cmocka_unit_test (test_not_mail),
        cmocka_unit_test (test_keeps_both_statuses_and_date),
        cmocka_unit_test (test_size_limit),
        cmocka_unit_test (test_trace),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
