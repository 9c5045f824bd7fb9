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

/* The entries of a directory: each its type as readdir() gave it
 * (DT_UNKNOWN when the file system does not say, which spares a stat() per
 * message), its name and a NUL, one after the other in one block; and the
 * offsets of the entries in name order. A Maildir of a million messages
 * costs its names and four bytes each, not an allocation per name. */
typedef struct {
    GByteArray *block;
    GArray *order;        /* of guint32 */
} Entries;

static void
entries_free (Entries *entries)
{
    g_byte_array_unref (entries->block);
    g_array_unref (entries->order);
    g_free (entries);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entries, entries_free)

static int
compare_entries (gconstpointer a, gconstpointer b, gpointer block)
{
    const char *names = (const char *) ((GByteArray *) block)->data + 1;

    return strcmp (names + *(const guint32 *) a, names + *(const guint32 *) b);
}

static unsigned char
entry_type (const Entries *entries, guint i)
{
    return entries->block->data[g_array_index (entries->order, guint32, i)];
}

static const char *
entry_name (const Entries *entries, guint i)
{
    return (const char *) entries->block->data +
           g_array_index (entries->order, guint32, i) + 1;
}

/* Empty entries for DIR, with room for all of them when the directory's
 * size says how many there can be. On ext4 and most disk file systems a
 * directory is at least as large as its names plus a header of 8 bytes
 * each, so its size bounds both. The room is only reserved: pages the
 * names do not fill are never touched, so they cost no memory. Growing by
 * doubling instead held the old block and the new one at once, three
 * times the names at the peak (6 MB at 100,000 messages instead of 2). A
 * file system whose directory size says less just means growth. */
static Entries *
entries_new (DIR *dir)
{
    Entries *entries = g_new0 (Entries, 1);
    struct stat info;
    gsize room = 0;

    if (fstat (dirfd (dir), &info) == 0 && info.st_size > 0)
        room = MIN ((gsize) info.st_size, (gsize) G_MAXUINT32);
    entries->block = g_byte_array_sized_new (room);
    entries->order = g_array_sized_new (FALSE, FALSE, sizeof (guint32),
                                        room / 12);
    return entries;
}

/* The entries of DIRECTORY sorted by name, or NULL with ERROR set. */
static Entries *
sorted_entries (const char *directory, GError **error)
{
    DIR *dir = opendir (directory);
    Entries *entries;
    struct dirent *found;

    if (dir == NULL) {
        int saved = errno;

        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "%s", g_strerror (saved));
        return NULL;
    }
    entries = entries_new (dir);
    while ((found = readdir (dir)) != NULL) {
        guint32 offset = entries->block->len;

        if (strcmp (found->d_name, ".") == 0 ||
            strcmp (found->d_name, "..") == 0)
            continue;
        g_byte_array_append (entries->block, &found->d_type, 1);
        g_byte_array_append (entries->block, (const guint8 *) found->d_name,
                             strlen (found->d_name) + 1);
        g_array_append_val (entries->order, offset);
    }
    closedir (dir);
    g_array_sort_with_data (entries->order, compare_entries, entries->block);
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
    g_autoptr (Entries) entries = sorted_entries (directory, &error);

    if (entries == NULL) {
        state->on_error (directory, error, state->data);
        return;
    }
    for (guint i = 0; i < entries->order->len; i++) {
        const char *name = entry_name (entries, i);
        g_autofree char *child = g_build_filename (directory, name, NULL);

        /* In a Maildir only cur/, new/ and .Folder/ hold mail. */
        if (maildir && strcmp (name, "cur") != 0 && strcmp (name, "new") != 0
            && !(name[0] == '.' && name[1] != '\0' && name[1] != '.'))
            continue;
        walk (state, child, depth + 1, entry_type (entries, i));
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
