/* cli-progress.c: the progress bar a person watching sees, and the
 * one-line summary at the end. The bar only goes to a terminal, redrawn at
 * most five times a second, so cron mail stays clean. */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "cli.h"

struct _CliProgress {
    guint total;
    gint64 started;      /* monotonic, microseconds */
    gint64 drawn;        /* when last drawn */
};

CliProgress *
cli_progress_new (void)
{
    if (!isatty (STDERR_FILENO))
        return NULL;
    return g_new0 (CliProgress, 1);
}

void
cli_progress_free (CliProgress *progress)
{
    g_free (progress);
}

void
cli_progress_start (CliProgress *progress, guint total)
{
    if (progress == NULL)
        return;
    progress->total = total;
    progress->started = g_get_monotonic_time ();
}

/* The time left, or "--:--" in the first second, when the rate is still
 * the start-up's (loading the rules, the first chunk of names). */
static void
format_eta (char *out, gsize size, double seconds, guint done, guint total)
{
    double left = done > 0 && total > done
        ? seconds * (total - done) / done : 0;

    if (seconds < 1.0)
        g_strlcpy (out, "--:--", size);
    else
        g_snprintf (out, size, "%d:%02d", (int) left / 60, (int) left % 60);
}

static void
draw (CliProgress *progress, guint done, guint64 messages)
{
    double seconds = (g_get_monotonic_time () - progress->started) / 1e6;
    double rate = seconds > 0 ? messages / seconds : 0;
    char eta[32];

    format_eta (eta, sizeof eta, seconds, done, progress->total);
    cli_signals_progress (TRUE);
    g_printerr ("\r%u/%u inputs, %" G_GUINT64_FORMAT " messages, %.0f/s, "
                "ETA %s   ", done, progress->total, messages, rate, eta);
}

void
cli_progress_update (CliProgress *progress, guint done, guint64 messages)
{
    gint64 now = g_get_monotonic_time ();

    if (progress == NULL || (now - progress->drawn < 200000 &&
                             done < progress->total))
        return;
    progress->drawn = now;
    draw (progress, done, messages);
}

void
cli_progress_finish (CliProgress *progress)
{
    if (progress == NULL)
        return;
    g_printerr ("\r\033[K");
    cli_signals_progress (FALSE);
}

void
cli_stats_add (CliStats *stats, const BsReport *report)
{
    stats->messages++;
    stats->bounces += report->recipients->len > 0;
    for (guint i = 0; i < report->recipients->len; i++) {
        const BsRecipient *recipient = g_ptr_array_index (report->recipients,
                                                          i);

        if ((guint) recipient->klass < BS_CLASS_COUNT)
            stats->rows[recipient->klass]++;
    }
}

void
cli_stats_merge (CliStats *stats, const CliStats *from)
{
    stats->messages += from->messages;
    stats->bounces += from->bounces;
    for (int klass = 0; klass < BS_CLASS_COUNT; klass++)
        stats->rows[klass] += from->rows[klass];
}

void
cli_stats_print (const CliStats *stats, guint failed)
{
    g_printerr ("bouncescan: %" G_GUINT64_FORMAT " messages, %"
                G_GUINT64_FORMAT " with rows", stats->messages,
                stats->bounces);
    for (int klass = 0; klass < BS_CLASS_COUNT; klass++)
        g_printerr (", %" G_GUINT64_FORMAT " %s", stats->rows[klass],
                    bs_class_to_string (klass));
    g_printerr (", %u unreadable\n", failed);
}
