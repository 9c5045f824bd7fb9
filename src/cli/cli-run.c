/* cli-run.c: the loop shared by the commands that read mail. The paths are
 * walked and each input is scanned as it is found (a message file, an
 * mbox: every message in it, or standard input), so that memory does not
 * grow with the number of messages; the progress bar's total comes from a
 * first walk that only counts. Unreadable input is reported as "path:
 * reason" and the loop goes on. With several jobs the work is shared by
 * worker processes (cli-parallel.c), since GMime parsing does not scale
 * across threads. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
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

static void
say_why_no_rows (CliRun *run, const BsReport *report)
{
    if (!run->verbose || report->recipients->len > 0)
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

static void scan_mbox_stream (CliRun *run, const char *path,
                              GMimeStream *stream);

/* TRUE if the LENGTH bytes at DATA hold more than one message: a "From "
 * separator line after the first line. A single message saved with its
 * envelope line (as mail clients do) is not an mbox. */
static gboolean
several_messages (const char *data, gsize length)
{
    return length > 5 && memcmp (data, "From ", 5) == 0 &&
           g_strstr_len (data + 5, length - 5, "\nFrom ") != NULL;
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
    if (mbox_fd >= 0) {
        /* Too big to read whole: streamed message by message. */
        g_autoptr (GMimeStream) stream = g_mime_stream_fs_new (mbox_fd);

        scan_mbox_stream (run, path, stream);
        return;
    }
    if (several_messages (bytes, length)) {
        g_autoptr (GMimeStream) stream =
            g_mime_stream_mem_new_with_buffer (bytes, length);

        scan_mbox_stream (run, path, stream);
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

/* TRUE (after saying so) if a message of an mbox is over --max-size: it
 * is skipped like an over-size file, and the mbox goes on. */
static gboolean
too_large (CliRun *run, const char *source, gint64 size)
{
    g_autoptr (GError) error = NULL;

    if (size <= (gint64) run->options.max_size)
        return FALSE;
    g_set_error (&error, BS_ERROR, BS_ERROR_LIMIT,
                 "message of %" G_GINT64_FORMAT " bytes is larger than the "
                 "size limit of %" G_GSIZE_FORMAT " bytes", size,
                 run->options.max_size);
    cli_run_error (run, source, error);
    return TRUE;
}

/* The source of a message of an mbox: "PATH:OFFSET". A file named *.eml
 * was given as one message, so its messages (a bounce saved with its
 * "From " line, then another appended) keep the name the user gave. */
static char *
mbox_source (const char *path, gint64 offset)
{
    if (g_str_has_suffix (path, ".eml"))
        return g_strdup (path);
    return g_strdup_printf ("%s:%" G_GINT64_FORMAT, path, offset);
}

/* Scans every message of the mbox open on STREAM (mboxo or mboxrd "From "
 * lines; GMime undoes the quoting). Each source is "PATH:OFFSET", the byte
 * offset of the message's "From " line. */
static void
scan_mbox_stream (CliRun *run, const char *path, GMimeStream *stream)
{
    g_autoptr (GMimeParser) parser = g_mime_parser_new_with_stream (stream);

    g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);
    g_mime_parser_set_respect_content_length (parser, FALSE);
    while (run->stop == NULL && !g_mime_parser_eos (parser)) {
        g_autoptr (GMimeMessage) message =
            g_mime_parser_construct_message (parser, NULL);
        g_autofree char *source = NULL;
        g_autoptr (BsReport) report = NULL;

        gint64 offset;

        if (message == NULL)
            break;
        offset = g_mime_parser_get_mbox_marker_offset (parser);
        source = mbox_source (path, offset);
        if (too_large (run, source, g_mime_parser_tell (parser) - offset))
            continue;
        report = bs_scan_message (source, message, &run->options);
        if (run->unparsed != NULL && unexplained (report)) {
            g_autofree char *raw = g_mime_object_to_string (
                GMIME_OBJECT (message), NULL);

            keep_unparsed (run, report, raw, strlen (raw));
        }
        deliver (run, report);
    }
}

void
cli_run_one (CliRun *run, const char *path)
{
    if (strcmp (path, "-") == 0 && run->stdin_mbox) {
        g_autoptr (GMimeStream) stream = g_mime_stream_pipe_new (STDIN_FILENO);

        g_mime_stream_pipe_set_owner (GMIME_STREAM_PIPE (stream), FALSE);
        scan_mbox_stream (run, "-", stream);
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
