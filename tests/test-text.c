/* test-text.c: type prefixes and one-line folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-text.h"

static const struct {
    const char *input;
    const char *rest;
    const char *type;
    const char *why;
} type_cases[] = {
    { "smtp; 550 5.1.1 gone", "550 5.1.1 gone", "smtp", "plain" },
    { "SMTP;550 x", "550 x", "smtp", "no space, upper case" },
    { "X-Postfix; host said", "host said", "x-postfix", "x- type" },
    { "550 5.1.1 user; unknown", "550 5.1.1 user; unknown", NULL,
      "semicolon after spaces is not a type" },
    { "<a;b@example.com>", "<a;b@example.com>", NULL, "inside address" },
    { "; value", "; value", NULL, "empty type" },
    { "no type here", "no type here", NULL, "none" },
};

static void
test_skip_type (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (type_cases); i++) {
        g_autofree char *type = NULL;
        const char *rest = bs_text_skip_type (type_cases[i].input, &type);

        if (g_strcmp0 (rest, type_cases[i].rest) != 0 ||
            g_strcmp0 (type, type_cases[i].type) != 0)
            fail_msg ("case %zu (%s): \"%s\" gave \"%s\" / \"%s\"", i,
                      type_cases[i].why, type_cases[i].input, rest,
                      type ? type : "(null)");
    }
}

static const struct {
    const char *input;
    gssize length;
    const char *expected;
    const char *why;
} line_cases[] = {
    { "550 5.1.1\r\n  user unknown", -1, "550 5.1.1 user unknown", "fold" },
    { "\t a \t b \n", -1, "a b", "tabs and ends" },
    { "", -1, "", "empty" },
    { "bad \xff byte", -1, "bad \xef\xbf\xbd byte", "invalid UTF-8 replaced" },
    { "ab\xe6\x97\xa5\xe6\x9c\xac", 7, "ab\xe6\x97\xa5",
      "cut inside a character: ends before it" },
    { "ab\xe6\x97\xa5\xe6\x9c\xac", 6, "ab\xe6\x97\xa5",
      "cut after a lead byte" },
    { "ab\xe6\x97\xa5\xe6\x9c\xac", 5, "ab\xe6\x97\xa5",
      "cut on a boundary" },
    { "ab\xf0\x9f\x98\x80z", 5, "ab", "four-byte character cut" },
    { "a\x80\x80\x80\x80" "b", 5, "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
      "\xef\xbf\xbd", "stray continuation bytes are still replaced" },
};

static void
test_one_line (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (line_cases); i++) {
        g_autofree char *got = bs_text_one_line (line_cases[i].input,
                                                 line_cases[i].length);

        if (strcmp (got, line_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): gave \"%s\"", i, line_cases[i].why, got);
    }
}

static const struct {
    const char *input;
    const char *expected;
    const char *why;
} html_cases[] = {
    { "<p>Delivery has failed</p><p>to <b>a@example.com</b></p>",
      "\nDelivery has failed\n\nto a@example.com\n", "blocks and inline" },
    { "a&lt;b&gt; &amp; &quot;c&quot;&nbsp;d", "a<b> & \"c\" d", "entities" },
    { "&#233;t&#xE9;", "\xc3\xa9t\xc3\xa9", "numeric references" },
    { "x<style>p { color: red }</style>y<script>var a = '<p>';</script>z",
      "xyz", "style and script dropped" },
    { "a<br/>b<BR>c", "a\nb\nc", "br in any case" },
    { "&bogus; & <unclosed", "&bogus; & ", "unknown entity, open tag" },
};

static void
test_html (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (html_cases); i++) {
        g_autofree char *got = bs_text_from_html (html_cases[i].input);

        if (strcmp (got, html_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, html_cases[i].why, got);
    }
}

/* Lower-casing touches ASCII letters only, and only LENGTH bytes. */
static void
test_ascii_down (void **state)
{
    static const struct {
        const char *input;
        gsize length;
        const char *expected;
    } cases[] = {
        { "User UNKNOWN @Z[", 16, "user unknown @z[" },
        { "\xc3\x89T\xc3\x89", 4, "\xc3\x89t\xc3" },
        { "AbC", 0, "" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = bs_text_ascii_down (cases[i].input,
                                                   cases[i].length);

        if (strcmp (got, cases[i].expected) != 0)
            fail_msg ("case %zu: got \"%s\"", i, got);
    }
}

/* Every byte value at every place in a word and in the tail: the same
 * as g_ascii_tolower() byte by byte. */
static void
test_ascii_down_all_bytes (void **state)
{
    char input[256 + 7];

    for (gsize shift = 0; shift < 8; shift++) {
        g_autofree char *got = NULL;

        for (gsize i = 0; i < sizeof input; i++)
            input[i] = (char) ((i + shift) & 0xff);
        got = bs_text_ascii_down (input, sizeof input);
        for (gsize i = 0; i < sizeof input; i++)
            if (got[i] != g_ascii_tolower (input[i]))
                fail_msg ("byte 0x%02x at %zu: got 0x%02x",
                          (guchar) input[i], i, (guchar) got[i]);
        assert_int_equal (got[sizeof input], '\0');
    }
}

/* ASCII means every byte in 1..127, in the words and the tail alike. */
static void
test_is_ascii (void **state)
{
    static const struct {
        const char *input;
        gsize length;
        gboolean expected;
        const char *why;
    } cases[] = {
        { "", 0, TRUE, "empty" },
        { "abc", 3, TRUE, "short, tail only" },
        { "550 5.1.1 user unknown; mailbox gone", 36, TRUE, "several words" },
        { "12345678\xc3\xa9", 10, FALSE, "a high byte after a word" },
        { "1234\xff" "678", 8, FALSE, "a high byte inside a word" },
        { "1234\0" "678abc", 10, FALSE, "NUL inside a word" },
        { "12345678ab\0" "c", 12, FALSE, "NUL in the tail" },
        { "12345678\x01\x7f", 10, TRUE, "control bytes and DEL are ASCII" },
        { "ab\xc3\xa9", 2, TRUE, "only LENGTH bytes count" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
        if (bs_text_is_ascii (cases[i].input, cases[i].length) !=
            cases[i].expected)
            fail_msg ("case %zu (%s): got %d", i, cases[i].why,
                      !cases[i].expected);
}

/* The same text as g_date_time_format() with the format it replaces. */
static void
test_iso_date (void **state)
{
    static const struct {
        int year, month, day, hour, minute;
        double second;
        const char *zone;
        const char *expected;
    } cases[] = {
        { 2026, 1, 5, 10, 0, 0, "+09:00", "2026-01-05T10:00:00+09:00" },
        { 2025, 12, 31, 23, 59, 58.75, "Z", "2025-12-31T23:59:58+00:00" },
        { 2025, 6, 1, 7, 5, 9, "-03:30", "2025-06-01T07:05:09-03:30" },
        { 999, 2, 3, 4, 5, 6, "+05:45", "999-02-03T04:05:06+05:45" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (
            cases[i].zone);
        g_autoptr (GDateTime) date = g_date_time_new (
            zone, cases[i].year, cases[i].month, cases[i].day,
            cases[i].hour, cases[i].minute, cases[i].second);
        g_autofree char *got = bs_text_iso_date (date);
        g_autofree char *reference = g_date_time_format (
            date, "%Y-%m-%dT%H:%M:%S%:z");

        assert_string_equal (got, cases[i].expected);
        assert_string_equal (got, reference);
    }
}

/* ASCII letters only when the text is ASCII; Unicode case otherwise. */
static void
test_down (void **state)
{
    static const struct {
        const char *input;
        const char *expected;
    } cases[] = {
        { "User@Example.ORG", "user@example.org" },
        { "", "" },
        { "J\xc3\x96RG@B\xc3\x9c" "CHER.example", "j\xc3\xb6rg@b\xc3\xbc"
          "cher.example" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = bs_text_down (cases[i].input);

        assert_string_equal (got, cases[i].expected);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_skip_type),
        cmocka_unit_test (test_one_line),
        cmocka_unit_test (test_ascii_down),
        cmocka_unit_test (test_ascii_down_all_bytes),
        cmocka_unit_test (test_is_ascii),
        cmocka_unit_test (test_iso_date),
        cmocka_unit_test (test_down),
        cmocka_unit_test (test_html),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
