/* test-failed.c: which addresses a prose bounce reports as failed
 * (bs-failed.h): not the bounce's own parties, help addresses or aliases,
 * and of several, those it names as failed rather than quotes in its
 * explanation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "test-gmime.h"

#include "bs-failed.h"
#include "bs-mime.h"

/* A prose bounce from a delivery system with BODY. */
#define PROSE(body)                                                         \
    "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\n"           \
    "To: news-bounces@example.org\nSubject: Undeliverable: news\n\n" body

static const struct {
    const char *input;
    const char *expected;   /* the failed addresses, ", " between */
    const char *why;
} cases[] = {
    { PROSE ("Your message to <a@example.net> could not be delivered.\n"
             "The account was closed; its holder's new address is\n"
             "b@elsewhere.example. For help write to\n"
             "help@example.net.\n"),
      "a@example.net", "a moved member's new address and the help desk" },
    { PROSE ("Delivery failed for these recipients:\n\n"
             "  a@example.net\n  b@example.net\n"),
      "a@example.net, b@example.net", "an indented list after a colon" },
    { PROSE ("<a@example.net>: host mx.example.net said: 550 unknown\n\n"
             "<b@example.net>: host mx.example.net said: 552 full\n"),
      "a@example.net, b@example.net", "Postfix entries" },
    { PROSE ("a@example.net... User unknown\n"
             "b@example.net... Mailbox full\n"),
      "a@example.net, b@example.net", "Sendmail's dots after each" },
    { PROSE ("The message was not delivered to x@example.net because\n"
             "the mailbox is full. Example of a valid address:\n"
             "first.last@example.net\n"),
      "x@example.net", "an example address on its own line after a "
      "colon is still an example" },
    { PROSE ("Hi. Could not deliver. Contact postmaster@example.net or\n"
             "a@example.net, the user, for more.\n"),
      "a@example.net", "one address left once help is taken out" },
    { PROSE ("Mail for a@example.net and b@example.net came back.\n"),
      "a@example.net, b@example.net",
      "none named as failed: all kept, as before" },
    { PROSE ("<a@example.net> (expanded from <list@example.org>): 550 "
             "unknown\n"),
      "a@example.net", "the alias it was reached through" },
    { "From: MAILER-DAEMON@mx.example.com\nTo: self@example.net\n"
      "Subject: failure notice\n\n"
      "Hi. This is the qmail-send program at mx.example.com.\n\n"
      "<self@example.net>:\nSorry, no mailbox here by that name.\n\n"
      "--- Below this line is a copy of the message.\n\n"
      "From: self@example.net\nTo: self@example.net\n\nhi\n",
      "self@example.net", "qmail's <address>: paragraph names the failed "
      "address even when it is the notice's own To" },
    { "From: MAILER-DAEMON@mx.example.com\nTo: self@example.net\n"
      "Subject: failure notice\n\n"
      "Hi. This is the qmail-send program at mx.example.com.\n\n"
      "<other@example.net>:\nSorry, no mailbox here by that name.\n"
      "Your address <self@example.net>: see above.\n\n"
      "--- Below this line is a copy of the message.\n\n",
      "other@example.net", "the To named on a line that is no paragraph "
      "line is still the notice's own party" },
    { "From: Mail Delivery Subsystem <MAILER-DAEMON@aol.example>\n"
      "To: news-bounces@example.org\nSubject: Returned mail\n\n"
      "Your mail to the following recipients could not be delivered "
      "because they are not accepting mail from news@example.org:\n"
      "\tTopCat9\n\n--- Below this line is a copy of the message.\n\n"
      "From: news@example.org\nTo: news@example.org\n\nbody\n",
      "TopCat9@aol.example", "a screen name whose copy is addressed to the "
      "list: at the bounce's domain; the sender it names is no recipient" },
    { "From: MAILER-DAEMON@mail.example.org\nTo: me@mail.example.org\n"
      "Subject: Failure Notice\n\nSorry, we were unable to deliver your "
      "message to the following address.\n\n<me@mail.example.org>:\n"
      "Remote host said: 554 delivery error: dd This user doesn't have an "
      "account\n",
      "me@mail.example.org", "Yahoo's qmail shape without its separator" },
    { PROSE ("Your message from news@example.org could not be delivered to "
             "c@example.net.\n"),
      "c@example.net", "an address named only as the sender" },
    { PROSE ("<news-bounces@example.org>:\nSorry, no mailbox here.\n"),
      "", "a <To>: line outside a qmail notice is still the bounce's own "
      "party" },
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
        found = bs_failed_find (input, &prose);
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
