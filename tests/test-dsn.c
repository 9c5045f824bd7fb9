/* test-dsn.c: delivery-status bodies to recipients (RFC 3464 section 2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-dsn.h"

/* Each recipient is rendered "recipient|action|status field (note)|diag type|
 * diagnostic|remote mta"; MESSAGE is "reporting mta|arrival date". */
static const struct {
    const char *input;
    const char *message;
    const char *expected[4];
    const char *why;
} cases[] = {
    { "Reporting-MTA: dns; mx.example.com\n"
      "Arrival-Date: Mon, 5 Jan 2026 10:00:00 +0000\n\n"
      "Final-Recipient: rfc822; a@example.org\nAction: failed\n"
      "Status: 5.1.1\nRemote-MTA: dns; in.example.org\n"
      "Diagnostic-Code: smtp; 550 5.1.1 <a@example.org>: unknown\n",
      "mx.example.com|Mon, 5 Jan 2026 10:00:00 +0000",
      { "a@example.org|failed|5.1.1|smtp|550 5.1.1 <a@example.org>: unknown|"
        "in.example.org" },
      "one recipient" },
    { "reporting-mta: dns; mx.example.com\n\n"
      "final-recipient: RFC822; a@example.org\nACTION: Failed\n"
      "status: 5.0.0\n\n\n\nFinal-Recipient: rfc822;b@example.org\n"
      "Action: delayed\nStatus: 4.4.1 (timeout)\n",
      "mx.example.com|",
      { "a@example.org|failed|5.0.0|||",
        "b@example.org|delayed|4.4.1 (timeout)|||" },
      "case-insensitive names, extra blank lines, status comment" },
    { "Final-Recipient: rfc822; a@example.org\nAction: failed\n"
      "Status: 5.2.1 ( mailbox disabled, not accepting messages )\n"
      "Final-Recipient: rfc822; b@example.org\nAction: failed\n"
      "Status: 5.0.0 ()\n",
      "|",
      { "a@example.org|failed|5.2.1 (mailbox disabled, not accepting "
        "messages)|||", "b@example.org|failed|5.0.0|||" },
      "status note trimmed; an empty comment is no note" },
    { "Reporting-MTA: dns; mx.example.com\n"
      "Final-Recipient: rfc822; a@example.org\nAction: failed\n"
      "Status: 5.1.1\nFinal-Recipient: rfc822; b@example.org\n"
      "Action: failed\nStatus: 5.2.2\n",
      "mx.example.com|",
      { "a@example.org|failed|5.1.1|||", "b@example.org|failed|5.2.2|||" },
      "no blank lines at all" },
    { "Original-Recipient: rfc822; list@example.org\n"
      "Final-Recipient: rfc822; real@example.org\nAction: failed\n"
      "Original-Recipient: rfc822; two@example.org\n"
      "Final-Recipient: rfc822; two@example.org\nAction: failed\n",
      "|",
      { "real@example.org|failed||||", "two@example.org|failed||||" },
      "Original-Recipient starts the next block" },
    { "Final-Recipient: rfc822; a@example.org\n"
      "Diagnostic-Code: smtp; 550-5.1.1 The account\n"
      "    550-5.1.1 does not exist.\n    550 5.1.1 Try again\n",
      "|",
      { "a@example.org|||smtp|550-5.1.1 The account 550-5.1.1 does not "
        "exist. 550 5.1.1 Try again|" },
      "folded multi-line reply" },
    { "Final-Recipient: utf-8; \\x{7528}@example.com\nAction: failed\n",
      "|", { "\xe7\x94\xa8@example.com|failed||||" }, "RFC 6533 unitext" },
    { "Original-Recipient: rfc822; only@example.org\nAction: failed\n",
      "|", { "only@example.org|failed||||" }, "only Original-Recipient" },
    { "Reporting-MTA: dns; mx.example.com\n\nAction: failed\nStatus: 5.1.1\n",
      "mx.example.com|", { NULL }, "block with no recipient dropped" },
    { "this is not a report at all\n", "|", { NULL }, "junk only" },
    { "Final-Recipient: rfc822; nobody\nAction: failed\n",
      "|", { "nobody|failed||||" }, "address without domain kept as text" },
};

static char *
render (const BsRecipient *r)
{
    return g_strdup_printf ("%s|%s|%s%s%s%s|%s|%s|%s", r->recipient,
                            r->action ? r->action : "",
                            r->status_field ? r->status_field : "",
                            r->status_note ? " (" : "",
                            r->status_note ? r->status_note : "",
                            r->status_note ? ")" : "",
                            r->diagnostic_type ? r->diagnostic_type : "",
                            r->diagnostic ? r->diagnostic : "",
                            r->remote_mta ? r->remote_mta : "");
}

static void
check_case (gsize i, const BsOptions *options)
{
    g_autoptr (BsReport) report = bs_report_new ("t");
    g_autofree char *message = NULL;
    guint want = 0;
    guint got = bs_dsn_parse (report, cases[i].input, strlen (cases[i].input),
                              options);

    while (want < 4 && cases[i].expected[want] != NULL)
        want++;
    if (got != want || report->recipients->len != want)
        fail_msg ("case %zu (%s): %u recipients, expected %u", i,
                  cases[i].why, got, want);
    for (guint r = 0; r < want; r++) {
        g_autofree char *line = render (g_ptr_array_index (report->recipients,
                                                           r));
        if (strcmp (line, cases[i].expected[r]) != 0)
            fail_msg ("case %zu (%s): recipient %u is \"%s\"", i,
                      cases[i].why, r, line);
    }
    message = g_strdup_printf ("%s|%s", report->reporting_mta
                               ? report->reporting_mta : "",
                               report->arrival_date
                               ? report->arrival_date : "");
    if (strcmp (message, cases[i].message) != 0)
        fail_msg ("case %zu (%s): message fields \"%s\"", i, cases[i].why,
                  message);
}

static void
test_parse (void **state)
{
    BsOptions options;

    bs_options_init (&options);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
        check_case (i, &options);
}

static void
test_recipient_limit (void **state)
{
    g_autoptr (GString) text = g_string_new (NULL);
    g_autoptr (BsReport) report = bs_report_new ("t");
    BsOptions options;

    bs_options_init (&options);
    options.max_recipients = 3;
    for (int i = 0; i < 10; i++)
        g_string_append_printf (text, "Final-Recipient: rfc822; u%d@example.com"
                                "\nAction: failed\n\n", i);
    assert_int_equal (bs_dsn_parse (report, text->str, text->len, &options),
                      3);
    assert_int_equal (report->recipients->len, 3);
    assert_true (report->notes->len > 0);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_parse),
        cmocka_unit_test (test_recipient_limit),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
