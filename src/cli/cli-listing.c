/* cli-listing.c: a directory's entries in name order, in memory that does
 * not grow with the directory. Up to a run's worth of names (run_bytes)
 * is sorted in memory. A larger directory, a big Maildir's cur/, is
 * sorted in runs of that size; each run is written to an unlinked
 * temporary file and the runs are merged as the listing is read, a small
 * buffer per run. Several passes over the directory instead would cost
 * a pass per run; a directory is read once. Should no temporary file be
 * possible, the names are kept in memory as before. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cli.h"

/* Bytes of a run read at a time: far more than one entry (a type byte,
 * at most NAME_MAX bytes of name, a NUL). */
#define RUN_BUFFER 4096
G_STATIC_ASSERT (RUN_BUFFER >= 2 * (NAME_MAX + 2));

/* The entries of one run: each its type as readdir() gave it, its name
 * and a NUL, one after the other in one block; and the offsets of the
 * entries in name order. */
typedef struct {
    GByteArray *block;
    GArray *order;        /* of guint32 */
} Entries;

/* A run on disk and the part of it read. */
typedef struct {
    off_t at, end;        /* what is still in the file */
    guint8 *buffer;       /* RUN_BUFFER bytes */
    gsize start, length;  /* the buffered entries: [start, length) */
} Run;

struct _CliListing {
    Entries memory;       /* the names when they fit in one run */
    guint next;           /* the next of them */
    int fd;               /* the runs' file, or -1 */
    GArray *runs;         /* of Run */
    Run *taken;           /* the run whose first entry was returned last:
                           * the one to move on before the next merge */
    gsize run_bytes;
};

static int
compare_entries (gconstpointer a, gconstpointer b, gpointer block)
{
    const char *names = (const char *) ((GByteArray *) block)->data + 1;

    return strcmp (names + *(const guint32 *) a, names + *(const guint32 *) b);
}

static void
entries_reset (Entries *entries, gsize run_bytes)
{
    if (entries->block == NULL) {
        entries->block = g_byte_array_sized_new (run_bytes + NAME_MAX + 2);
        entries->order = g_array_new (FALSE, FALSE, sizeof (guint32));
    }
    g_byte_array_set_size (entries->block, 0);
    g_array_set_size (entries->order, 0);
}

static void
entries_add (Entries *entries, const struct dirent *found)
{
    guint32 offset = entries->block->len;

    g_byte_array_append (entries->block, &found->d_type, 1);
    g_byte_array_append (entries->block, (const guint8 *) found->d_name,
                         strlen (found->d_name) + 1);
    g_array_append_val (entries->order, offset);
}

static const guint8 *
entry_at (const Entries *entries, guint i)
{
    return entries->block->data + g_array_index (entries->order, guint32, i);
}

static gboolean
write_all (int fd, struct iovec *pieces, int count)
{
    while (count > 0) {
        ssize_t done = writev (fd, pieces, count);

        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            return FALSE;
        /* Skip what was written, also partly. */
        while (count > 0 && (gsize) done >= pieces->iov_len) {
            done -= pieces->iov_len;
            pieces++;
            count--;
        }
        if (count > 0) {
            pieces->iov_base = (char *) pieces->iov_base + done;
            pieces->iov_len -= done;
        }
    }
    return TRUE;
}

/* An unlinked temporary file for the runs, or -1. */
static int
open_runs_file (void)
{
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp ("bouncescan-names-XXXXXX", &path, NULL);

    if (fd >= 0)
        unlink (path);
    return fd;
}

/* Sorts the names in memory and appends them to the runs' file as a run.
 * FALSE if that cannot be done; the names stay in memory. */
static gboolean
spill (CliListing *listing)
{
    Entries *entries = &listing->memory;
    struct iovec pieces[64];
    Run run = { 0 };
    guint i = 0;

    if (listing->fd < 0 && (listing->fd = open_runs_file ()) < 0)
        return FALSE;
    g_array_sort_with_data (entries->order, compare_entries, entries->block);
    if ((run.at = lseek (listing->fd, 0, SEEK_END)) < 0)
        return FALSE;
    /* In name order, a few dozen entries a write. */
    while (i < entries->order->len) {
        int count = 0;

        for (; count < (int) G_N_ELEMENTS (pieces) &&
               i < entries->order->len; count++, i++) {
            const guint8 *entry = entry_at (entries, i);

            pieces[count].iov_base = (void *) entry;
            pieces[count].iov_len = 2 + strlen ((const char *) entry + 1);
        }
        if (!write_all (listing->fd, pieces, count))
            return FALSE;
    }
    run.end = lseek (listing->fd, 0, SEEK_CUR);
    g_array_append_val (listing->runs, run);
    entries_reset (entries, listing->run_bytes);
    return TRUE;
}

