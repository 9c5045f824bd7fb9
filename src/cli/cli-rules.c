/* cli-rules.c: finding and loading the rule files, and the operator's
 * tools: "rules check" validates files, "rules test" shows which rules
 * decide a set of messages and which records fall through. */
#include "config.h"

#include <string.h>

#include "cli.h"

char *
cli_rules_default_path (void)
{
    g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
    g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
    g_autofree char *source = g_build_filename (BS_SRCDIR, "rules",
                                                "default.rules", NULL);

    /* An installed binary uses the installed rules; one run from the build
     * tree (not in $(bindir)) uses the source tree's, so that edits to
     * rules/default.rules take effect without installing. */
    if ((dir == NULL || strcmp (dir, BS_BINDIR) != 0) &&
        g_file_test (source, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&source);
    return g_build_filename (BS_PKGDATADIR, "default.rules", NULL);
}

/* Loads the default rules under the short name "default.rules", so that
 * rule ids in reports do not depend on where bouncescan is installed. */
static gboolean
load_default (BsRules *rules, BsRulesPlace place, GError **error)
{
    g_autofree char *path = cli_rules_default_path ();
    g_autofree char *data = NULL;
    gsize length = 0;

    if (!g_file_get_contents (path, &data, &length, error))
        return FALSE;
    return bs_rules_load_data (rules, "default.rules", data, length, place,
                               error);
}

BsRules *
cli_rules_load (char **user_files, gboolean no_default, GError **error)
{
    g_autoptr (BsRules) rules = bs_rules_new ();

    /* Without the default rules the default reasons are still declared,
     * so that user rules can use the common vocabulary. */
    if (!load_default (rules, no_default ? BS_RULES_REASONS_ONLY
                                         : BS_RULES_APPEND, error))
        return NULL;
    for (char **file = user_files; file != NULL && *file != NULL; file++)
        if (!bs_rules_load_file (rules, *file, BS_RULES_BEFORE_DEFAULT,
                                 error))
            return NULL;
    return g_steal_pointer (&rules);
}

/* rules check FILE...: every file on its own, against the default
 * reasons (which the file may declare again). */
static int
rules_check (int argc, char **argv)
{
    int status = CLI_EXIT_OK;

    if (argc < 1) {
        g_printerr ("usage: bouncescan rules check FILE...\n");
        return CLI_EXIT_USAGE;
    }
    for (int i = 0; i < argc; i++) {
        g_autoptr (BsRules) rules = bs_rules_new ();
        g_autoptr (GError) error = NULL;
        if (load_default (rules, BS_RULES_REASONS_ONLY, &error) &&
            bs_rules_load_file (rules, argv[i], BS_RULES_APPEND, &error)) {
            g_print ("%s: ok, %u rules, %u reasons\n", argv[i],
                     bs_rules_count (rules), bs_rules_reason_count (rules));
            continue;
        }
        /* A rule file's own mistakes read "file:line: ...", like a
         * compiler's; anything else (a missing file) is ours to name. */
        if (g_error_matches (error, BS_ERROR, BS_ERROR_RULES))
            g_printerr ("%s\n", error->message);
        else
            g_printerr ("bouncescan: %s\n", error->message);
        status = CLI_EXIT_INPUT;
    }
    return status;
}

static const char rules_usage[] =
    "usage: bouncescan rules check FILE...\n"
    "       bouncescan rules test [--rules FILE] [--no-default-rules] "
    "PATH...\n\n"
    "check: validates each rule file (every problem as file:line).\n"
    "test:  scans PATH... and lists which rules decided how many rows,\n"
    "       which rules never fired, and the rows no rule explained.\n"
    "See bouncescan-rules(5).\n";

int
cli_rules_main (int argc, char **argv)
{
    static const char *const actions[] = { "check", "test", NULL };

    /* "rules -r FILE test PATH": the action may follow options. */
    cli_hoist_word (argc, argv, actions);
    if (argc >= 2 && (strcmp (argv[1], "--help") == 0 ||
                      strcmp (argv[1], "-h") == 0)) {
        g_print ("%s", rules_usage);
        return CLI_EXIT_OK;
    }
    if (argc >= 2 && strcmp (argv[1], "check") == 0)
        return rules_check (argc - 2, argv + 2);
    if (argc >= 2 && strcmp (argv[1], "test") == 0) {
        g_set_prgname ("bouncescan rules test");
        return cli_rules_test_main (argc - 1, argv + 1);
    }
    g_printerr ("%s", rules_usage);
    return CLI_EXIT_USAGE;
}

typedef struct {
    GHashTable *counts;     /* rule id -> count (GUINT_TO_POINTER) */
    GHashTable *messages;   /* rule id -> GHashTable of the sources it
                             * decided a row of */
    GString *fallthrough;   /* one line per record no rule decided */
    guint records;
    guint fallen;
} Tally;

/* Remembers that RULE decided a row of the message SOURCE. */
static void
note_message (Tally *tally, const char *rule, const char *source)
{
    GHashTable *sources = g_hash_table_lookup (tally->messages, rule);

    if (sources == NULL) {
        sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         NULL);
        g_hash_table_insert (tally->messages, g_strdup (rule), sources);
    }
    g_hash_table_add (sources, g_strdup (source != NULL ? source : ""));
}

