/* test-subscriber.c: the address a row names: Original-Recipient over
 * Final-Recipient, recipient fields that are not addresses, and where the
 * address comes from then (bs-subscriber.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "test-gmime.h"

#include "bs-scan.h"

/* A DSN from mx.example.com: HEADERS go into the bounce's header,
 * FIELDS into its delivery-status part, TO is the returned message's To. */
#define DSN(headers, fields, to)                                            \
    "From: MAILER-DAEMON@mx.example.com\nTo: list-bounces@example.org\n"    \
    "Subject: Delivery Status Notification (Failure)\n" headers             \
    "MIME-Version: 1.0\nContent-Type: multipart/report; "                   \
    "report-type=delivery-status; boundary=\"B\"\n\n--B\n"                  \
    "Content-Type: text/plain\n\nDelivery failed.\n--B\n"                   \
    "Content-Type: message/delivery-status\n\n"                             \
    "Reporting-MTA: dns; mx.example.com\n\n" fields "--B\n"                 \
    "Content-Type: text/rfc822-headers\n\nFrom: news@example.org\n"         \
    "To: " to "\nSubject: news\n\n--B--\n"

static const struct {
    const char *input;
    const char *expected;   /* the rows' recipients, ", " between; "-"
                             * for none */
    const char *note;       /* a note the report must hold, or NULL */
    const char *why;
} cases[] = {
    { DSN ("", "Original-Recipient: rfc822; member@example.net\n"
           "Final-Recipient: rfc822; member.real@mail.example.net\n"
           "Action: failed\nStatus: 5.1.1\n", "member@example.net"),
      "member@example.net",
      "recipient member@example.net is the Original-Recipient of "
      "member.real@mail.example.net", "the address the list gave wins" },
    { DSN ("", "Final-Recipient: rfc822; SMTP=Member@Example.NET\n"
           "Action: failed\nStatus: 5.1.1\n", "x@example.org"),
      "Member@example.net", NULL, "gateway prefix stripped" },
    { DSN ("", "Original-Recipient: rfc822; /S=Smith/O=hq/\n"
           "Final-Recipient: rfc822; smith@example.net\n"
           "Action: failed\nStatus: 5.1.1\n", "x@example.org"),
      "smith@example.net", NULL, "an X.400 Original-Recipient is ignored" },
    { DSN ("X-Failed-Recipients: gone@example.net\n",
           "Final-Recipient: x400; /C=US/ADMD= /PRMD=ex/O=hq/S=gone/\n"
           "Action: failed\nStatus: 5.1.1\n", "other@example.org"),
      "gone@example.net",
      "recipient '/C=US/ADMD= /PRMD=ex/O=hq/S=gone/' is not an address; "
      "gone@example.net taken from X-Failed-Recipients",
      "X.400 Final-Recipient, X-Failed-Recipients" },
    { DSN ("", "Final-Recipient: rfc822; userx@sims-ms-daemon\n"
           "Action: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 "
           "5.2.2 <userx@example.net> over quota\n", "other@example.org"),
      "userx@example.net",
      "recipient 'userx@sims-ms-daemon' is not an address; "
      "userx@example.net taken from the diagnostic",
      "internal daemon name, address in the diagnostic" },
    { DSN ("", "Final-Recipient: rfc822; <f.b>\nAction: failed\n"
           "Status: 5.1.1\n", "Reader <reader@example.net>"),
      "reader@example.net",
      "recipient '<f.b>' is not an address; reader@example.net taken from "
      "the returned message's To", "garbage, the returned To" },
    { DSN ("", "Final-Recipient: rfc822; <f.b>\nAction: failed\n"
           "Status: 5.1.1\n", "a@example.net, b@example.net"),
      "-", "recipient '<f.b>' is not an address, and the bounce names no "
      "other", "the returned To names two: none chosen" },
    { DSN ("", "Final-Recipient: rfc822; =?utf-8?B?5pel?=@example.jp\n"
           "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 "
           "a@example.jp or b@example.jp\n", "a@example.jp, b@example.jp"),
      "-", NULL, "an encoded word; two addresses in the diagnostic" },
    { DSN ("", "Final-Recipient: rfc822; one@example.net\nAction: failed\n"
           "Status: 5.1.1\n\nFinal-Recipient: rfc822; two@mail-daemon\n"
           "Action: failed\nStatus: 5.1.1\n", "one@example.net"),
      "one@example.net, -", NULL,
      "two recipients: no fallback guesses for the bad one" },
};

static char *
recipients (const BsReport *report)
{
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < report->recipients->len; i++) {
        const BsRecipient *r = g_ptr_array_index (report->recipients, i);

        g_string_append_printf (out, "%s%s", i ? ", " : "",
                                r->recipient ? r->recipient : "-");
    }
    return g_string_free (out, FALSE);
}

static gboolean
has_note (const BsReport *report, const char *note)
{
    for (guint i = 0; i < report->notes->len; i++)
        if (strcmp (g_ptr_array_index (report->notes, i), note) == 0)
            return TRUE;
    return FALSE;
}

static void
test_settle (void **state)
{
    BsOptions options;

    bs_options_init (&options);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (BsReport) report = bs_scan_bytes (
            "t", cases[i].input, strlen (cases[i].input), &options, NULL);
        g_autofree char *got = recipients (report);

        if (strcmp (got, cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, cases[i].why, got);
        if (cases[i].note != NULL && !has_note (report, cases[i].note))
            fail_msg ("case %zu (%s): no note \"%s\"", i, cases[i].why,
                      cases[i].note);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_settle),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
