/* cli-parallel.c: worker processes. The parent walks the inputs and
 * hands them out in chunks of up to CHUNK names, each to the worker with
 * the fewest chunks in hand: messages differ in cost, and a fixed turn
 * left one worker idle while the other finished a heavy chunk. Each worker
 * scans a chunk's inputs in order and sends back, in one write, a block
 * per input: the rows (every column as a string), the counts and the error
 * lines. The parent reads results as they come, keeps them by chunk
 * number, and replays chunks in number order, so the output is in the
 * order of the inputs whatever N is. Chunks rather than single inputs
 * because a pipe round trip per message cost as much as a third of the
 * scanning on a virtual machine. At most WINDOW chunks per worker are in
 * flight, so memory stays flat however many messages there are, and the
 * name pipes never fill: a chunk's names stay under CHUNK_BYTES plus one
 * path, and WINDOW of them fit in a pipe, so the parent never blocks
 * writing while a worker blocks writing to it.
 * Processes rather than threads: GObject construction in GMime takes
 * process-wide locks, so threads do not scale (see the batch issue).
 *
 * When the output is all that is made of the rows (RUN->render), workers
 * write the rows as output text, and the parent only copies it: rebuilding
 * and formatting every row was most of the parent's work, and the parent
 * shares the CPUs with the workers.
 *
 * Chunk of names: u32 size of the rest, u32 count, then per name u32
 * length and bytes; a size of 0 ends the work. Results of a chunk: u32
 * length, then per input a block: u32 length; per row u32 1 and
 * BS_COLUMN_COUNT strings, then the report's Message-ID and fingerprint,
 * or per report u32 2 and its rows' output text; u32 0; CliStats; u32
 * failed; string errors. A string is u32 length and bytes. Native byte
 * order: the pipes never leave this machine. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static void
put_u32 (GByteArray *block, guint32 value)
{
    g_byte_array_append (block, (const guint8 *) &value, sizeof value);
}

/* Sets the u32 at byte AT of BLOCK (a length written before it was
 * known; AT need not be aligned). */
static void
set_u32 (GByteArray *block, gsize at, guint32 value)
{
    memcpy (block->data + at, &value, sizeof value);
}

static void
put_string (GByteArray *block, const char *text)
{
    put_u32 (block, strlen (text));
    g_byte_array_append (block, (const guint8 *) text, strlen (text));
}

/* In a worker: where a report's rows go. */
typedef struct {
    GByteArray *rows;    /* the pending block */
    BsWriter *render;    /* RUN->render */
    GString *text;       /* scratch for rendered rows */
} WorkerRows;

/* In a worker: each report's rows go into the pending block, as output
 * text or as columns. */
static gboolean
collect_rows (const BsReport *report, gpointer data, GError **error)
{
    WorkerRows *out = data;

    if (out->render != NULL) {
        g_string_truncate (out->text, 0);
        if (!bs_writer_render (out->render, report, out->text, error))
            return FALSE;
        put_u32 (out->rows, 2);
        put_u32 (out->rows, out->text->len);
        g_byte_array_append (out->rows, (const guint8 *) out->text->str,
                             out->text->len);
        return TRUE;
    }
    for (guint i = 0; i < report->recipients->len; i++) {
        const BsRecipient *recipient = g_ptr_array_index (report->recipients,
                                                          i);

        put_u32 (out->rows, 1);
        for (int column = 0; column < BS_COLUMN_COUNT; column++)
            put_string (out->rows, bs_row_get (report, recipient, column));
        put_string (out->rows, report->message_id ? report->message_id : "");
        put_string (out->rows,
                    report->fingerprint ? report->fingerprint : "");
    }
    return TRUE;
}

static gboolean
write_all (int fd, const guint8 *data, gsize length)
{
    while (length > 0) {
        ssize_t done = write (fd, data, length);

        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            return FALSE;
        data += done;
        length -= done;
    }
    return TRUE;
}

/* Scans input NAME as the parent would and appends its block to CHUNK. */
static void
work_one (CliRun *run, const char *name, GByteArray *chunk, GString *text)
{
    g_autoptr (GByteArray) rows = g_byte_array_new ();
    g_autoptr (GString) errors = g_string_new (NULL);
    WorkerRows out = { rows, run->render, text };
    CliRun local = *run;
    gsize start = chunk->len;

    local.on_report = collect_rows;
    local.data = &out;
    local.errors = errors;
    local.progress = NULL;
    local.failed = 0;
    memset (&local.stats, 0, sizeof local.stats);
    cli_run_one (&local, name);
    put_u32 (chunk, 0);   /* the block's length, set below */
    g_byte_array_append (chunk, rows->data, rows->len);
    put_u32 (chunk, 0);   /* end of rows */
    g_byte_array_append (chunk, (const guint8 *) &local.stats,
                         sizeof local.stats);
    put_u32 (chunk, local.failed);
    put_string (chunk, errors->str);
    set_u32 (chunk, start, chunk->len - start - sizeof (guint32));
}