static gboolean
tally_report (const BsReport *report, gpointer data, GError **error)
{
    Tally *tally = data;

    for (guint i = 0; i < report->recipients->len; i++) {
        const BsRecipient *recipient =
            g_ptr_array_index (report->recipients, i);
        gpointer count = g_hash_table_lookup (tally->counts, recipient->rule);

        tally->records++;
        /* The catch-all reason "undefined" explains nothing either. */
        if (g_strcmp0 (recipient->rule, "fallback") == 0 ||
            g_strcmp0 (recipient->reason, "undefined") == 0) {
            tally->fallen++;
            g_string_append_printf (tally->fallthrough,
                                    "  %s\t%s\t%s\t%s\n", report->source,
                                    recipient->recipient,
                                    recipient->status ? recipient->status
                                                      : "-",
                                    recipient->diagnostic
                                        ? recipient->diagnostic : "");
            continue;
        }
        g_hash_table_insert (tally->counts, g_strdup (recipient->rule),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
        note_message (tally, recipient->rule, report->source);
    }
    return TRUE;
}

/* The rules that decided rows of one message only: a rule fitted to one
 * message's wording is a smell, unless a source about mail backs it. */
static void
print_single (const BsRules *rules, const Tally *tally)
{
    g_autoptr (GString) list = g_string_new (NULL);
    guint single = 0;

    for (guint i = 0; i < bs_rules_count (rules); i++) {
        const BsRule *rule = bs_rules_get (rules, i);
        GHashTable *sources = g_hash_table_lookup (tally->messages, rule->id);

        if (sources == NULL || g_hash_table_size (sources) != 1)
            continue;
        single++;
        g_string_append_printf (list, "  %s  %s\n", rule->id, rule->reason);
    }
    g_print ("\n%u rules decided rows of one message only (a smell unless "
             "a source backs them):\n%s", single, list->str);
}

static void
print_tally (const BsRules *rules, const Tally *tally)
{
    GString *unused = g_string_new (NULL);
    guint never = 0;

    g_print ("%u records; rules that decided them (rows, messages):\n",
             tally->records);
    for (guint i = 0; i < bs_rules_count (rules); i++) {
        const BsRule *rule = bs_rules_get (rules, i);
        guint count = GPOINTER_TO_UINT (
            g_hash_table_lookup (tally->counts, rule->id));
        GHashTable *sources = g_hash_table_lookup (tally->messages, rule->id);

        if (count > 0) {
            g_print ("  %6u  %6u  %s  %s\n", count,
                     sources != NULL ? g_hash_table_size (sources) : 0,
                     rule->id, rule->reason);
            continue;
        }
        never++;
        g_string_append_printf (unused, "  %s  %s\n", rule->id, rule->reason);
    }
    print_single (rules, tally);
    g_print ("\n%u rules never fired:\n%s", never, unused->str);
    g_print ("\n%u records no rule explained (the fallback, or reason "
             "undefined; source, recipient, status, diagnostic):\n%s",
             tally->fallen, tally->fallthrough->str);
    g_string_free (unused, TRUE);
}

BsRules *
cli_rules_command_setup (int argc, char **argv, const char *command,
                         const char *usage, gboolean one_path, char ***paths)
{
    g_auto (GStrv) files = NULL;
    gboolean no_default = FALSE;
    const GOptionEntry entries[] = {
        { "rules", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, &files,
          "Try the rules in FILE before the default rules (repeatable)",
          "FILE" },
        { "no-default-rules", 0, 0, G_OPTION_ARG_NONE, &no_default,
          "Use only the rules given with --rules", NULL },
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, paths,
          NULL, one_path ? "FILE" : "PATH..." },
        { NULL },
    };
    g_autoptr (GOptionContext) context = g_option_context_new (usage);
    g_autoptr (GError) error = NULL;
    BsRules *rules;

    g_option_context_add_main_entries (context, entries, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error) ||
        *paths == NULL || (one_path && (*paths)[1] != NULL)) {
        g_printerr ("bouncescan %s: %s\n", command,
                    error ? error->message
                          : one_path ? "give exactly one FILE"
                                     : "no input given");
        return NULL;
    }
    if ((rules = cli_rules_load (files, no_default, &error)) == NULL)
        g_printerr ("%s\n", error->message);
    return rules;
}

int
cli_rules_test_main (int argc, char **argv)
{
    g_auto (GStrv) paths = NULL;
    g_autoptr (BsRules) rules = cli_rules_command_setup (
        argc, argv, "rules test",
        "- show which rules decide these messages", FALSE, &paths);
    g_autoptr (GHashTable) counts = g_hash_table_new_full (
        g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr (GHashTable) messages = g_hash_table_new_full (
        g_str_hash, g_str_equal, g_free,
        (GDestroyNotify) g_hash_table_unref);
    g_autoptr (GString) fallthrough = g_string_new (NULL);
    Tally tally = { counts, messages, fallthrough, 0, 0 };
    CliRun run = { .on_report = tally_report, .data = &tally };

    if (rules == NULL)
        return CLI_EXIT_USAGE;
    bs_options_init (&run.options);
    run.options.rules = rules;
    cli_run_paths (&run, paths, NULL);
    print_tally (rules, &tally);
    return run.failed > 0 ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}
