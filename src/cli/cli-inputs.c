/* cli-inputs.c: expands a path argument into message files: a file is
 * itself; a Maildir is its cur/ and new/ (never tmp/, where the MTA is still
 * writing) and its Maildir++ subfolders; any other directory is walked
 * recursively. Names are sorted so the output order is deterministic.
 * Symbolic links to directories are not followed, so a link loop cannot
 * trap the walk. */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define MAX_DEPTH 32

/* Names of a directory sorted in memory at a time (cli-listing.c): some
 * 10,000 short Maildir names. A larger directory is sorted in runs of this
 * size kept on disk, so memory does not grow with it. */
#define RUN_BYTES (256 * 1024)

static gboolean
is_maildir (const char *directory)
{
    g_autofree char *cur = g_build_filename (directory, "cur", NULL);
    g_autofree char *new_dir = g_build_filename (directory, "new", NULL);

    return g_file_test (cur, G_FILE_TEST_IS_DIR) ||
           g_file_test (new_dir, G_FILE_TEST_IS_DIR);
}

static void walk (CliWalk *walk_state, const char *path, guint depth,
                  unsigned char type);

static void
walk_entries (CliWalk *state, const char *directory, guint depth,
              gboolean maildir)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (CliListing) listing = cli_listing_open (directory, RUN_BYTES,
                                                       &error);
    const char *name;
    unsigned char type;

    if (listing == NULL) {
        state->on_error (directory, error, state->data);
        return;
    }
    while ((name = cli_listing_next (listing, &type, &error)) != NULL) {
        g_autofree char *child = NULL;

        /* In a Maildir only cur/, new/ and .Folder/ hold mail. */
        if (maildir && strcmp (name, "cur") != 0 && strcmp (name, "new") != 0
            && !(name[0] == '.' && name[1] != '\0' && name[1] != '.'))
            continue;
        child = g_build_filename (directory, name, NULL);
        walk (state, child, depth + 1, type);
    }
    if (error != NULL)
        state->on_error (directory, error, state->data);
}

/* TYPE is the entry's type from its directory, DT_UNKNOWN for a path
 * argument: a regular file needs no stat() of its own. */
static void
walk (CliWalk *state, const char *path, guint depth, unsigned char type)
{
    struct stat info;
    g_autoptr (GError) error = NULL;

    if (type == DT_REG) {
        state->on_file (path, state->data);
        return;
    }
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
    walk (state, path, 0, DT_UNKNOWN);
}