static gboolean read_all (int fd, void *data, gsize length);
static gboolean get_u32 (const guint8 *block, gsize length, gsize *at,
                         guint32 *value);

/* Reads one chunk of names from IN, in two reads, and scans them into
 * CHUNK, which starts with its length. FALSE at the end of the work. */
static gboolean
work_chunk (CliRun *run, int in, GByteArray *chunk, GString *text)
{
    guint32 size, count, length;
    g_autofree guint8 *names = NULL;
    gsize at = 0;

    if (!read_all (in, &size, sizeof size) || size == 0)
        return FALSE;
    names = g_malloc (size);
    if (!read_all (in, names, size) || !get_u32 (names, size, &at, &count))
        return FALSE;
    g_byte_array_set_size (chunk, 0);
    put_u32 (chunk, 0);
    for (guint32 i = 0; i < count; i++) {
        g_autofree char *name = NULL;

        if (!get_u32 (names, size, &at, &length) || length == 0 ||
            length > PATH_MAX || at + length > size)
            return FALSE;
        name = g_strndup ((const char *) names + at, length);
        at += length;
        work_one (run, name, chunk, text);
    }
    set_u32 (chunk, 0, chunk->len - sizeof (guint32));
    return TRUE;
}

/* A worker: scans each chunk of names read from IN, writes its blocks to
 * OUT. */
static void G_GNUC_NORETURN
worker (CliRun *run, int in, int out)
{
    g_autoptr (GByteArray) chunk = g_byte_array_new ();
    g_autoptr (GString) text = g_string_new (NULL);

    while (work_chunk (run, in, chunk, text))
        if (!write_all (out, chunk->data, chunk->len))
            _exit (1);
    close (out);
    _exit (0);
}

static gboolean
read_all (int fd, void *data, gsize length)
{
    guint8 *p = data;

    while (length > 0) {
        ssize_t got = read (fd, p, length);

        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return FALSE;
        p += got;
        length -= got;
    }
    return TRUE;
}

/* Reads a u32 or a string at *AT in BLOCK (bounds-checked). */
static gboolean
get_u32 (const guint8 *block, gsize length, gsize *at, guint32 *value)
{
    if (*at + sizeof *value > length)
        return FALSE;
    memcpy (value, block + *at, sizeof *value);
    *at += sizeof *value;
    return TRUE;
}

static char *
get_string (const guint8 *block, gsize length, gsize *at)
{
    guint32 size;
    char *text;

    if (!get_u32 (block, length, at, &size) || *at + size > length)
        return NULL;
    text = g_strndup ((const char *) block + *at, size);
    *at += size;
    return text;
}

/* Rebuilds one row of BLOCK and hands it to RUN->on_report. */
static gboolean
replay_row (CliRun *run, const guint8 *block, gsize length, gsize *at)
{
    g_autoptr (BsReport) report = bs_report_new (NULL);
    BsRecipient *recipient = bs_recipient_new ();
    g_autoptr (GError) error = NULL;

    g_ptr_array_add (report->recipients, recipient);
    for (int column = 0; column < BS_COLUMN_COUNT; column++) {
        g_autofree char *value = get_string (block, length, at);

        if (value == NULL)
            return FALSE;
        bs_row_set (report, recipient, column, value);
    }
    /* What the history needs beyond the columns. */
    report->message_id = get_string (block, length, at);
    report->fingerprint = get_string (block, length, at);
    if (report->message_id == NULL || report->fingerprint == NULL)
        return FALSE;
    if (run->stop == NULL && !run->on_report (report, run->data, &error))
        run->stop = g_steal_pointer (&error);
    return TRUE;
}

/* Writes the output text of one report's rows at *AT in BLOCK. */
static gboolean
replay_text (CliRun *run, const guint8 *block, gsize length, gsize *at)
{
    guint32 size;
    g_autoptr (GError) error = NULL;

    if (!get_u32 (block, length, at, &size) || *at + size > length)
        return FALSE;
    if (run->stop == NULL &&
        !bs_writer_write_text (run->render, (const char *) block + *at, size,
                               &error))
        run->stop = g_steal_pointer (&error);
    *at += size;
    return TRUE;
}

