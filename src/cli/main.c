/* main.c: the bouncescan command: picks a subcommand and runs it. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "cli.h"

typedef int (*CommandFunc) (int argc, char **argv);

/* Subcommands by name; anything else is a file to scan. */
static const struct {
    const char *name;
    CommandFunc run;
} commands[] = {
    { "scan", cli_scan_main },
    { "rules", cli_rules_main },
    { "explain", cli_explain_main },
    { "report", cli_report_main },
};

static const char *const command_names[] = {
    "scan", "rules", "explain", "report", NULL,
};

/* The command named by the first word of ARGV that is not an option or
 * an option's value (moved to ARGV[1]), else the scan. */
static CommandFunc
find_command (int argc, char **argv, int *shift)
{
    *shift = 0;
    if (cli_hoist_word (argc, argv, command_names) < 0)
        return cli_scan_main;
    for (gsize i = 0; i < G_N_ELEMENTS (commands); i++) {
        if (strcmp (argv[1], commands[i].name) == 0) {
            g_autofree char *name = g_strdup_printf ("bouncescan %s",
                                                     commands[i].name);

            /* --help then reads "Usage: bouncescan report [OPTION...]". */
            g_set_prgname (name);
            *shift = 1;
            return commands[i].run;
        }
    }
    return cli_scan_main;
}

int
main (int argc, char **argv)
{
    int shift;
    CommandFunc run;
    int status;
    g_autofree char **args = NULL;

    setlocale (LC_ALL, "");
    cli_signals_install ();
    g_mime_init ();
    args = cli_args_split_attached (&argc, argv);
    run = find_command (argc, args, &shift);
    args[shift] = args[0];
    status = run (argc - shift, args + shift);
    g_mime_shutdown ();
    return status;
}
