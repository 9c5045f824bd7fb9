/* cli-io.c: reading inputs and writing outputs safely: output files are
 * written to a temporary file and renamed into place when complete, so an
 * interrupted run never leaves a half-written report. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static gboolean
fail_errno (GError **error, const char *path, int saved)
{
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                 "%s: %s", path, g_strerror (saved));
    return FALSE;
}

/* The process's umask, which can only be read by setting it. */
static mode_t
current_umask (void)
{
    mode_t mask = umask (0);

    umask (mask);
    return mask;
}

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

/* The file being written for -o: the temporary file beside the target,
 * renamed over it on commit. Kept on the stream as object data. */
typedef struct {
    char *target;
    char *temp;
    int fd;
    gboolean done;      /* renamed into place, or removed */
} Pending;

/* A stream dropped without a commit is abandoned: its file goes. */
static void
pending_free (gpointer data)
{
    Pending *pending = data;

    if (pending->fd >= 0)
        close (pending->fd);
    if (!pending->done) {
        unlink (pending->temp);
        cli_signals_remove_temp (pending->temp);
    }
    g_free (pending->target);
    g_free (pending->temp);
    g_free (pending);
}

/* The file a rename must replace: the target of a symbolic link, so that
 * the link stays a link. */
static char *
replaced_path (const char *path)
{
    struct stat info;
    char *real;

    if (lstat (path, &info) == 0 && S_ISLNK (info.st_mode) &&
        (real = realpath (path, NULL)) != NULL) {
        char *copy = g_strdup (real);

        free (real);
        return copy;
    }
    return g_strdup (path);
}

/* Creates the temporary file for TARGET in its directory, with the mode
 * of the file it replaces (or the usual one under the umask), registered
 * so that a signal removes it. */
static Pending *
pending_new (const char *target, GError **error)
{
    g_autofree char *dir = g_path_get_dirname (target);
    g_autofree char *base = g_path_get_basename (target);
    Pending *pending = g_new0 (Pending, 1);
    struct stat info;

    pending->target = g_strdup (target);
    pending->temp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
    pending->fd = g_mkstemp_full (pending->temp, O_WRONLY | O_CLOEXEC, 0666);
    if (pending->fd < 0) {
        int saved = errno;

        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "%s: cannot write: %s", target, g_strerror (saved));
        pending->done = TRUE;
        pending_free (pending);
        return NULL;
    }
    if (!cli_signals_add_temp (pending->temp)) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                     "%s: too many output files at once", target);
        unlink (pending->temp);
        pending->done = TRUE;
        pending_free (pending);
        return NULL;
    }
    if (stat (target, &info) == 0)
        fchmod (pending->fd, info.st_mode & 07777);
    else
        fchmod (pending->fd, 0666 & ~current_umask ());
    return pending;
}

GOutputStream *
cli_output_open (const char *path, GError **error)
{
    g_autofree char *target = NULL;
    Pending *pending;
    GOutputStream *stream;

    if (path == NULL || strcmp (path, "-") == 0)
        return g_unix_output_stream_new (STDOUT_FILENO, FALSE);
    if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
        g_file_test (path, G_FILE_TEST_EXISTS))
        return open_special (path, error);
    target = replaced_path (path);
    pending = pending_new (target, error);
    if (pending == NULL)
        return NULL;
    stream = g_unix_output_stream_new (pending->fd, FALSE);
    g_object_set_data_full (G_OBJECT (stream), "cli-pending", pending,
                            pending_free);
    return stream;
}

gboolean
cli_output_commit (GOutputStream *out, GError **error)
{
    Pending *pending = g_object_get_data (G_OBJECT (out), "cli-pending");
    int saved;

    if (pending == NULL)
        return g_output_stream_close (out, NULL, error);
    /* The data reaches the disk before the name does, so that a crash
     * right after the rename cannot leave an empty or partial report. */
    if (!g_output_stream_flush (out, NULL, error) ||
        !g_output_stream_close (out, NULL, error)) {
        cli_output_abort (out);
        return FALSE;
    }
    if (fsync (pending->fd) != 0 || close (pending->fd) != 0) {
        saved = errno;
        pending->fd = -1;
        cli_output_abort (out);
        return fail_errno (error, pending->target, saved);
    }
    pending->fd = -1;
    if (rename (pending->temp, pending->target) != 0) {
        saved = errno;
        cli_output_abort (out);
        return fail_errno (error, pending->target, saved);
    }
    cli_signals_remove_temp (pending->temp);
    pending->done = TRUE;
    return TRUE;
}

void
cli_output_abort (GOutputStream *out)
{
    Pending *pending = g_object_get_data (G_OBJECT (out), "cli-pending");

    if (!g_output_stream_is_closed (out))
        g_output_stream_close (out, NULL, NULL);
    if (pending == NULL)
        return;
    if (pending->fd >= 0)
        close (pending->fd);
    pending->fd = -1;
    if (!pending->done)
        unlink (pending->temp);
    cli_signals_remove_temp (pending->temp);
    pending->done = TRUE;
}

char *
cli_temp_new (const char *pattern, GError **error)
{
    char *path = NULL;
    int fd = g_file_open_tmp (pattern, &path, error);

    if (fd < 0)
        return NULL;
    close (fd);
    if (!cli_signals_add_temp (path)) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                     "%s: too many temporary files at once", path);
        unlink (path);
        g_free (path);
        return NULL;
    }
    return path;
}

void
cli_temp_free (CliTemp *path)
{
    if (path == NULL)
        return;
    unlink (path);
    cli_signals_remove_temp (path);
    g_free (path);
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

/* Writes LENGTH bytes of DATA to the new file PATH and to the disk. */
static gboolean
write_new_file (const char *path, const char *data, gsize length,
                GError **error)
{
    int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    gsize done = 0;

    if (fd < 0)
        return fail_errno (error, path, errno);
    while (done < length) {
        ssize_t wrote = write (fd, data + done, length - done);

        if (wrote < 0 && errno == EINTR)
            continue;
        if (wrote <= 0)
            break;
        done += wrote;
    }
    if (done < length || fsync (fd) != 0) {
        int saved = done < length && errno == 0 ? ENOSPC : errno;

        close (fd);
        return fail_errno (error, path, saved);
    }
    return close (fd) == 0 || fail_errno (error, path, errno);
}

gboolean
cli_maildir_store (const char *dir, guint64 sequence, const char *data,
                   gsize length, GError **error)
{
    static const char *const subdirs[] = { "tmp", "new", "cur" };
    g_autofree char *name = maildir_name (sequence);
    g_autofree char *tmp = g_build_filename (dir, "tmp", name, NULL);
    g_autofree char *final = g_build_filename (dir, "new", name, NULL);
    gboolean ok;

    for (gsize i = 0; i < G_N_ELEMENTS (subdirs); i++) {
        g_autofree char *sub = g_build_filename (dir, subdirs[i], NULL);

        if (g_mkdir_with_parents (sub, 0700) != 0)
            return fail_errno (error, sub, errno);
    }
    /* The Maildir protocol: written whole in tmp/, then linked into new/,
     * where a reader may see it; a signal in between removes it. */
    cli_signals_add_temp (tmp);
    ok = write_new_file (tmp, data, length, error) &&
         (link (tmp, final) == 0 || rename (tmp, final) == 0 ||
          fail_errno (error, final, errno));
    unlink (tmp);
    cli_signals_remove_temp (tmp);
    return ok;
}