/* Replays one input's block: rows, counts, error lines. */
static gboolean
replay (CliRun *run, const guint8 *block, gsize length)
{
    gsize at = 0;
    guint32 more, failed;
    CliStats stats;
    g_autofree char *errors = NULL;

    while (get_u32 (block, length, &at, &more) && more != 0)
        if (more == 1 ? !replay_row (run, block, length, &at)
            : more != 2 || run->render == NULL ||
              !replay_text (run, block, length, &at))
            return FALSE;
    if (at + sizeof stats > length)
        return FALSE;
    memcpy (&stats, block + at, sizeof stats);
    at += sizeof stats;
    if (!get_u32 (block, length, &at, &failed) ||
        (errors = get_string (block, length, &at)) == NULL)
        return FALSE;
    g_printerr ("%s", errors);
    cli_stats_merge (&run->stats, &stats);
    run->messages += stats.messages;
    run->failed += failed;
    return TRUE;
}

/* Chunk sizes: names per chunk, and the bytes of names after which a
 * chunk is sent even if it has fewer. */
#define CHUNK 64
#define CHUNK_BYTES 12288
/* Chunks in flight per worker: WINDOW * (CHUNK_BYTES + 8 + PATH_MAX) bytes
 * of names must fit in a pipe (64 KiB on Linux). */
#define WINDOW 3

struct _CliParallel {
    CliRun *run;
    guint jobs;
    int *names;          /* per worker: the pipe its names go down */
    int *results;        /* per worker: the pipe its blocks come up */
    pid_t *pids;
    GQueue *queued;      /* per worker: the numbers of its chunks in hand */
    GBytes **done;       /* per chunk in flight (number mod WINDOW * jobs):
                          * its results once received, or NULL */
    GByteArray *chunk;   /* the names of the chunk being gathered */
    guint32 count;       /* how many */
    guint sent;          /* chunks handed out */
    guint replayed;      /* chunks replayed */
    gboolean broken;     /* a worker died: stop reading */
};

/* Replays each input's block of a chunk's results, moving the progress
 * bar on by one input each. */
static gboolean
replay_chunk (CliRun *run, const guint8 *data, gsize length)
{
    gsize at = 0;
    guint32 size;

    while (at < length) {
        if (!get_u32 (data, length, &at, &size) || at + size > length ||
            !replay (run, data + at, size))
            return FALSE;
        at += size;
        cli_progress_update (run->progress, ++run->units, run->messages);
    }
    return TRUE;
}

/* Reads one chunk's results from FD; NULL if the worker died. */
static GBytes *
receive (int fd)
{
    guint32 length;
    g_autofree guint8 *data = NULL;

    if (!read_all (fd, &length, sizeof length))
        return NULL;
    data = g_malloc (length);
    if (!read_all (fd, data, length))
        return NULL;
    return g_bytes_new_take (g_steal_pointer (&data), length);
}

static void
close_all (const int *fds, guint count)
{
    for (guint k = 0; k < count; k++)
        close (fds[k]);
}

CliParallel *
cli_parallel_new (CliRun *run, guint jobs)
{
    CliParallel *parallel = g_new0 (CliParallel, 1);

    parallel->run = run;
    parallel->jobs = jobs;
    parallel->names = g_new (int, jobs);
    parallel->results = g_new (int, jobs);
    parallel->pids = g_new (pid_t, jobs);
    parallel->queued = g_new0 (GQueue, jobs);
    parallel->done = g_new0 (GBytes *, WINDOW * jobs);
    parallel->chunk = g_byte_array_new ();
    for (guint k = 0; k < jobs; k++) {
        int down[2], up[2];

        if (pipe (down) != 0 || pipe (up) != 0 ||
            (parallel->pids[k] = fork ()) < 0)
            g_error ("cannot start worker processes: %s", g_strerror (errno));
        if (parallel->pids[k] == 0) {
            cli_signals_forked ();
            /* The child keeps only its own ends. */
            close_all (parallel->names, k);
            close_all (parallel->results, k);
            close (down[1]);
            close (up[0]);
            worker (run, down[0], up[1]);
        }
        cli_signals_add_worker (parallel->pids[k]);
        close (down[0]);
        close (up[1]);
        parallel->names[k] = down[1];
        parallel->results[k] = up[0];
    }
    return parallel;
}

static void
worker_died (CliParallel *parallel, guint k)
{
    g_printerr ("bouncescan: worker %u stopped early\n", k);
    parallel->run->failed++;
    parallel->broken = TRUE;
}

/* Replays, in number order, the chunks whose results are in. */
static void
replay_done (CliParallel *parallel)
{
    guint slots = WINDOW * parallel->jobs;
    GBytes **slot;

    while (parallel->replayed < parallel->sent &&
           *(slot = &parallel->done[parallel->replayed % slots]) != NULL) {
        gsize length;
        const guint8 *data = g_bytes_get_data (*slot, &length);

        if (!parallel->broken &&
            !replay_chunk (parallel->run, data, length)) {
            g_printerr ("bouncescan: bad results from a worker\n");
            parallel->run->failed++;
            parallel->broken = TRUE;
        }
        g_clear_pointer (slot, g_bytes_unref);
        parallel->replayed++;
    }
}