static gboolean
run_done (const Run *run)
{
    return run->at >= run->end && run->start >= run->length;
}

/* Makes sure RUN, unless it is done, has a whole entry buffered; FALSE on
 * a read error or a run cut short. */
static gboolean
run_fill (int fd, Run *run)
{
    gsize left = run->length - run->start;

    if (run_done (run) ||
        (left > 0 && memchr (run->buffer + run->start + 1, '\0', left - 1)))
        return TRUE;
    memmove (run->buffer, run->buffer + run->start, left);
    run->start = 0;
    run->length = left;
    while (run->at < run->end && run->length < RUN_BUFFER) {
        ssize_t got = pread (fd, run->buffer + run->length,
                             MIN ((off_t) (RUN_BUFFER - run->length),
                                  run->end - run->at), run->at);

        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return FALSE;
        run->at += got;
        run->length += got;
    }
    return run->length > 1 &&
           memchr (run->buffer + 1, '\0', run->length - 1) != NULL;
}

/* Gives each run its buffer and its first entry. */
static gboolean
runs_start (CliListing *listing)
{
    for (guint r = 0; r < listing->runs->len; r++) {
        Run *run = &g_array_index (listing->runs, Run, r);

        run->buffer = g_malloc (RUN_BUFFER);
        if (!run_fill (listing->fd, run))
            return FALSE;
    }
    return TRUE;
}

CliListing *
cli_listing_open (const char *directory, gsize run_bytes, GError **error)
{
    DIR *dir = opendir (directory);
    CliListing *listing;
    struct dirent *found;

    if (dir == NULL) {
        int saved = errno;

        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     "%s", g_strerror (saved));
        return NULL;
    }
    listing = g_new0 (CliListing, 1);
    listing->fd = -1;
    listing->run_bytes = MAX (run_bytes, 1);
    listing->runs = g_array_new (FALSE, FALSE, sizeof (Run));
    entries_reset (&listing->memory, listing->run_bytes);
    while ((found = readdir (dir)) != NULL) {
        if (strcmp (found->d_name, ".") == 0 ||
            strcmp (found->d_name, "..") == 0)
            continue;
        /* A run is full: to disk with it, unless that fails (then all
         * names stay in memory, and no run is written any more). */
        if (listing->memory.block->len >= listing->run_bytes &&
            !spill (listing))
            listing->run_bytes = G_MAXSIZE;
        entries_add (&listing->memory, found);
    }
    closedir (dir);
    if (listing->runs->len > 0 &&
        (!spill (listing) || !runs_start (listing))) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO,
                     "cannot keep the sorted names in a temporary file: %s",
                     g_strerror (errno));
        cli_listing_free (listing);
        return NULL;
    }
    if (listing->runs->len == 0)
        g_array_sort_with_data (listing->memory.order, compare_entries,
                                listing->memory.block);
    return listing;
}

/* The next name of the runs on disk: the smallest of their first entries.
 * Only the run it came from moves on, at the next call, so that the name
 * stays valid until then. */
static const char *
next_from_runs (CliListing *listing, unsigned char *type, GError **error)
{
    Run *best = NULL;
    const char *name;

    if (listing->taken != NULL && !run_fill (listing->fd, listing->taken)) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO,
                     "cannot read back the sorted names");
        return NULL;
    }
    for (guint r = 0; r < listing->runs->len; r++) {
        Run *run = &g_array_index (listing->runs, Run, r);

        if (!run_done (run) &&
            (best == NULL ||
             strcmp ((const char *) run->buffer + run->start + 1,
                     (const char *) best->buffer + best->start + 1) < 0))
            best = run;
    }
    if ((listing->taken = best) == NULL)
        return NULL;
    *type = best->buffer[best->start];
    name = (const char *) best->buffer + best->start + 1;
    best->start += 2 + strlen (name);
    return name;
}

const char *
cli_listing_next (CliListing *listing, unsigned char *type, GError **error)
{
    const guint8 *entry;

    if (listing->runs->len > 0)
        return next_from_runs (listing, type, error);
    if (listing->next >= listing->memory.order->len)
        return NULL;
    entry = entry_at (&listing->memory, listing->next++);
    *type = entry[0];
    return (const char *) entry + 1;
}

void
cli_listing_free (CliListing *listing)
{
    if (listing == NULL)
        return;
    for (guint r = 0; r < listing->runs->len; r++)
        g_free (g_array_index (listing->runs, Run, r).buffer);
    g_array_unref (listing->runs);
    g_byte_array_unref (listing->memory.block);
    g_array_unref (listing->memory.order);
    if (listing->fd >= 0)
        close (listing->fd);
    g_free (listing);
}
