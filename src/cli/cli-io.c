/* cli-io.c: reading inputs and writing outputs safely: output files are
 * written to a temporary file and renamed into place when complete, so an
 * interrupted run never leaves a half-written report. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* A device or a pipe (-o /dev/null, -o /dev/stderr, a FIFO) cannot be
 * replaced by renaming; it is written in place. */
static GOutputStream *
open_special (const char *path, GError **error)
{
    int fd = open (path, O_WRONLY | O_CLOEXEC);

    if (fd < 0) {
        int saved = errno;

        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "%s: %s", path, g_strerror (saved));
        return NULL;
    }
    return g_unix_output_stream_new (fd, TRUE);
}

GOutputStream *
cli_output_open (const char *path, GError **error)
{
    g_autoptr (GFile) file = NULL;
    GFileOutputStream *stream;

    if (path == NULL || strcmp (path, "-") == 0)
        return g_unix_output_stream_new (STDOUT_FILENO, FALSE);
    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
        g_file_test (path, G_FILE_TEST_EXISTS))
        return open_special (path, error);
    file = g_file_new_for_commandline_arg (path);
    /* g_file_replace() writes to a temporary file beside PATH and renames
     * it over PATH on close; until then the old file is untouched. */
    stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                             error);
    if (stream == NULL) {
        g_prefix_error (error, "%s: ", path);
        return NULL;
    }
    return G_OUTPUT_STREAM (stream);
}

gboolean
cli_output_commit (GOutputStream *out, GError **error)
{
    return g_output_stream_close (out, NULL, error);
}

void
cli_output_abort (GOutputStream *out)
{
    g_autoptr (GCancellable) cancel = g_cancellable_new ();

    /* Closing a replace stream through a cancelled cancellable makes GIO
     * delete the temporary file instead of renaming it into place; a
     * plain unref would close it normally and commit a partial file. */
    g_cancellable_cancel (cancel);
    if (!g_output_stream_is_closed (out))
        g_output_stream_close (out, cancel, NULL);
}

static gboolean
read_stdin (gsize max_size, char **data, gsize *length, GError **error)
{
    GString *buffer = g_string_new (NULL);
    char chunk[65536];
    size_t got;

    while ((got = fread (chunk, 1, sizeof chunk, stdin)) > 0) {
        g_string_append_len (buffer, chunk, got);
        if (buffer->len > max_size)
            break;
    }
    if (buffer->len > max_size) {
        g_string_free (buffer, TRUE);
        g_set_error (error, BS_ERROR, BS_ERROR_LIMIT,
                     "-: larger than the size limit of %" G_GSIZE_FORMAT
                     " bytes (see --max-size)", max_size);
        return FALSE;
    }
    if (ferror (stdin)) {
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                     "-: %s", g_strerror (errno));
        g_string_free (buffer, TRUE);
        return FALSE;
    }
    *length = buffer->len;
    *data = g_string_free (buffer, FALSE);
    return TRUE;
}

static gboolean
fail_errno (GError **error, const char *path, int saved)
{
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                 "%s: %s", path, g_strerror (saved));
    return FALSE;
}

/* Reads the open file FD, whose size fstat() gave as SIZE, in one go; a
 * file that grows while we read is read up to SIZE + 1 bytes so that the
 * limit still holds. A short read of a regular file is its end, so the
 * usual case costs one read(). */
static gboolean
read_fd (int fd, const char *path, const struct stat *info, gsize max_size,
         char **data, gsize *length, GError **error)
{
    gsize want = MIN ((gsize) info->st_size, max_size) + 1;
    g_autofree char *buffer = g_malloc (want + 1);
    gsize have = 0;

    while (have < want) {
        ssize_t got = read (fd, buffer + have, want - have);

        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return fail_errno (error, path, errno);
        if (got == 0)
            break;
        have += got;
        if (S_ISREG (info->st_mode) && have < want)
            break;
    }
    if (have > max_size) {
        g_set_error (error, BS_ERROR, BS_ERROR_LIMIT,
                     "%s: larger than the size limit of %" G_GSIZE_FORMAT
                     " bytes (see --max-size)", path, max_size);
        return FALSE;
    }
    buffer[have] = '\0';
    *length = have;
    *data = g_steal_pointer (&buffer);
    return TRUE;
}

/* TRUE if the file FD is over MAX_SIZE and its start looks like an mbox
 * (bs_mbox_detect()): too big to read whole, it is streamed message by
 * message. */
static gboolean
large_mbox (int fd, const struct stat *info, gsize max_size)
{
    char head[4096];
    ssize_t got;

    if (!S_ISREG (info->st_mode) || (gsize) info->st_size <= max_size)
        return FALSE;
    got = pread (fd, head, sizeof head, 0);
    return got > 0 && bs_mbox_detect (head, got);
}

gboolean
cli_read_input (const char *path, gsize max_size, char **data, gsize *length,
                int *mbox_fd, GError **error)
{
    struct stat info;
    int fd;
    gboolean ok;

    *mbox_fd = -1;
    if (strcmp (path, "-") == 0)
        return read_stdin (max_size, data, length, error);
    fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail_errno (error, path, errno);
    if (fstat (fd, &info) != 0) {
        int saved = errno;

        close (fd);
        return fail_errno (error, path, saved);
    }
    if (S_ISDIR (info.st_mode)) {
        close (fd);
        return fail_errno (error, path, EISDIR);
    }
    if (large_mbox (fd, &info, max_size)) {
        *mbox_fd = fd;
        *data = NULL;
        *length = 0;
        return TRUE;
    }
    ok = read_fd (fd, path, &info, max_size, data, length, error);
    close (fd);
    return ok;
}

/* A name unique among concurrent writers: time, pid and the caller's
 * sequence number, as the Maildir specification suggests. */
static char *
maildir_name (guint64 sequence)
{
    gint64 now = g_get_real_time ();

    return g_strdup_printf ("%" G_GINT64_FORMAT ".M%06dP%dQ%" G_GUINT64_FORMAT
                            ".bouncescan", now / G_USEC_PER_SEC,
                            (int) (now % G_USEC_PER_SEC), (int) getpid (),
                            sequence);
}

gboolean
cli_maildir_store (const char *dir, guint64 sequence, const char *data,
                   gsize length, GError **error)
{
    static const char *const subdirs[] = { "tmp", "new", "cur" };
    g_autofree char *name = maildir_name (sequence);
    g_autofree char *tmp = g_build_filename (dir, "tmp", name, NULL);
    g_autofree char *final = g_build_filename (dir, "new", name, NULL);

    for (gsize i = 0; i < G_N_ELEMENTS (subdirs); i++) {
        g_autofree char *sub = g_build_filename (dir, subdirs[i], NULL);

        if (g_mkdir_with_parents (sub, 0700) != 0)
            return fail_errno (error, sub, errno);
    }
    if (!g_file_set_contents (tmp, data, length, error))
        return FALSE;
    if (link (tmp, final) != 0 && rename (tmp, final) != 0)
        return fail_errno (error, final, errno);
    unlink (tmp);
    return TRUE;
}
