/* test-prose.c: the text of a prose bounce: the addresses it names and
 * where the returned copy starts (bs-prose.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-prose.h"

static const struct {
    const char *input;
    const char *expected;   /* addresses joined by spaces */
    const char *why;
} address_cases[] = {
    { "<a@example.com>: 550 no <a@example.com>", "a@example.com", "dedupe" },
    { "to b.c+d@Example.NET, then e@example.org.", "b.c+d@example.net "
      "e@example.org", "order, trailing dot" },
    { "user@localhost and @example.com", "", "no dot, no local part" },
    { "RCPT To:<x@mx.example.com> <<< 550", "x@mx.example.com", "transcript" },
    { "'quoted@example.com'", "quoted@example.com", "quotes" },
    { "", "", "empty" },
};

static void
test_addresses (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (address_cases); i++) {
        const char *input = address_cases[i].input;
        g_auto (GStrv) found = bs_prose_addresses (input, strlen (input));
        g_autofree char *joined = g_strjoinv (" ", found);

        if (strcmp (joined, address_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, address_cases[i].why,
                      joined);
    }
}

static const struct {
    const char *input;
    const char *rest;   /* where the cut should leave us */
    const char *why;
} cut_cases[] = {
    { "a\n--- Below this line is a copy of the message.\nb",
      "--- Below this line is a copy of the message.\nb", "qmail marker" },
    { "a\n------ This is a copy of the message, including all the headers. "
      "------\nb", "------ This is a copy", "exim marker" },
    { "The original message was received at Mon\nx\n   ----- Original "
      "message follows -----\ny", "   ----- Original", "sendmail: only the "
      "decorated line cuts" },
    { "report\nReceived: from x\n", "Received: from x", "quoted headers" },
    { "no copy at all", "", "none" },
    { "550 <a@b>... User unknown\n\n   ----- Unsent message follows -----\n"
      "Received: by x", "   ----- Unsent message", "old sendmail copy" },
};

static void
test_cut (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (cut_cases); i++) {
        const char *cut = bs_prose_cut (cut_cases[i].input);

        if (strncmp (cut, cut_cases[i].rest, strlen (cut_cases[i].rest)) != 0
            || (*cut_cases[i].rest == '\0' && *cut != '\0'))
            fail_msg ("case %zu (%s): cut at \"%s\"", i, cut_cases[i].why,
                      cut);
    }
}

static const struct {
    const char *text;
    const char *hit;        /* the text from the address on */
    gboolean summary;
    const char *why;
} summary_cases[] = {
    { "To: a@example.com\n", "a@example.com", TRUE, "a To: line" },
    { "  > Subject: mail for a@example.com\n", "a@example.com", TRUE,
      "quoted and indented" },
    { "<a@example.com>: 550 unknown\n", "a@example.com", FALSE,
      "a report line" },
    { "x\nFrom: b@example.com", "b@example.com", TRUE, "second line" },
};

static void
test_summary (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (summary_cases); i++) {
        const char *text = summary_cases[i].text;
        const char *hit = strstr (text, summary_cases[i].hit);

        if (bs_prose_on_summary_line (text, hit) != summary_cases[i].summary)
            fail_msg ("case %zu (%s)", i, summary_cases[i].why);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_addresses),
        cmocka_unit_test (test_cut),
        cmocka_unit_test (test_summary),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
