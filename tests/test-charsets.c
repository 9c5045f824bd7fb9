/* test-charsets.c: held converters keep glibc's charset modules loaded
 * between conversions, and release lets them go. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <link.h>
#include <string.h>

#include "bs-charsets.h"
#include "test-gmime.h"

static int
find_module (struct dl_phdr_info *info, size_t size, void *data)
{
    const char *base = strrchr (info->dlpi_name, '/');

    return base != NULL && strcmp (base + 1, data) == 0;
}

/* TRUE if the shared object NAME (a file name) is loaded. */
static gboolean
loaded (const char *name)
{
    return dl_iterate_phdr (find_module, (void *) name) != 0;
}

/* Converts a Shift_JIS text the way a scan does: open, convert, close. */
static void
convert_once (void)
{
    g_autofree char *text = g_convert ("\x83\x65\x83\x58\x83\x67", 6, "UTF-8",
                                       "SHIFT_JIS", NULL, NULL, NULL);

    assert_string_equal (text, "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
}

/* Modules of held charsets: none is loaded before the hold, each after.
 * Latin-1 is among them: glibc has no built-in converter for it. */
static const char *const held_modules[] = {
    "ISO8859-1.so", "SJIS.so", "ISO-2022-JP.so", "CP1252.so", "KOI8-R.so",
};

static void
test_hold (void **state)
{
    BsCharsets *charsets;

    for (gsize i = 0; i < G_N_ELEMENTS (held_modules); i++)
        assert_false (loaded (held_modules[i]));
    charsets = bs_charsets_hold ();
    assert_non_null (charsets);
    for (gsize i = 0; i < G_N_ELEMENTS (held_modules); i++)
        assert_true (loaded (held_modules[i]));
    for (int i = 0; i < 3; i++) {
        convert_once ();
        assert_true (loaded ("SJIS.so"));
    }
    bs_charsets_release (charsets);
    bs_charsets_release (NULL);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_hold),
    };

    return cmocka_run_group_tests (tests, gmime_setup, gmime_teardown);
}
