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

/* A directory entry and its type as readdir() gave it (DT_UNKNOWN when
 * the file system does not say), which spares a stat() per message. */
typedef struct {
    unsigned char type;
    char name[];
} Entry;

static int
compare_entries (gconstpointer a, gconstpointer b)
{
    return strcmp ((*(Entry *const *) a)->name, (*(Entry *const *) b)->name);
}

/* The entries of DIRECTORY sorted by name, or NULL with ERROR set. */
static GPtrArray *
sorted_entries (const char *directory, GError **error)
{
    DIR *dir = opendir (directory);
    GPtrArray *entries;
    struct dirent *found;

    if (dir == NULL) {
        int saved = errno;

        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "%s", g_strerror (saved));
        return NULL;
    }
    entries = g_ptr_array_new_with_free_func (g_free);
    while ((found = readdir (dir)) != NULL) {
        gsize size = strlen (found->d_name) + 1;
        Entry *entry;

        if (strcmp (found->d_name, ".") == 0 ||
            strcmp (found->d_name, "..") == 0)
            continue;
        entry = g_malloc (sizeof *entry + size);
        entry->type = found->d_type;
        memcpy (entry->name, found->d_name, size);
        g_ptr_array_add (entries, entry);
    }
    closedir (dir);
    g_ptr_array_sort (entries, compare_entries);
    return entries;
}

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
    g_autoptr (GPtrArray) entries = sorted_entries (directory, &error);

    if (entries == NULL) {
        state->on_error (directory, error, state->data);
        return;
    }
    for (guint i = 0; i < entries->len; i++) {
        const Entry *entry = g_ptr_array_index (entries, i);
        const char *name = entry->name;
        g_autofree char *child = g_build_filename (directory, name, NULL);

        /* In a Maildir only cur/, new/ and .Folder/ hold mail. */
        if (maildir && strcmp (name, "cur") != 0 && strcmp (name, "new") != 0
            && !(name[0] == '.' && name[1] != '\0' && name[1] != '.'))
            continue;
        walk (state, child, depth + 1, entry->type);
    }
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
