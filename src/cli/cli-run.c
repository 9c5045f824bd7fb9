/* cli-run.c: the loop shared by the commands that read mail: expand each
 * path, read each message, scan it, hand the report on. Unreadable input is
 * reported as "path: reason" and the loop goes on. */
#include "config.h"

#include <string.h>

#include "cli.h"

static void
input_failed (CliRun *run, const char *path, const GError *error)
{
    /* Messages from our own reader already start with the path. */
    if (g_str_has_prefix (error->message, path))
        g_printerr ("%s\n", error->message);
    else
        g_printerr ("%s: %s\n", path, error->message);
    run->failed++;
}

static void
say_why_no_rows (const CliRun *run, const BsReport *report)
{
    if (!run->verbose || report->recipients->len > 0)
        return;
    for (guint i = 0; i < report->notes->len; i++)
        g_printerr ("%s: %s\n", report->source,
                    (const char *) g_ptr_array_index (report->notes, i));
}

static void
on_file (const char *path, gpointer data)
{
    CliRun *run = data;
    g_autoptr (GError) error = NULL;
    g_autofree char *bytes = NULL;
    g_autoptr (BsReport) report = NULL;
    gsize length = 0;

    if (run->stop != NULL)
        return;
    if (!cli_read_input (path, run->options.max_size, &bytes, &length,
                         &error)) {
        input_failed (run, path, error);
        return;
    }
    report = bs_scan_bytes (path, bytes, length, &run->options, &error);
    if (report == NULL) {
        input_failed (run, path, error);
        return;
    }
    run->messages++;
    say_why_no_rows (run, report);
    if (!run->on_report (report, run->data, &error))
        run->stop = g_steal_pointer (&error);
}

static void
on_error (const char *path, const GError *error, gpointer data)
{
    input_failed (data, path, error);
}

gboolean
cli_run_paths (CliRun *run, char **paths, GError **error)
{
    CliWalk walk = { on_file, on_error, run };

    for (char **path = paths; path != NULL && *path != NULL; path++)
        cli_inputs_walk (&walk, *path);
    if (run->stop != NULL) {
        g_propagate_error (error, g_steal_pointer (&run->stop));
        return FALSE;
    }
    return TRUE;
}
