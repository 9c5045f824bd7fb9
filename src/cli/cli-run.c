/* cli-run.c: the loop shared by the commands that read mail. The paths are
 * walked and each input is scanned as it is found (a message file, an
 * mbox: every message in it, or standard input), so that memory does not
 * grow with the number of messages; the progress bar's total comes from a
 * first walk that only counts. Unreadable input is reported as "path:
 * reason" and the loop goes on. With several jobs the work is shared by
 * worker processes (cli-parallel.c), since GMime parsing does not scale
 * across threads. */
#include "config.h"

#include <gio/gunixinputstream.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void
cli_run_error (CliRun *run, const char *path, const GError *error)
{
    g_autofree char *line = g_str_has_prefix (error->message, path)
        ? g_strdup_printf ("%s\n", error->message)
        : g_strdup_printf ("%s: %s\n", path, error->message);

    /* Messages from our own reader already start with the path. */
    if (run->errors != NULL)
        g_string_append (run->errors, line);
    else
        g_printerr ("%s", line);
    run->failed++;
}

/* Says LINE on standard error, or, in a worker, into RUN->errors. */
static void
say (CliRun *run, const char *line)
{
    if (run->errors != NULL)
        g_string_append (run->errors, line);
    else
        g_printerr ("%s", line);
}

/* TRUE if a row of REPORT names no address (bs-subscriber.h). */
static gboolean
row_without_address (const BsReport *report)
{
    for (guint i = 0; i < report->recipients->len; i++)
        if (((BsRecipient *) g_ptr_array_index (report->recipients,
                                                i))->recipient == NULL)
            return TRUE;
    return FALSE;
}

/* With -v: the notes of a message that gave no row, or a row without an
 * address, saying why. */
static void
say_why_no_rows (CliRun *run, const BsReport *report)
{
    if (!run->verbose || (report->recipients->len > 0 &&
                          !row_without_address (report)))
        return;
    for (guint i = 0; i < report->notes->len; i++) {
        g_autofree char *line = g_strdup_printf (
            "%s: %s\n", report->source,
            (const char *) g_ptr_array_index (report->notes, i));

        if (run->errors != NULL)
            g_string_append (run->errors, line);
        else
            g_printerr ("%s", line);
    }
}

/* TRUE if no reader or no rule explained REPORT: no rows, or a row that
 * fell through to the fallback or to the catch-all reason "undefined". */
static gboolean
unexplained (const BsReport *report)
{
    if (report->recipients->len == 0)
        return TRUE;
    for (guint i = 0; i < report->recipients->len; i++) {
        const BsRecipient *recipient = g_ptr_array_index (report->recipients,
                                                          i);

        if (g_strcmp0 (recipient->rule, "fallback") == 0 ||
            g_strcmp0 (recipient->reason, "undefined") == 0)
            return TRUE;
    }
    return FALSE;
}

/* With --unparsed, keeps a copy of a message we could not explain. */
static void
keep_unparsed (CliRun *run, const BsReport *report, const char *data,
               gsize length)
{
    g_autoptr (GError) error = NULL;

    if (run->unparsed == NULL || data == NULL || !unexplained (report))
        return;
    if (!cli_maildir_store (run->unparsed, run->messages, data, length,
                            &error))
        cli_run_error (run, run->unparsed, error);
}

/* Hands one scanned report on; counts it for the summary. */
static void
deliver (CliRun *run, BsReport *report)
{
    g_autoptr (GError) error = NULL;

    run->messages++;
    cli_stats_add (&run->stats, report);
    say_why_no_rows (run, report);
    if (run->stop == NULL && !run->on_report (report, run->data, &error))
        run->stop = g_steal_pointer (&error);
}

/* Says that a message of an mbox is over --max-size: it is skipped like
 * an over-size file, and the mbox goes on. SIZE is its bytes in the
 * mbox, From_ line included. */
