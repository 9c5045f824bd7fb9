/* test-mime.c: the MIME helpers the readers share: testing a part's type
 * in place, and header values decoded only when they need it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "bs-input.h"
#include "bs-mime.h"
#include "test-gmime.h"

static const char *const report_types[] = {
    "message/delivery-status", "message/global-delivery-status", NULL,
};
static const char *const html_type[] = { "text/html", NULL };

static const struct {
    const char *content_type;   /* NULL: no Content-Type header */
    const char *const *types;
    gboolean expected;
    const char *why;
} is_cases[] = {
    { "message/delivery-status", report_types, TRUE, "first of the list" },
    { "Message/Global-Delivery-Status; charset=utf-8", report_types, TRUE,
      "case-insensitive, parameters ignored" },
    { "message/delivery-status-x", report_types, FALSE, "longer subtype" },
    { "message/delivery", report_types, FALSE, "shorter subtype" },
    { "messages/delivery-status", report_types, FALSE, "longer type" },
    { "text/html", html_type, TRUE, "single type" },
    { "text/plain", html_type, FALSE, "other subtype" },
    { NULL, html_type, FALSE, "no header: text/plain" },
};

/* A one-part message with CONTENT_TYPE, parsed. */
static GMimeMessage *
message_with_type (const char *content_type)
{
    g_autofree char *text = g_strdup_printf (
        "From: a@example.org\n%s%s%sSubject: t\n\nbody\n",
        content_type != NULL ? "Content-Type: " : "",
        content_type != NULL ? content_type : "",
        content_type != NULL ? "\n" : "");

    return bs_mime_parse (text, strlen (text));
}

static void
test_is (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (is_cases); i++) {
        g_autoptr (GMimeMessage) message =
            message_with_type (is_cases[i].content_type);
        GMimeObject *part = g_mime_message_get_mime_part (message);
        g_autofree char *mime_type = bs_mime_type (part);

        if (bs_mime_is (part, is_cases[i].types) != is_cases[i].expected)
            fail_msg ("case %zu (%s): got %d", i, is_cases[i].why,
                      !is_cases[i].expected);
        /* The same answer as comparing the built string. */
        if (g_strv_contains (is_cases[i].types, mime_type) !=
            is_cases[i].expected)
            fail_msg ("case %zu (%s): bs_mime_type disagrees: %s", i,
                      is_cases[i].why, mime_type);
    }
}

static const struct {
    const char *raw;
    const char *expected;
    gboolean as_gmime;      /* GMime 3.2 decodes it the same */
    const char *why;
} decode_cases[] = {
    { " Weekly news", "Weekly news", TRUE, "plain: leading blank dropped" },
    { " a long\n  subject line\n\tthat folds\n",
      "a long  subject line\tthat folds", TRUE,
      "plain and folded: unfolded as GMime does" },
    { " =?UTF-8?B?Q2Fmw6kgbmV3cw==?=", "Caf\xc3\xa9 news", TRUE,
      "encoded word" },
    { " =?iso-8859-1?q?caf=E9?= au lait", "caf\xc3\xa9 au lait", TRUE,
      "Q encoding, Latin-1" },
    { " Caf\xc3\xa9 raw UTF-8", "Caf\xc3\xa9 raw UTF-8", TRUE, "8-bit UTF-8" },
    { " 50% =? not a word", "50% =? not a word", TRUE, "a stray =? is kept" },
    { " Re: =?UTF-8?Q?caf=C3=A9?= menu", "Re: caf\xc3\xa9 menu", TRUE,
      "text before and after a word" },
    { " =?UTF-8?B?44OG44K544OIKOaXpQ==?=\n =?UTF-8?B?5pys6KqeKQ==?=",
      "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88(\xe6\x97\xa5\xe6\x9c\xac"
      "\xe8\xaa\x9e)", FALSE,
      "two base64 words, each padded: GMime kept only the first" },
    { " =?UTF-8?Q?caf=C3?= =?UTF-8?Q?=A9_au_lait?=",
      "caf\xc3\xa9 au lait", FALSE,
      "a character split across two words" },
    { " =?ISO-8859-1?Q?caf=E9?= =?UTF-8?Q?_=E2=82=AC?=",
      "caf\xc3\xa9 \xe2\x82\xac", TRUE,
      "two charsets; the space between words goes" },
    { " =?UTF-8?B?Q2Fmw6k=?= x =?UTF-8?B?bmV3cw==?=",
      "Caf\xc3\xa9 x news", TRUE, "text between words is kept" },
    { " =?UTF-8*en?Q?hi?=", "hi", TRUE, "RFC 2231 language" },
};

static void
test_decode (void **state)
{
    assert_null (bs_mime_header_decode (NULL));
    for (gsize i = 0; i < G_N_ELEMENTS (decode_cases); i++) {
        g_autofree char *got = bs_mime_header_decode (decode_cases[i].raw);
        g_autofree char *unfolded =
            g_mime_utils_header_unfold (decode_cases[i].raw);
        g_autofree char *reference =
            g_mime_utils_header_decode_text (NULL, unfolded);

        if (strcmp (got, decode_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, decode_cases[i].why,
                      got);
        if (decode_cases[i].as_gmime && strcmp (got, reference) != 0)
            fail_msg ("case %zu (%s): GMime decodes \"%s\"", i,
                      decode_cases[i].why, reference);
    }
}

/* Each header of a message: the same value as GMime's own. */
static void
test_value (void **state)
{
    static const char text[] =
        "Received: from mx.example.net (mx.example.net [192.0.2.7])\n"
        "\tby relay.example.org; Sat, 1 Nov 2025 10:00:00 +0000\n"
        "From: =?UTF-8?Q?J=C3=B6rg?= <jorg@example.org>\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "X-Note: Caf\xc3\xa9\n"
        "X-Empty:\n"
        "\n"
        "body\n";
    g_autoptr (GMimeMessage) message = bs_mime_parse (text, strlen (text));
    GMimeHeaderList *list =
        g_mime_object_get_header_list (GMIME_OBJECT (message));
    int count = g_mime_header_list_get_count (list);

    assert_true (count >= 5);
    for (int i = 0; i < count; i++) {
        GMimeHeader *header = g_mime_header_list_get_header_at (list, i);
        g_autofree char *got = bs_mime_header_value (header);

        assert_string_equal (got, g_mime_header_get_value (header));
    }
}

/* A multipart's prologue is raw bytes; the message text the readers get
 * is valid UTF-8 all the same (GLib's UTF-8 functions overran it). */
static void
test_prologue_text (void **state)
{
    static const char text[] =
        "From: MAILER-DAEMON@example.net\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=b\n\n"
        "<gone\xff@exa\xe4mple.org>:\nno mailbox here by that name\n"
        "--b\nContent-Type: text/plain; charset=us-ascii\n\npart\n--b--\n";
    g_autoptr (GMimeMessage) message = bs_mime_parse (text, strlen (text));
    BsOptions options;
    g_autoptr (BsInput) input = NULL;
    const char *got;

    bs_options_init (&options);
    input = bs_input_new (message, text, strlen (text), &options);
    got = bs_input_text (input);
    assert_true (g_utf8_validate (got, -1, NULL));
    assert_non_null (strstr (got, "gone\xef\xbf\xbd@exa\xef\xbf\xbdmple.org"));
    assert_non_null (strstr (got, "part"));
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_is),
        cmocka_unit_test (test_decode),
        cmocka_unit_test (test_value),
        cmocka_unit_test (test_prologue_text),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