/* Takes in the results that have come, waiting for some if WAIT, then
 * replays what it can. */
static void
collect (CliParallel *parallel, gboolean wait)
{
    g_autofree struct pollfd *fds = g_new (struct pollfd, parallel->jobs);
    guint n = 0;

    for (guint k = 0; k < parallel->jobs; k++)
        if (parallel->queued[k].length > 0)
            fds[n++] = (struct pollfd) { parallel->results[k], POLLIN, 0 };
    if (n == 0 || poll (fds, n, wait ? -1 : 0) <= 0)
        return;
    for (guint i = 0, k = 0; i < n; i++, k++) {
        guint number;
        GBytes *results;

        while (parallel->results[k] != fds[i].fd)
            k++;
        if (fds[i].revents == 0)
            continue;
        number = GPOINTER_TO_UINT (g_queue_pop_head (&parallel->queued[k]));
        if ((results = receive (fds[i].fd)) == NULL) {
            worker_died (parallel, k);
            return;
        }
        parallel->done[number % (WINDOW * parallel->jobs)] = results;
    }
    replay_done (parallel);
}

/* The worker with the fewest chunks in hand, or -1 if every one has
 * WINDOW. */
static int
least_busy (const CliParallel *parallel)
{
    int best = -1;

    for (guint k = 0; k < parallel->jobs; k++)
        if (parallel->queued[k].length < WINDOW &&
            (best < 0 || parallel->queued[k].length <
                         parallel->queued[best].length))
            best = k;
    return best;
}

/* Sends the chunk gathered so far to the least busy worker, first waiting
 * for room in the window if need be. */
static void
send_chunk (CliParallel *parallel)
{
    int k;

    if (parallel->count == 0)
        return;
    collect (parallel, FALSE);
    while (!parallel->broken &&
           (parallel->sent - parallel->replayed >= WINDOW * parallel->jobs ||
            least_busy (parallel) < 0))
        collect (parallel, TRUE);
    set_u32 (parallel->chunk, 0, parallel->chunk->len - sizeof (guint32));
    set_u32 (parallel->chunk, sizeof (guint32), parallel->count);
    k = least_busy (parallel);
    if (parallel->broken || k < 0 ||
        !write_all (parallel->names[k], parallel->chunk->data,
                    parallel->chunk->len)) {
        parallel->broken = TRUE;
    } else {
        g_queue_push_tail (&parallel->queued[k],
                           GUINT_TO_POINTER (parallel->sent));
        parallel->sent++;
    }
    g_byte_array_set_size (parallel->chunk, 0);
    parallel->count = 0;
}

void
cli_parallel_add (CliParallel *parallel, const char *name)
{
    guint32 length = strlen (name);

    if (length == 0 || length > PATH_MAX) {
        parallel->broken = TRUE;
        return;
    }
    if (parallel->count == 0) {
        put_u32 (parallel->chunk, 0);   /* the size, set when sent */
        put_u32 (parallel->chunk, 0);   /* the count, likewise */
    }
    put_u32 (parallel->chunk, length);
    g_byte_array_append (parallel->chunk, (const guint8 *) name, length);
    parallel->count++;
    if (parallel->count == CHUNK || parallel->chunk->len >= CHUNK_BYTES)
        send_chunk (parallel);
}

void
cli_parallel_finish (CliParallel *parallel)
{
    guint32 end = 0;

    send_chunk (parallel);
    for (guint k = 0; k < parallel->jobs; k++)
        write_all (parallel->names[k], (const guint8 *) &end, sizeof end);
    close_all (parallel->names, parallel->jobs);
    while (!parallel->broken && parallel->replayed < parallel->sent)
        collect (parallel, TRUE);
    close_all (parallel->results, parallel->jobs);
    for (guint k = 0; k < parallel->jobs; k++) {
        waitpid (parallel->pids[k], NULL, 0);
        cli_signals_remove_worker (parallel->pids[k]);
        g_queue_clear (&parallel->queued[k]);
    }
    for (guint i = 0; i < WINDOW * parallel->jobs; i++)
        g_clear_pointer (&parallel->done[i], g_bytes_unref);
    g_free (parallel->queued);
    g_free (parallel->done);
    g_byte_array_unref (parallel->chunk);
    g_free (parallel->names);
    g_free (parallel->results);
    g_free (parallel->pids);
    g_free (parallel);
}
