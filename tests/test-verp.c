/* test-verp.c: decoding VERP addresses and checking patterns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-error.h"
#include "bs-verp.h"

static const struct {
    const char *pattern;
    const char *address;
    const char *expected;
    const char *why;
} decode_cases[] = {
    { "list-bounces+{local}={domain}@example.org",
      "list-bounces+jane.doe=example.net@example.org", "jane.doe@example.net",
      "qmail style" },
    { "list-bounces+{local}={domain}@example.org",
      "LIST-Bounces+Jane=Example.NET@Example.ORG", "Jane@example.net",
      "literal parts case-insensitive, domain lower-cased" },
    { "b-{local}-at-{domain}@bounce.example.com",
      "b-a-b-at-c.example.net@bounce.example.com", "a-b@c.example.net",
      "separator inside the local part: split at the last one" },
    { "list-bounces+{local}={domain}@example.org",
      "list-bounces@example.org", NULL, "plain bounce address" },
    { "list-bounces+{local}={domain}@example.org",
      "list-bounces+jane=example.net@other.example", NULL, "wrong domain" },
    { "list-bounces+{local}={domain}@example.org",
      "list-bounces+=example.net@example.org", NULL, "empty local part" },
    { "list-bounces+{local}={domain}@example.org", NULL, NULL, "NULL" },
};

static void
test_decode (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (decode_cases); i++) {
        g_autofree char *got = bs_verp_decode (decode_cases[i].pattern,
                                               decode_cases[i].address);

        if (g_strcmp0 (got, decode_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got %s", i, decode_cases[i].why,
                      got ? got : "NULL");
    }
}

static const char *const bad_patterns[] = {
    "list-bounces@example.org", "{domain}={local}@example.org",
    "x+{local}{domain}@example.org", "{local}={domain}@{domain}",
};

static void
test_check (void **state)
{
    assert_true (bs_verp_check ("b+{local}={domain}@example.org", NULL));
    for (gsize i = 0; i < G_N_ELEMENTS (bad_patterns); i++) {
        g_autoptr (GError) error = NULL;
        g_autofree char *want = g_strdup_printf (
            "bad VERP pattern '%s': want {local}, a separator and {domain}, "
            "e.g. list-bounces+{local}={domain}@example.org", bad_patterns[i]);

        if (bs_verp_check (bad_patterns[i], &error))
            fail_msg ("case %zu accepted: %s", i, bad_patterns[i]);
        assert_true (g_error_matches (error, BS_ERROR, BS_ERROR_USAGE));
        assert_string_equal (error->message, want);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_decode),
        cmocka_unit_test (test_check),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