static void
too_large (CliRun *run, const char *source, gint64 size)
{
    g_autoptr (GError) error = NULL;

    g_set_error (&error, BS_ERROR, BS_ERROR_LIMIT,
                 "message of %" G_GINT64_FORMAT " bytes is larger than the "
                 "size limit of %" G_GSIZE_FORMAT " bytes", size,
                 run->options.max_size);
    cli_run_error (run, source, error);
}

/* The source of a message of an mbox: "PATH:OFFSET". A file named *.eml
 * was given as one message, so its messages (a bounce saved with its
 * "From " line, then another appended) keep the name the user gave, and
 * so does the one message of a file that holds one (saved with its From_
 * line); with --mbox (EXPLICIT) every message is named by its offset. */
static char *
mbox_source (const char *path, const BsMboxMessage *message,
             gboolean explicit, gboolean first)
{
    if (g_str_has_suffix (path, ".eml") ||
        (!explicit && first && message->last))
        return g_strdup (path);
    return g_strdup_printf ("%s:%" G_GINT64_FORMAT, path, message->offset);
}

/* Scans one message of the mbox PATH, its doubts said first, always as
 * "PATH:OFFSET" so that they can be found in the file. Its bytes are its
 * own, as in a Maildir, for the fingerprint and for --unparsed. */
static void
scan_mbox_message (CliRun *run, const char *path, const char *source,
                   const BsMboxMessage *message)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (BsReport) report = NULL;

    for (guint i = 0; i < message->doubts->len; i++) {
        g_autofree char *line = g_strdup_printf (
            "%s:%" G_GINT64_FORMAT ": %s\n", path, message->offset,
            (const char *) g_ptr_array_index (message->doubts, i));

        say (run, line);
    }
    if (message->too_large) {
        too_large (run, source, message->size);
        return;
    }
    report = bs_scan_bytes (source, message->data, message->length,
                            &run->options, &error);
    if (report == NULL) {
        cli_run_error (run, source, error);
        return;
    }
    keep_unparsed (run, report, message->data, message->length);
    deliver (run, report);
}

/* Scans every message of the mbox PATH open on STREAM (bs-mbox.c says
 * how it is split). An mbox that is not empty but holds no message
 * counts as unreadable: a file that starts like an mbox, or standard
 * input with --mbox, was meant to hold some. */
static void
scan_mbox (CliRun *run, const char *path, GInputStream *stream,
           gboolean explicit)
{
    g_autoptr (BsMbox) mbox = bs_mbox_new (stream, run->options.max_size);
    g_autoptr (GError) error = NULL;
    BsMboxMessage message;
    guint64 count = 0;

    while (run->stop == NULL && bs_mbox_next (mbox, &message, &error)) {
        g_autofree char *source = mbox_source (path, &message, explicit,
                                               count++ == 0);

        scan_mbox_message (run, path, source, &message);
    }
    if (error != NULL) {
        cli_run_error (run, path, error);
    } else if (count == 0 && bs_mbox_get_skipped (mbox) > 0) {
        g_set_error (&error, BS_ERROR, BS_ERROR_INPUT,
                     "read as an mbox, but no From_ line starts a message "
                     "in its %" G_GINT64_FORMAT " bytes",
                     bs_mbox_get_skipped (mbox));
        cli_run_error (run, path, error);
    }
}

static void
scan_file (CliRun *run, const char *path)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *bytes = NULL;
    g_autoptr (BsReport) report = NULL;
    gsize length = 0;
    int mbox_fd;

    if (!cli_read_input (path, run->options.max_size, &bytes, &length,
                         &mbox_fd, &error)) {
        cli_run_error (run, path, error);
        return;
    }
    if (mbox_fd >= 0 || bs_mbox_detect (bytes, length)) {
        /* Too big to read whole, an mbox is streamed from its file. */
        g_autoptr (GInputStream) stream = mbox_fd >= 0
            ? g_unix_input_stream_new (mbox_fd, TRUE)
            : g_memory_input_stream_new_from_data (bytes, length, NULL);

        scan_mbox (run, path, stream, FALSE);
        return;
    }
    report = bs_scan_bytes (path, bytes, length, &run->options, &error);
    if (report == NULL) {
        cli_run_error (run, path, error);
        return;
    }
    keep_unparsed (run, report, bytes, length);
    deliver (run, report);
}

