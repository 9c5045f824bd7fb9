/* test-gmime.h: the cmocka group setup and teardown for tests that parse
 * mail: GMime is initialised once per test binary, as main() does. */
#pragma once

#include <gmime/gmime.h>
#include <string.h>

#include "bs-scan.h"

static inline int
gmime_setup (void **state)
{
    (void) state;
    /* A GLib or GMime critical (a g_return_if_fail that failed) means we
     * called a library wrongly; it must fail the test, not scroll past. */
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    g_mime_init ();
    return 0;
}

static inline int
gmime_teardown (void **state)
{
    (void) state;
    g_mime_shutdown ();
    return 0;
}

/* Scans INPUT with no rules and describes its rows, "; " between them:
 * "detected_by recipient status reply_code action", then " feedback_type"
 * when FEEDBACK; "-" for what is missing. (transfer full) */
static inline char *
scan_rows (const char *input, gboolean feedback)
{
    BsOptions options;
    BsReport *report;
    GString *got = g_string_new (NULL);

    bs_options_init (&options);
    report = bs_scan_bytes ("t", input, strlen (input), &options, NULL);
    for (guint r = 0; r < report->recipients->len; r++) {
        BsRecipient *x = g_ptr_array_index (report->recipients, r);

        g_string_append_printf (got, "%s%s %s %s %s %s", r ? "; " : "",
                                report->detected_by, x->recipient,
                                x->status ? x->status : "-",
                                x->reply_code ? x->reply_code : "-",
                                x->action ? x->action : "-");
        if (feedback)
            g_string_append_printf (got, " %s", x->feedback_type
                                                    ? x->feedback_type : "-");
    }
    bs_report_free (report);
    return g_string_free (got, FALSE);
}
