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

/* ARGV with "-j4" as "-j" "4" for each short option that takes a value
 * (GOption reads only the separate form, and "-j4" is what people type),
 * up to a "--". The values point into ARGV's own strings. (transfer
 * container) */
static char **
split_attached (int *argc, char **argv)
{
    static const char *const valued[] = { "-f", "-j", "-o", "-r" };
    char **out = g_new0 (char *, 2 * (gsize) *argc + 1);
    int n = 0;
    gboolean options = TRUE;

    for (int i = 0; i < *argc; i++) {
        const char *arg = argv[i];

        options = options && strcmp (arg, "--") != 0;
        for (gsize v = 0; options && i > 0 && v < G_N_ELEMENTS (valued);
             v++) {
            if (strncmp (arg, valued[v], 2) != 0)
                continue;
            if (arg[2] != '\0') {
                out[n++] = (char *) valued[v];
                arg += 2;
            } else if (i + 1 < *argc) {
                out[n++] = argv[i++];      /* "-o" "-j4": a file name */
                arg = argv[i];
            }
            break;
        }
        out[n++] = (char *) arg;
    }
    *argc = n;
    return out;
}

int
main (int argc, char **argv)
{
    int shift;
    CommandFunc run;
    int status;
    g_autofree char **args = NULL;

    setlocale (LC_ALL, "");
    g_mime_init ();
    args = split_attached (&argc, argv);
    run = find_command (argc, args, &shift);
    args[shift] = args[0];
    status = run (argc - shift, args + shift);
    g_mime_shutdown ();
    return status;
}