void
cli_run_one (CliRun *run, const char *path)
{
    if (strcmp (path, "-") == 0 && run->stdin_mbox) {
        g_autoptr (GInputStream) stream =
            g_unix_input_stream_new (STDIN_FILENO, FALSE);

        scan_mbox (run, "-", stream, TRUE);
    } else {
        scan_file (run, path);
    }
    cli_progress_update (run->progress, ++run->units, run->messages);
}
/* Inputs are scanned as the walk finds them; with several jobs, the
 * first is held back until a second shows there is work to share. */
typedef struct {
    CliRun *run;
    char *first;
    CliParallel *parallel;
} Dispatch;

static void
on_file (const char *path, gpointer data)
{
    Dispatch *dispatch = data;
    CliRun *run = dispatch->run;

    if (run->stop != NULL)
        return;
    if (run->jobs <= 1) {
        cli_run_one (run, path);
    } else if (dispatch->parallel == NULL && dispatch->first == NULL) {
        dispatch->first = g_strdup (path);
    } else {
        if (dispatch->parallel == NULL) {
            dispatch->parallel = cli_parallel_new (run, run->jobs);
            cli_parallel_add (dispatch->parallel, dispatch->first);
        }
        cli_parallel_add (dispatch->parallel, path);
    }
}

static void
on_error (const char *path, const GError *error, gpointer data)
{
    cli_run_error (((Dispatch *) data)->run, path, error);
}

static void
count_file (const char *path, gpointer data)
{
    (*(guint *) data)++;
}

static void
ignore_error (const char *path, const GError *error, gpointer data)
{
}

/* The number of inputs under PATHS: a walk that keeps nothing, only done
 * for the progress bar. */
static guint
count_inputs (char **paths)
{
    guint count = 0;
    CliWalk walk = { count_file, ignore_error, &count };

    for (char **path = paths; path != NULL && *path != NULL; path++)
        cli_inputs_walk (&walk, *path);
    return count;
}

/* Workers past four per CPU only wait for each other (GMime parsing is
 * CPU-bound) and each costs memory and a pipe pair; the limit also fits
 * the signal handler's table of workers. */
#define JOBS_PER_CPU 4
#define MAX_JOBS 256

guint
cli_jobs (gint asked)
{
    guint cpus = g_get_num_processors ();
    guint most = MIN (JOBS_PER_CPU * cpus, MAX_JOBS);

    if (asked < 0)
        return cpus;
    if ((guint) asked > most) {
        g_printerr ("bouncescan: -j %d is more than this machine can use; "
                    "using %u (%u per CPU)\n", asked, most, JOBS_PER_CPU);
        return most;
    }
    return (guint) asked;
}

gboolean
cli_run_paths (CliRun *run, char **paths, GError **error)
{
    Dispatch dispatch = { run, NULL, NULL };
    CliWalk walk = { on_file, on_error, &dispatch };
    g_autoptr (BsCharsets) charsets = bs_charsets_hold ();

    run->total = run->progress != NULL ? count_inputs (paths) : 0;
    cli_progress_start (run->progress, run->total);
    for (char **path = paths; path != NULL && *path != NULL; path++)
        cli_inputs_walk (&walk, *path);
    if (dispatch.parallel != NULL)
        cli_parallel_finish (dispatch.parallel);
    else if (dispatch.first != NULL)
        cli_run_one (run, dispatch.first);
    g_free (dispatch.first);
    cli_progress_finish (run->progress);
    if (run->stop != NULL) {
        g_propagate_error (error, g_steal_pointer (&run->stop));
        return FALSE;
    }
    return TRUE;
}
