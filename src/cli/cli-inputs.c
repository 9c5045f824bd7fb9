/* cli-inputs.c: expands a path argument into message files: a file is
 * itself; a Maildir is its cur/ and new/ (never tmp/, where the MTA is still
 * writing) and its Maildir++ subfolders; any other directory is walked
 * recursively. Names are sorted so the output order is deterministic.
 * Symbolic links to directories are not followed, so a link loop cannot
 * trap the walk. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define MAX_DEPTH 32

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The sorted entry names of DIRECTORY, or NULL with ERROR set. */
static GPtrArray *
sorted_entries (const char *directory, GError **error)
{
    g_autoptr (GDir) dir = g_dir_open (directory, 0, error);
    GPtrArray *names;
    const char *name;

    if (dir == NULL)
        return NULL;
    names = g_ptr_array_new_with_free_func (g_free);
    while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_sort (names, compare_names);
    return names;
}

static gboolean
is_maildir (const char *directory)
{
    g_autofree char *cur = g_build_filename (directory, "cur", NULL);
    g_autofree char *new_dir = g_build_filename (directory, "new", NULL);

    return g_file_test (cur, G_FILE_TEST_IS_DIR) ||
           g_file_test (new_dir, G_FILE_TEST_IS_DIR);
}

static void walk (CliWalk *walk_state, const char *path, guint depth);

static void
walk_entries (CliWalk *state, const char *directory, guint depth,
              gboolean maildir)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) names = sorted_entries (directory, &error);

    if (names == NULL) {
        state->on_error (directory, error, state->data);
        return;
    }
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index (names, i);
        g_autofree char *child = g_build_filename (directory, name, NULL);

        /* In a Maildir only cur/, new/ and .Folder/ hold mail. */
        if (maildir && strcmp (name, "cur") != 0 && strcmp (name, "new") != 0
            && !(name[0] == '.' && name[1] != '\0' && name[1] != '.'))
            continue;
        walk (state, child, depth + 1);
    }
}

static void
walk (CliWalk *state, const char *path, guint depth)
{
    struct stat info;
    g_autoptr (GError) error = NULL;

    if (depth > 0 && lstat (path, &info) == 0 && S_ISLNK (info.st_mode) &&
        stat (path, &info) == 0 && S_ISDIR (info.st_mode))
        return;
    if (stat (path, &info) != 0) {
        int saved = errno;

        g_set_error (&error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "%s", g_strerror (saved));
        state->on_error (path, error, state->data);
        return;
    }
    if (!S_ISDIR (info.st_mode)) {
        state->on_file (path, state->data);
        return;
    }
    if (depth >= MAX_DEPTH) {
        g_set_error (&error, G_FILE_ERROR, G_FILE_ERROR_LOOP,
                     "directories nested too deep");
        state->on_error (path, error, state->data);
        return;
    }
    walk_entries (state, path, depth, is_maildir (path));
}

void
cli_inputs_walk (CliWalk *state, const char *path)
{
    if (strcmp (path, "-") == 0) {
        state->on_file (path, state->data);
        return;
    }
    walk (state, path, 0);
}
