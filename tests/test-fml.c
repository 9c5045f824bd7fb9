/* test-fml.c: notices of the fml mailing-list manager (bs-fml.h): which
 * messages are fml's notices, whom they refused, and what they mean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "test-gmime.h"

#include "bs-fml.h"
#include "bs-mime.h"

/* A message from the list's maintainer to TO with SUBJECT, extra HEADERS
 * and BODY, marked as fml's. */
#define FML(to, subject, headers, body)                                     \
    "From: cats-admin@lists.example.jp\nTo: " to "\nSubject: " subject      \
    "\nX-MLServer: fml [fml 4.0.3 release]\n" headers "\n" body

static const struct {
    const char *input;
    const char *expected;  /* "recipient | note | diagnostic", or "" */
    const char *why;
} cases[] = {
    { FML ("poster@example.net", "Fml status report (cats ML)", "",
           "you are not member.\n\n--cats@lists.example.jp, Be Seeing You!\n"
           "\n   please contact cats-admin@lists.example.jp\n"),
      "poster@example.net | the list rejected the post: the sender is not a "
      "member of this list | you are not member.",
      "fml4's reply to a poster: the notice's To" },
    { FML ("cats-admin@lists.example.jp",
           "NOT MEMBER article from poster@example.net (cats ML)", "",
           "NOT MEMBER article from poster@example.net\n\n\n"
           "Original mail as follows:\n\nFrom: poster@example.net\n"),
      "poster@example.net | the list rejected the post: the sender is not a "
      "member of this list | NOT MEMBER article from poster@example.net",
      "the maintainer's copy names the poster" },
    { FML ("cats-admin@lists.example.jp",
           "Spam mail from a spammer is rejected (cats ML)", "",
           "Reject Spammers:\n   UnixFrom\tbulk@example.com\n"
           "   From\t\tbulk@example.com\n"),
      "bulk@example.com | rejected as spam: the sender is on the list's "
      "spammer list | Reject Spammers: UnixFrom bulk@example.com From "
      "bulk@example.com", "a spammer refused" },
    { FML ("cats-admin@lists.example.jp", "You x@example.net are not member "
           "(cats ML)", "", "Only members may post.\n"),
      "x@example.net | the list rejected the post: the sender is not a "
      "member of this list | Only members may post.",
      "the deny file's reply, named in its subject" },
    { "From: dogs-admin@ml.example.org\nTo: p@example.com\n"
      "Subject: message from dogs ML distribute system\n"
      "List-Software: fml [fml 8.0]\n"
      "List-Post: <mailto:dogs@ml.example.org>\n\n"
      "error: you are not a member of this dogs mailing list.\n\n"
      "1) check From: field in your mail.\n\n"
      "The first 2048 bytes of this message follows:\n\n"
      "   From: p@example.com\n",
      "p@example.com | the list rejected the post: the sender is not a "
      "member of this list | error: you are not a member of this dogs "
      "mailing list.", "fml8, its first paragraph only" },
    { FML ("poster@example.net", "Fml status report (cats ML)",
           "Content-Type: text/plain; charset=utf-8\n",
           "\xe3\x81\x82\xe3\x81\xaa\xe3\x81\x9f\xe3\x81\xaf"
           "\xe3\x83\xa1\xe3\x83\xb3\xe3\x83\x90\xe3\x83\xbc"
           "\xe3\x81\xa7\xe3\x81\xaf\xe3\x81\xaa\xe3\x81\x84\n\n"
           "--cats@lists.example.jp, Be Seeing You!\n"),
      "poster@example.net | the list rejected the post: the sender is not a "
      "member of this list | \xe3\x81\x82\xe3\x81\xaa\xe3\x81\x9f"
      "\xe3\x81\xaf\xe3\x83\xa1\xe3\x83\xb3\xe3\x83\x90\xe3\x83"
      "\xbc\xe3\x81\xa7\xe3\x81\xaf\xe3\x81\xaa\xe3\x81\x84",
      "fml4's Japanese template: 'you are not a member'" },
    { FML ("cats-admin@lists.example.jp",
           "Loop Alert: Duplicated Message-ID (cats ML)", "",
           "Duplicated Message-ID in <cats@lists.example.jp>.\n"),
      "", "a loop alert to the maintainer names no poster: left to the prose "
      "reader" },
    { FML ("cats@lists.example.jp", "[cats:00012] rejected again",
           "X-Mail-Count: 00012\n", "My post was rejected; not a member?\n"),
      "", "an article the list distributed is no notice" },
    { FML ("poster@example.net", "Welcome", "", "Hello and welcome.\n"),
      "", "an fml message in none of its notices' words" },
    { "From: admin@example.org\nTo: poster@example.net\n"
      "Subject: Fml status report (cats ML)\n\nyou are not member.\n",
      "", "not marked as fml's" },
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
    if (!bs_fml_read (report, scan))
        return g_strdup ("");
    assert_int_equal (report->recipients->len, 1);
    x = g_ptr_array_index (report->recipients, 0);
    return g_strdup_printf ("%s | %s | %s", x->recipient,
                            x->status_note ? x->status_note : "-",
                            x->diagnostic ? x->diagnostic : "-");
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
