/* test-criteria.c: each criterion kind compiles and matches as documented;
 * the key table is complete. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-criteria.h"
#include "bs-error.h"

static void
test_key_table_complete (void **state)
{
    for (int kind = 0; kind < BS_CRITERION_COUNT; kind++) {
        const char *key = bs_criterion_key (kind);
        BsCriterionKind back = BS_CRITERION_COUNT;

        if (key == NULL)
            fail_msg ("kind %d has no key", kind);
        assert_true (bs_criterion_kind_from_key (key, &back));
        assert_int_equal (back, kind);
    }
    assert_null (bs_criterion_key (BS_CRITERION_COUNT));
    assert_false (bs_criterion_kind_from_key ("class", &(BsCriterionKind) {0}));
}

static const struct {
    BsCriterionKind kind;
    const char *pattern;
    const char *value;
    gboolean expected;
    const char *why;
} match_cases[] = {
    { BS_CRITERION_STATUS, "5.1.1", "5.1.1", TRUE, "exact" },
    { BS_CRITERION_STATUS, "5.1.1", "5.1.10", FALSE, "no prefix match" },
    { BS_CRITERION_STATUS, "5.1.*", "5.1.10", TRUE, "detail wildcard" },
    { BS_CRITERION_STATUS, "5.1.*", "5.2.1", FALSE, "subject differs" },
    { BS_CRITERION_STATUS, "5.*", "5.7.26", TRUE, "class only" },
    { BS_CRITERION_STATUS, "5.*", "4.7.26", FALSE, "class differs" },
    { BS_CRITERION_STATUS, "*.2.2", "4.2.2", TRUE, "class wildcard" },
    { BS_CRITERION_STATUS, "5.*.1", "5.7.1", TRUE, "subject wildcard" },
    { BS_CRITERION_STATUS, "5.1.1,5.2.2", "5.2.2", TRUE, "list" },
    { BS_CRITERION_STATUS, "5.1.1", "", FALSE, "no status never matches" },
    { BS_CRITERION_STATUS, "none", "", TRUE, "none: no status" },
    { BS_CRITERION_STATUS, "none", "5.1.1", FALSE, "none: a status" },
    { BS_CRITERION_STATUS, "5.0.*,none", "5.0.0", TRUE, "none in a list" },
    { BS_CRITERION_CODE, "none", "", TRUE, "none: no reply code" },
    { BS_CRITERION_CODE, "none,4xx", "550", FALSE, "none: another code" },
    { BS_CRITERION_COMMAND, "data,none", "", TRUE, "none: no command" },
    { BS_CRITERION_COMMAND, "data,none", "rcpt", FALSE, "none: a command" },
    { BS_CRITERION_CODE, "550", "550", TRUE, "exact code" },
    { BS_CRITERION_CODE, "55x", "554", TRUE, "digit wildcard" },
    { BS_CRITERION_CODE, "4xx", "550", FALSE, "class differs" },
    { BS_CRITERION_CODE, "421,450", "450", TRUE, "code list" },
    { BS_CRITERION_TEXT, "user unknown", "550 5.1.1 User Unknown here", TRUE,
      "case-insensitive" },
    { BS_CRITERION_TEXT, "^quota", "over quota", FALSE, "anchored" },
    { BS_CRITERION_TEXT, "mailbox (is )?full", "Mailbox full", TRUE,
      "regex group" },
    { BS_CRITERION_MTA, "\\.example\\.net$", "mx1.EXAMPLE.net", TRUE, "mta" },
    { BS_CRITERION_DOMAIN, "example.com", "example.com", TRUE, "domain" },
    { BS_CRITERION_DOMAIN, "example.com", "mail.example.com", TRUE,
      "subdomain" },
    { BS_CRITERION_DOMAIN, "example.com", "badexample.com", FALSE,
      "not a label boundary" },
    { BS_CRITERION_DOMAIN, "Example.COM", "example.com", TRUE, "case" },
    { BS_CRITERION_READER, "dsn,qmail", "qmail", TRUE, "reader list" },
    { BS_CRITERION_ACTION, "failed", "Failed", TRUE, "action case" },
    { BS_CRITERION_ACTION, "failed", "delayed", FALSE, "action differs" },
};

static void
test_match (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (match_cases); i++) {
        const char *values[BS_CRITERION_COUNT] = { NULL };
        g_autoptr (GError) error = NULL;
        int offset;
        g_autoptr (BsCriterion) criterion = bs_criterion_new (
            match_cases[i].kind, match_cases[i].pattern, &offset, &error);

        if (criterion == NULL)
            fail_msg ("case %zu (%s): %s", i, match_cases[i].why,
                      error->message);
        values[match_cases[i].kind] = match_cases[i].value;
        if (bs_criterion_match (criterion, values) != match_cases[i].expected)
            fail_msg ("case %zu (%s): %s vs \"%s\"", i, match_cases[i].why,
                      match_cases[i].pattern, match_cases[i].value);
    }
}

static const struct {
    BsCriterionKind kind;
    const char *value;
    const char *message;
    int offset;
} error_cases[] = {
    { BS_CRITERION_STATUS, "5.1", "malformed status pattern '5.1' (want e.g. "
      "5.1.1, 5.1.* or 5.*)", 0 },
    { BS_CRITERION_STATUS, "5.1.1,6.1.1", "malformed status pattern '6.1.1' "
      "(want e.g. 5.1.1, 5.1.* or 5.*)", 6 },
    { BS_CRITERION_STATUS, "5.1.1234", "malformed status pattern '5.1.1234' "
      "(want e.g. 5.1.1, 5.1.* or 5.*)", 0 },
    { BS_CRITERION_STATUS, "5.1.1,", "empty item in list '5.1.1,'", -1 },
    { BS_CRITERION_CODE, "5500", "malformed reply code '5500' (want e.g. 550 "
      "or 55x)", 0 },
    { BS_CRITERION_CODE, "350", "malformed reply code '350' (want e.g. 550 "
      "or 55x)", 0 },
    { BS_CRITERION_TEXT, "(unclosed", "bad regular expression: missing "
      "terminating )", 9 },
    { BS_CRITERION_TEXT, "", "empty value for text", -1 },
};

static void
test_errors (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (error_cases); i++) {
        g_autoptr (GError) error = NULL;
        int offset = 99;
        g_autoptr (BsCriterion) criterion = bs_criterion_new (
            error_cases[i].kind, error_cases[i].value, &offset, &error);

        assert_null (criterion);
        assert_true (g_error_matches (error, BS_ERROR, BS_ERROR_RULES));
        if (strcmp (error->message, error_cases[i].message) != 0 ||
            offset != error_cases[i].offset)
            fail_msg ("case %zu: \"%s\" at %d", i, error->message, offset);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_key_table_complete),
        cmocka_unit_test (test_match),
        cmocka_unit_test (test_errors),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
