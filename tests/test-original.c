/* test-original.c: the returned original's headers, from a header block
 * (quoted copy, text/rfc822-headers) and from a parsed message, and the
 * id inside List-Id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "bs-mime.h"
#include "bs-original.h"
#include "test-gmime.h"

/* The four fields a row reports, "|" between them, "-" when missing. */
static char *
describe (const BsReport *report)
{
    return g_strdup_printf (
        "%s|%s|%s|%s",
        report->original_sender ? report->original_sender : "-",
        report->original_message_id ? report->original_message_id : "-",
        report->original_subject ? report->original_subject : "-",
        report->list_id ? report->list_id : "-");
}

static const struct {
    const char *headers;
    const char *expected;
    const char *why;
} block_cases[] = {
    { "From: Jane Roe <Jane@Lists.Example.ORG>\n"
      "Message-ID: <m1.42@lists.example.org>\n"
      "Subject: Weekly news\n"
      "List-Id: Weekly News <news.lists.example.org>\n",
      "Jane@lists.example.org|m1.42@lists.example.org|Weekly news|"
      "news.lists.example.org", "all four; domain lower-cased" },
    { "Subject: a long\n  subject line\n\tthat folds\nTo: x@example.net\n",
      "-|-|a long subject line that folds|-", "folded subject" },
    { "Subject: =?UTF-8?B?Q2Fmw6kgbmV3cw==?=\n",
      "-|-|Caf\xc3\xa9 news|-", "encoded-word decoded to UTF-8" },
    { "Return-Path: <owner@example.org>\nSubject: x\n",
      "owner@example.org|-|x|-", "no From: the Return-Path" },
    { "From: list@example.org\r\nSubject: crlf\r\n\r\nSubject: body\r\n",
      "list@example.org|-|crlf|-", "CRLF; the blank line ends the block" },
    { "Received: from a.example.net (via\nHTTP); Sat, 1 Nov 2025\n"
      "Subject: after a wrapped line\n",
      "-|-|after a wrapped line|-", "a line that is not a field is skipped" },
    { "SUBJECT: first\nsubject: second\nmessage-id: <a@b.example>\n",
      "-|a@b.example|first|-", "names case-insensitive; the first counts" },
    { "List-Id: plain-id.example.org\n", "-|-|-|plain-id.example.org",
      "List-Id without brackets" },
    { "From: \"Group\": ;\nReturn-Path: <r@example.net>\n",
      "r@example.net|-|-|-", "From with no mailbox: the Return-Path" },
    { "From: <a@B.example>\n", "a@b.example|-|-|-", "angle brackets only" },
    { "From:   a@b.example  \n", "a@b.example|-|-|-", "bare address" },
    { "From: Jane Q. Roe <j@x.example>\n", "j@x.example|-|-|-",
      "unquoted display name with a dot" },
    { "From: \"Roe, Jane\" <j@x.example>\n", "j@x.example|-|-|-",
      "quoted display name: GMime reads it" },
    { "From: j@x.example (Jane <jr@y.example>)\n", "j@x.example|-|-|-",
      "a comment holding another address" },
    { "From: a@b.example, c@d.example\n", "a@b.example|-|-|-",
      "a list: the first" },
    { "From: Jane <j@x.example> <k@y.example>\n", "j@x.example|-|-|-",
      "two angle addresses: GMime's first" },
    { "From: MAILER-DAEMON\nReturn-Path: <>\n", "-|-|-|-",
      "no address anywhere" },
    { "\nSubject: too late\n", "-|-|-|-", "empty block" },
    { "Subject:\n", "-|-|-|-", "empty value" },
    { "Subject", "-|-|-|-", "a name without a colon at the end" },
};

static void
test_headers (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (block_cases); i++) {
        g_autoptr (BsReport) report = bs_report_new ("t");
        g_autofree char *got = NULL;

        bs_original_read_headers (report, block_cases[i].headers,
                                  strlen (block_cases[i].headers));
        got = describe (report);
        if (strcmp (got, block_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got %s", i, block_cases[i].why, got);
    }
}

/* A field already filled (by an earlier reader) is kept. */
static void
test_keeps_filled (void **state)
{
    g_autoptr (BsReport) report = bs_report_new ("t");
    static const char headers[] = "Subject: new\nMessage-ID: <n@example>\n";

    report->original_subject = g_strdup ("old");
    assert_true (bs_original_read_headers (report, headers,
                                           strlen (headers)));
    assert_string_equal (report->original_subject, "old");
    assert_string_equal (report->original_message_id, "n@example");
    assert_false (bs_original_read_headers (report, headers,
                                            strlen (headers)));
}

/* A parsed message gives the same as its header block. */
static void
test_message (void **state)
{
    static const char text[] =
        "From: Jane Roe <jane@lists.example.org>\n"
        "Message-ID: <m1.42@lists.example.org>\n"
        "Subject: =?ISO-8859-1?Q?R=E9sum=E9?=\n"
        "List-Id: <news.lists.example.org>\n\nbody\n";
    g_autoptr (GMimeMessage) message = bs_mime_parse (text, strlen (text));
    g_autoptr (BsReport) from_message = bs_report_new ("t");
    g_autoptr (BsReport) from_block = bs_report_new ("t");
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    assert_non_null (message);
    assert_true (bs_original_read (from_message, message));
    assert_true (bs_original_read_headers (from_block, text, strlen (text)));
    a = describe (from_message);
    b = describe (from_block);
    assert_string_equal (a, "jane@lists.example.org|m1.42@lists.example.org|"
                            "R\xc3\xa9sum\xc3\xa9|news.lists.example.org");
    assert_string_equal (a, b);
}

static const struct {
    const char *value;
    const char *expected;
} list_id_cases[] = {
    { "News <news.example.org>", "news.example.org" },
    { "<a.example> <b.example>", "b.example" },
    { "  bare.example.org  ", "bare.example.org" },
    { "<>", "<>" },
    { NULL, NULL },
};

static void
test_list_id (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (list_id_cases); i++) {
        g_autofree char *got = bs_original_list_id (list_id_cases[i].value);

        if (g_strcmp0 (got, list_id_cases[i].expected) != 0)
            fail_msg ("case %zu: got %s", i, got ? got : "NULL");
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_headers),
        cmocka_unit_test (test_keeps_filled),
        cmocka_unit_test (test_message),
        cmocka_unit_test (test_list_id),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
