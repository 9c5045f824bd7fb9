/* cli-explain.c: "bouncescan explain FILE": everything the library did to
 * one message, for an operator who disagrees with the result. */
#include "config.h"

#include "cli.h"

static gboolean
print_explanation (const BsReport *report, gpointer data, GError **error)
{
    g_print ("%s\n\n", report->source);
    for (guint i = 0; report->trace != NULL && i < report->trace->len; i++)
        g_print ("%s\n", (const char *) g_ptr_array_index (report->trace, i));
    for (guint i = 0; i < report->notes->len; i++)
        g_print ("note: %s\n", (const char *) g_ptr_array_index (report->notes,
                                                                  i));
    g_print ("\ndetected by: %s\n",
             report->detected_by ? report->detected_by : "(none: not a bounce)");
    for (guint i = 0; i < report->recipients->len; i++) {
        const BsRecipient *recipient =
            g_ptr_array_index (report->recipients, i);

        g_print ("\nrow %u:\n", i + 1);
        for (int column = 0; column < BS_COLUMN_COUNT; column++)
            g_print ("  %-20s %s\n", bs_row_column_name (column),
                     bs_row_get (report, recipient, column));
    }
    return TRUE;
}

int
cli_explain_main (int argc, char **argv)
{
    g_auto (GStrv) paths = NULL;
    g_autoptr (BsRules) rules = cli_rules_command_setup (
        argc, argv, "explain",
        "- show how one message is read and classified", TRUE, &paths);
    CliRun run = { .on_report = print_explanation, .verbose = FALSE };

    if (rules == NULL)
        return CLI_EXIT_USAGE;
    if (g_file_test (paths[0], G_FILE_TEST_IS_DIR)) {
        g_printerr ("bouncescan explain: %s is a directory; give one "
                    "message file\n", paths[0]);
        return CLI_EXIT_USAGE;
    }
    bs_options_init (&run.options);
    run.options.rules = rules;
    run.options.trace = TRUE;
    cli_run_paths (&run, paths, NULL);
    return run.failed > 0 ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}
