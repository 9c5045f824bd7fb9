/* test-localpart.c: failed recipients named by local part alone
 * (bs-localpart.h): which lines of a report are such a list, and which
 * address each local part stands for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "test-gmime.h"

#include "bs-localpart.h"
#include "bs-mime.h"

#define FROM_AOL                                                            \
    "From: Mail Delivery Subsystem <MAILER-DAEMON@aol.example>\n"           \
    "To: news-bounces@example.org\nSubject: Returned mail\n"

#define CONTROLS                                                            \
    "Your mail to the following recipients could not be delivered "         \
    "because they are not accepting mail from news@example.org:\n"

/* A bounce with BODY and the returned message, whose To is TO. */
#define RETURNED(body, to)                                                  \
    FROM_AOL "MIME-Version: 1.0\n"                                          \
    "Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\n"                \
    "Content-Type: text/plain\n\n" body "\n--B\n"                           \
    "Content-Type: message/rfc822\n\nFrom: news@example.org\nTo: " to       \
    "\nSubject: Hi\n\nbody\n--B--\n"

static const struct {
    const char *input;
    gboolean confirmed;
    const char *expected;   /* the addresses, ", " between */
    const char *why;
} cases[] = {
    { RETURNED (CONTROLS "\tcatlover77\n", "CatLover77@aol.example"), TRUE,
      "CatLover77@aol.example", "a screen name the returned To confirms" },
    { RETURNED (CONTROLS "\tcatlover77\n\tdogfan\n",
                "catlover77@aol.example, other@aol.example"), TRUE,
      "catlover77@aol.example",
      "only those confirmed, when confirmation is asked for" },
    { RETURNED (CONTROLS "\tcatlover77\n\tdogfan\n",
                "catlover77@aol.example"), FALSE,
      "catlover77@aol.example, dogfan@aol.example",
      "else at the domain of the bounce's From" },
    { FROM_AOL "\n   ----- The following addresses had permanent fatal "
      "errors -----\n<jo.b>\n    (reason: 550 MAILBOX NOT FOUND)\n\n"
      "   ----- Transcript of session follows -----\n"
      "550 jo.b... User unknown\n", FALSE, "jo.b@aol.example",
      "a Sendmail section, its reason note skipped" },
    { FROM_AOL "\nThe following recipients failed:\n\n"
      "  Jo Bloggs on 5 January\n", FALSE, "",
      "a line of several words is no local part" },
    { FROM_AOL "\nThe following recipients failed:\n\n"
      "  jo@example.net\n", FALSE, "", "a whole address is not bare" },
    { FROM_AOL "\nWe could not deliver your message:\n\n  jo\n", FALSE, "",
      "a heading that names no recipients" },
    { FROM_AOL "\nThe following recipients failed:\n\n  12345\n", FALSE, "",
      "digits alone are no screen name" },
};

static void
test_find (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GMimeMessage) message = bs_mime_parse (
            cases[i].input, strlen (cases[i].input));
        BsOptions options;
        g_autoptr (BsInput) input = NULL;
        g_autoptr (GPtrArray) found = NULL;
        g_autoptr (GString) got = g_string_new (NULL);
        BsProse prose;

        bs_options_init (&options);
        input = bs_input_new (message, cases[i].input,
                              strlen (cases[i].input), &options);
        prose = (BsProse) { bs_input_text (input), bs_input_folded (input),
                            bs_prose_cut (bs_input_text (input)) };
        found = bs_localpart_find (input, &prose, cases[i].confirmed);
        for (guint a = 0; a < found->len; a++)
            g_string_append_printf (got, "%s%s", a ? ", " : "",
                                    (char *) g_ptr_array_index (found, a));
        if (strcmp (got->str, cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, cases[i].why,
                      got->str);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_find),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
