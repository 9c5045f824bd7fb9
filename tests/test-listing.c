/* test-listing.c: a directory's names in order, whether they fit in one
 * run in memory or are merged from many runs on disk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Run sizes from "every name its own run" to "all in memory". */
static const gsize run_sizes[] = { 1, 40, 700, 4096, 1 << 20 };

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Creates COUNT files with names of many lengths (up to NAME_MAX) and
 * bytes (8-bit ones too) in a new directory; returns its path and the
 * names, sorted as strcmp() sorts. */
static char *
make_directory (guint count, GPtrArray *names)
{
    char *directory = g_dir_make_tmp ("test-listing-XXXXXX", NULL);

    assert_non_null (directory);
    for (guint i = 0; i < count; i++) {
        GString *name = g_string_new (NULL);
        g_autofree char *path = NULL;
        int fd;

        g_string_printf (name, "%u.%c", (i * 7919) % 1000, 'a' + i % 26);
        /* Some long names, some with 8-bit bytes, so that runs split
         * entries anywhere in their read buffers. */
        for (guint k = 0; k < (i * 37) % 250 && name->len < 250; k++)
            g_string_append_c (name, i % 3 == 0 ? '\xe9' : 'x');
        g_string_append_printf (name, ".%u", i);
        path = g_build_filename (directory, name->str, NULL);
        /* Not g_file_set_contents(): its temporary name would be too long. */
        fd = open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        assert_true (fd >= 0);
        close (fd);
        g_ptr_array_add (names, g_string_free (name, FALSE));
    }
    g_ptr_array_sort (names, compare_names);
    return directory;
}

static void
remove_directory (const char *directory, GPtrArray *names)
{
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename (directory,
                                                  names->pdata[i], NULL);

        unlink (path);
    }
    rmdir (directory);
}

static void
test_order (void **state)
{
    static const guint counts[] = { 0, 1, 2, 300 };

    for (gsize c = 0; c < G_N_ELEMENTS (counts); c++) {
        g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
        g_autofree char *directory = make_directory (counts[c], names);

        for (gsize r = 0; r < G_N_ELEMENTS (run_sizes); r++) {
            g_autoptr (GError) error = NULL;
            g_autoptr (CliListing) listing =
                cli_listing_open (directory, run_sizes[r], &error);
            const char *name;
            unsigned char type;
            guint i = 0;

            assert_non_null (listing);
            while ((name = cli_listing_next (listing, &type, &error))) {
                if (i >= names->len || strcmp (name, names->pdata[i]) != 0)
                    fail_msg ("%u names, runs of %zu: entry %u is \"%s\"",
                              counts[c], run_sizes[r], i, name);
                assert_true (type == DT_REG || type == DT_UNKNOWN);
                i++;
            }
            assert_null (error);
            if (i != names->len)
                fail_msg ("%u names, runs of %zu: %u listed", counts[c],
                          run_sizes[r], i);
        }
        remove_directory (directory, names);
    }
}

static void
test_missing (void **state)
{
    g_autoptr (GError) error = NULL;

    assert_null (cli_listing_open ("/nonexistent/test-listing", 4096,
                                   &error));
    assert_true (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_order),
        cmocka_unit_test (test_missing),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
