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

static CommandFunc
find_command (int argc, char **argv, int *shift)
{
    *shift = 0;
    for (gsize i = 0; argc > 1 && i < G_N_ELEMENTS (commands); i++) {
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

    setlocale (LC_ALL, "");
    g_mime_init ();
    run = find_command (argc, argv, &shift);
    argv[shift] = argv[0];
    status = run (argc - shift, argv + shift);
    g_mime_shutdown ();
    return status;
}
