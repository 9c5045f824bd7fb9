/* test-class.c: the class name table is complete and round-trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "bs-class.h"

static void
test_every_class_has_one_name (void **state)
{
    for (int klass = 0; klass < BS_CLASS_COUNT; klass++) {
        const char *name = bs_class_to_string (klass);
        BsClass back = BS_CLASS_COUNT;

        if (name == NULL)
            fail_msg ("class %d has no name", klass);
        assert_true (bs_class_from_string (name, &back));
        assert_int_equal (back, klass);
        for (int other = 0; other < klass; other++)
            assert_string_not_equal (name, bs_class_to_string (other));
    }
    assert_null (bs_class_to_string (BS_CLASS_COUNT));
}

static const struct {
    const char *input;
    gboolean ok;
    BsClass expected;
    const char *why;
} parse_cases[] = {
    { "hard", TRUE, BS_CLASS_HARD, "plain" },
    { "HARD", TRUE, BS_CLASS_HARD, "case-insensitive" },
    { "Delivered", TRUE, BS_CLASS_DELIVERED, "mixed case" },
    { "complaint", TRUE, BS_CLASS_COMPLAINT, "complaint" },
    { "hardbounce", FALSE, 0, "no prefix matching" },
    { "", FALSE, 0, "empty" },
    { NULL, FALSE, 0, "NULL" },
};

static void
test_parse (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++) {
        BsClass got = BS_CLASS_COUNT;
        gboolean ok = bs_class_from_string (parse_cases[i].input, &got);

        if (ok != parse_cases[i].ok ||
            (ok && got != parse_cases[i].expected))
            fail_msg ("case %zu (%s): \"%s\" gave ok=%d class=%d", i,
                      parse_cases[i].why, parse_cases[i].input, ok, got);
        if (!ok)
            assert_int_equal (got, BS_CLASS_COUNT);
    }
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_every_class_has_one_name),
        cmocka_unit_test (test_parse),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
