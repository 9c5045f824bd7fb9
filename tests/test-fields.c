/* test-fields.c: field blocks split into groups of unfolded fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-fields.h"

/* EXPECTED lists the groups as "name=value|name=value" strings. */
static const struct {
    const char *input;
    const char *expected[4];
    guint junk;
    const char *why;
} cases[] = {
    { "A: 1\nB: 2\n\nC: 3\n", { "A=1|B=2", "C=3" }, 0, "two groups" },
    { "A: 1\r\nB: 2\r\n\r\nC: 3\r\n", { "A=1|B=2", "C=3" }, 0, "CRLF" },
    { "\n\n\nA: 1\n\n\n\nB: 2\n\n", { "A=1", "B=2" }, 0, "extra blanks" },
    { "A: one\n  two\n\tthree\nB: x", { "A=one two three|B=x" }, 0, "folds" },
    { "A: 1\njunk line\nB: 2\n", { "A=1|B=2" }, 1, "junk skipped" },
    { "A: 1\n   \t \nB: 2\n", { "A=1", "B=2" }, 0, "white-space line" },
    { "  orphan fold\nA: 1\n", { "A=1" }, 1, "fold with no field" },
    { "A:\nB:   \n", { "A=|B=" }, 0, "empty values" },
    { "Name With Space: 1\n", { NULL }, 1, "space in name is junk" },
    { "", { NULL }, 0, "empty input" },
    { "A: 1", { "A=1" }, 0, "no final newline" },
};

static char *
render (GPtrArray *group)
{
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < group->len; i++) {
        BsField *field = g_ptr_array_index (group, i);

        g_string_append_printf (out, "%s%s=%s", i ? "|" : "", field->name,
                                field->value);
    }
    return g_string_free (out, FALSE);
}

static void
test_parse (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (BsFieldBlock) block =
            bs_fields_parse (cases[i].input, strlen (cases[i].input), 100);
        guint want = 0;

        while (want < 4 && cases[i].expected[want] != NULL)
            want++;
        if (block->groups->len != want || block->junk_lines != cases[i].junk)
            fail_msg ("case %zu (%s): %u groups, %u junk", i, cases[i].why,
                      block->groups->len, block->junk_lines);
        for (guint g = 0; g < want; g++) {
            g_autofree char *got = render (g_ptr_array_index (block->groups,
                                                              g));

            if (strcmp (got, cases[i].expected[g]) != 0)
                fail_msg ("case %zu (%s): group %u is \"%s\"", i,
                          cases[i].why, g, got);
        }
    }
}

/* The text need not be NUL-terminated: a blank last line at the very end
 * of the buffer must not be read past. */
static void
test_unterminated (void **state)
{
    const char text[] = { 'A', ':', ' ', '1', '\n', ' ', ' ' };
    char *copy = g_memdup2 (text, sizeof text);
    g_autoptr (BsFieldBlock) block = bs_fields_parse (copy, sizeof text, 10);

    assert_int_equal (block->groups->len, 1);
    g_free (copy);
}

static void
test_limit_and_lookup (void **state)
{
    const char *text = "A: 1\nb: 2\nC: 3\n";
    g_autoptr (BsFieldBlock) block = bs_fields_parse (text, strlen (text), 2);
    GPtrArray *group = g_ptr_array_index (block->groups, 0);

    assert_true (block->truncated);
    assert_int_equal (group->len, 2);
    assert_string_equal (bs_fields_get (group, "B"), "2");
    assert_null (bs_fields_get (group, "C"));
    assert_int_equal (((BsField *) g_ptr_array_index (group, 1))->line, 2);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_parse),
        cmocka_unit_test (test_limit_and_lookup),
        cmocka_unit_test (test_unterminated),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
