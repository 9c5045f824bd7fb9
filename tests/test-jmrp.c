/* test-jmrp.c: Microsoft's older complaint reports (bs-jmrp.h): the
 * complainant named by X-HmXmrOriginalRecipient in the returned message,
 * and what is not such a report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "test-gmime.h"

#include "bs-jmrp.h"
#include "bs-mime.h"

#define REPORT "From: staff@mail.example.com\nTo: fbl@example.org\n"     \
    "Subject: complaint about message from 192.0.2.1\nMIME-Version: 1.0\n"

#define ATTACHED(inner)                                                     \
    REPORT "Content-Type: multipart/mixed; boundary=\"J\"\n\n--J\n"         \
    "Content-Type: text/plain\n\nA complaint.\n--J\n"                       \
    "Content-Type: message/rfc822\n\n" inner "\n--J--\n"

static const struct {
    const char *input;
    const char *expected;  /* "recipient feedback original_subject", or "" */
    const char *why;
} cases[] = {
    { ATTACHED ("X-HmXmrOriginalRecipient: <c@mail.example.com>\n"
                "From: news@example.org\nTo: c@mail.example.com\n"
                "Subject: News\n\nbody\n"),
      "c@mail.example.com abuse News", "the returned message, attached" },
    { REPORT "Content-Type: message/rfc822\n\n"
      "x-hmxmroriginalrecipient: d@mail.example.com\n"
      "From: news@example.org\nSubject: Offers\n\nbody\n",
      "d@mail.example.com abuse Offers",
      "the whole body, the header in lower case" },
    { REPORT "X-HmXmrOriginalRecipient: <e@mail.example.com>\n"
      "Content-Type: text/plain\n\nA complaint.\n",
      "e@mail.example.com abuse -", "the header on the report itself" },
    { ATTACHED ("X-HmXmrOriginalRecipient: redacted\n"
                "From: news@example.org\nSubject: News\n\nbody\n"),
      "", "a complainant that is no address" },
    { ATTACHED ("From: news@example.org\nTo: f@mail.example.com\n"
                "Subject: News\n\nbody\n"),
      "", "a returned message without the header: no JMRP report" },
};

static char *
row (const char *input)
{
    BsOptions options;
    g_autoptr (GMimeMessage) message = bs_mime_parse (input, strlen (input));
    g_autoptr (BsInput) scan = NULL;
    g_autoptr (BsReport) report = bs_report_new ("t");
    BsRecipient *x;

    bs_options_init (&options);
    scan = bs_input_new (message, input, strlen (input), &options);
    if (!bs_jmrp_read (report, scan))
        return g_strdup ("");
    assert_int_equal (report->recipients->len, 1);
    x = g_ptr_array_index (report->recipients, 0);
    return g_strdup_printf ("%s %s %s", x->recipient, x->feedback_type,
                            report->original_subject
                            ? report->original_subject : "-");
}

static void
test_read (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = row (cases[i].input);

        if (strcmp (got, cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, cases[i].why, got);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_read),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
