/* cli-args.c: the command line before GOption reads it. People type
 * "-j4" (GOption reads only "-j 4"), and put options before the command
 * word ("bouncescan -r my.rules rules test ~/Maildir"), as they do with
 * git; both are rewritten into the form each command parses. */
#include "config.h"

#include <string.h>

#include "cli.h"

/* Every option of every command that takes a value, so that the value is
 * not taken for a command word ("-o rules" writes to a file "rules"). */
static const char *const valued[] = {
    "-f", "-j", "-o", "-r",
    "--db", "--format", "--hard-weight", "--jobs", "--list",
    "--max-size", "--now", "--output", "--policy", "--rules", "--since",
    "--soft-limit", "--soft-weight", "--threshold", "--unparsed",
    "--verdict", "--verp", "--window-days",
};

static gboolean
takes_value (const char *arg)
{
    for (gsize i = 0; i < G_N_ELEMENTS (valued); i++)
        if (strcmp (arg, valued[i]) == 0)
            return TRUE;
    return FALSE;
}

int
cli_hoist_word (int argc, char **argv, const char *const *words)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (strcmp (arg, "--") == 0 || strcmp (arg, "-") == 0)
            return -1;
        if (arg[0] == '-') {
            i += takes_value (arg);      /* "--opt=value" takes none */
            continue;
        }
        if (!g_strv_contains (words, arg))
            return -1;
        /* The word moves to the front; the options keep their order. */
        memmove (argv + 2, argv + 1, (i - 1) * sizeof *argv);
        argv[1] = (char *) arg;
        return 1;
    }
    return -1;
}

char **
cli_args_split_attached (int *argc, char **argv)
{
    static const char *const short_valued[] = { "-f", "-j", "-o", "-r" };
    char **out = g_new0 (char *, 2 * (gsize) *argc + 1);
    int n = 0;
    gboolean options = TRUE;

    for (int i = 0; i < *argc; i++) {
        const char *arg = argv[i];

        options = options && strcmp (arg, "--") != 0;
        for (gsize v = 0; options && i > 0 && v < G_N_ELEMENTS (short_valued);
             v++) {
            if (strncmp (arg, short_valued[v], 2) != 0)
                continue;
            if (arg[2] != '\0') {
                out[n++] = (char *) short_valued[v];
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
