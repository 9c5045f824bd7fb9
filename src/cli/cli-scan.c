/* cli-scan.c: the scan command (the default): options, rules, the writer
 * and the exit code. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#ifdef HAVE_MIMALLOC
#include <mimalloc.h>
#endif

#include "cli.h"

/* The version, and the allocator: a scan's speed depends on it. */
static void
print_version (void)
{
    g_print ("bouncescan %s\n", PACKAGE_VERSION);
#ifdef HAVE_MIMALLOC
    g_print ("allocator: mimalloc %d.%d.%d\n", mi_version () / 100,
             mi_version () / 10 % 10, mi_version () % 10);
#else
    g_print ("allocator: the C library's malloc\n");
#endif
}

typedef struct {
    char *output;
    char *format;
    char **rules;
    gboolean no_default_rules;
    char *verp;
    char *unparsed;
    char *db;
    gboolean verbose;
    gboolean quiet;
    gboolean raw_csv;
    gboolean version;
    gboolean mbox;
    gboolean stats;
    gint jobs;
    gint64 max_size;
    char **paths;
} ScanArgs;

static void
scan_args_clear (ScanArgs *args)
{
    g_free (args->output);
    g_free (args->format);
    g_free (args->verp);
    g_free (args->unparsed);
    g_free (args->db);
    g_strfreev (args->rules);
    g_strfreev (args->paths);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScanArgs, scan_args_clear)

static GOptionContext *
scan_context (ScanArgs *args)
{
    const GOptionEntry entries[] = {
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output,
          "Write the report to FILE (atomically) instead of standard output",
          "FILE" },
        { "format", 'f', 0, G_OPTION_ARG_STRING, &args->format,
          "Output format: csv (default; for programs), xlsx (for a "
          "spreadsheet; needs -o FILE on a terminal), jsonl or table",
          "FORMAT" },
        { "rules", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, &args->rules,
          "Try the rules in FILE before the default rules (repeatable)",
          "FILE" },
        { "no-default-rules", 0, 0, G_OPTION_ARG_NONE,
          &args->no_default_rules,
          "Use only the rules given with --rules", NULL },
        { "verp", 0, 0, G_OPTION_ARG_STRING, &args->verp,
          "Recover recipients from VERP addresses such as "
          "list-bounces+{local}={domain}@example.org", "PATTERN" },
        { "raw-csv", 0, 0, G_OPTION_ARG_NONE, &args->raw_csv,
          "Do not neutralise CSV cells that look like spreadsheet formulas",
          NULL },
        { "max-size", 0, 0, G_OPTION_ARG_INT64, &args->max_size,
          "Skip messages larger than BYTES (default 33554432)", "BYTES" },
        { "jobs", 'j', 0, G_OPTION_ARG_INT, &args->jobs,
          "Scan with N worker processes (default: the number of CPUs); the "
          "output is the same for any N", "N" },
        { "unparsed", 0, 0, G_OPTION_ARG_FILENAME, &args->unparsed,
          "Copy messages that no reader or no rule explained into the "
          "Maildir DIR", "DIR" },
        { "db", 0, 0, G_OPTION_ARG_FILENAME, &args->db,
          "Also record every row in the SQLite history FILE (created if "
          "need be); a message recorded before is not counted again",
          "FILE" },
        { "mbox", 0, 0, G_OPTION_ARG_NONE, &args->mbox,
          "Read standard input (\"-\") as an mbox of many messages", NULL },
        { "stats", 0, 0, G_OPTION_ARG_NONE, &args->stats,
          "Print the end-of-run summary even when not on a terminal", NULL },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &args->verbose,
          "Say on standard error why a message gave no row", NULL },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &args->quiet,
          "No progress bar or summary: only errors on standard error", NULL },
        { "version", 0, 0, G_OPTION_ARG_NONE, &args->version,
          "Print the version and the memory allocator, and exit", NULL },
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->paths,
          NULL, "PATH..." },
        { NULL },
    };
    GOptionContext *context = g_option_context_new (
        "- read bounced email and report each recipient");

    g_option_context_add_main_entries (context, entries, NULL);
    g_option_context_set_summary (context,
        "Reads each PATH (a message file; an mbox; a Maildir, with its cur/,\n"
        "new/ and Maildir++ .Folder/ subfolders, never tmp/; any directory,\n"
        "recursively; or \"-\" for standard input) and prints one row per\n"
        "recipient a bounce reports on. Input is never modified.\n\n"
        "Other commands:\n"
        "  bouncescan report [--db FILE] [INPUT...]\n"
        "                                   one verdict per address\n"
        "  bouncescan explain FILE          how one message was read\n"
        "  bouncescan rules check FILE...   validate rule files\n"
        "  bouncescan rules test PATH...    which rules decide these messages");
    g_option_context_set_description (context,
        "Exit status: 0 when every input was read, 1 for a usage error,\n"
        "2 when some input could not be read (each is named on standard\n"
        "error and the run goes on).\n\n"
        "See bouncescan(1) and bouncescan-rules(5).");
    return context;
}

static BsWriter *
make_csv (GOutputStream *out, const ScanArgs *args,
          const char *workbook)
{
    return bs_csv_writer_new (out, args->raw_csv);
}

static BsWriter *
make_jsonl (GOutputStream *out, const ScanArgs *args,
            const char *workbook)
{
    return bs_jsonl_writer_new (out);
}

static BsWriter *
make_table (GOutputStream *out, const ScanArgs *args,
            const char *workbook)
{
    return bs_table_writer_new (out);
}

static BsWriter *
make_xlsx (GOutputStream *out, const ScanArgs *args,
           const char *workbook)
{
    return bs_xlsx_writer_new (out, workbook);
}

/* --format names and their writers. */
typedef struct {
    const char *name;
    gboolean binary;        /* not for a terminal */
    BsWriter *(*make) (GOutputStream *out, const ScanArgs *args,
                       const char *workbook);
} ScanFormat;

static const ScanFormat formats[] = {
    { "csv", FALSE, make_csv },
    { "jsonl", FALSE, make_jsonl },
    { "table", FALSE, make_table },
    { "xlsx", TRUE, make_xlsx },
};

/* The format named NAME (NULL: csv), or NULL for an unknown one. */
static const ScanFormat *
find_format (const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
        if (strcmp (formats[i].name, name != NULL ? name : "csv") == 0)
            return &formats[i];
    return NULL;
}

/* The writer for ARGS' format, which is known. */
static BsWriter *
make_writer (GOutputStream *out, const ScanArgs *args,
             const char *workbook)
{
    return find_format (args->format)->make (out, args, workbook);
}

gboolean
cli_check_binary_output (const char *output, const char *format,
                         GError **error)
{
    if ((output != NULL && strcmp (output, "-") != 0) ||
        !isatty (STDOUT_FILENO))
        return TRUE;
    g_set_error (error, BS_ERROR, BS_ERROR_USAGE,
                 "%s is binary: use -o FILE.%s", format, format);
    return FALSE;
}

/* FALSE, having said why, when ARGS' format is unknown or would write
 * binary data to a terminal. */
static gboolean
check_format (const ScanArgs *args)
{
    const ScanFormat *format = find_format (args->format);
    g_autoptr (GError) error = NULL;

    if (format == NULL) {
        g_printerr ("bouncescan: unknown format '%s' (want csv, jsonl, "
                    "table or xlsx)\n", args->format);
        return FALSE;
    }
    if (format->binary &&
        !cli_check_binary_output (args->output, format->name, &error)) {
        g_printerr ("bouncescan: %s\n", error->message);
        return FALSE;
    }
    return TRUE;
}

/* Where each report goes: the writer, and the history when --db. NAME
 * names the output in errors. */
typedef struct {
    BsWriter *writer;
    BsHistory *history;
    const char *name;
} ScanSink;

/* Output errors name the output: GLib's say only "Error writing to
 * file". */
static gboolean
name_output (const ScanSink *sink, gboolean ok, GError **error)
{
    if (!ok && error != NULL && *error != NULL &&
        !g_str_has_prefix ((*error)->message, sink->name))
        g_prefix_error (error, "%s: ", sink->name);
    return ok;
}

static gboolean
write_report (const BsReport *report, gpointer data, GError **error)
{
    ScanSink *sink = data;

    return name_output (sink, bs_writer_report (sink->writer, report, error),
                        error) &&
           (sink->history == NULL || report->recipients->len == 0 ||
            bs_history_record (sink->history, report, NULL, error));
}

/* Scans everything into WRITER; FALSE on an output error. */
static gboolean
scan_into (const ScanArgs *args, BsRules *rules, ScanSink *sink,
           guint *failed, GError **error)
{
    g_autoptr (CliProgress) progress = args->quiet ? NULL : cli_progress_new ();
    BsWriter *writer = sink->writer;
    CliRun run = { .on_report = write_report, .data = sink,
                   .verbose = args->verbose, .stdin_mbox = args->mbox,
                   .progress = progress, .unparsed = args->unparsed };
    gboolean ok;

    run.jobs = cli_jobs (args->jobs);
    if (sink->history == NULL && bs_writer_rows_stand_alone (writer))
        run.render = writer;
    bs_options_init (&run.options);
    run.options.rules = rules;
    run.options.verp = args->verp;
    run.options.fingerprint = sink->history != NULL;
    if (args->max_size > 0)
        run.options.max_size = args->max_size;
    ok = name_output (sink, bs_writer_begin (writer, error), error) &&
         cli_run_paths (&run, args->paths, error) &&
         name_output (sink, bs_writer_end (writer, error), error);
    if (args->stats || (progress != NULL && !args->quiet))
        cli_stats_print (&run.stats, run.failed);
    *failed = run.failed;
    return ok;
}

static int
run_scan (const ScanArgs *args)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (BsRules) rules = NULL;
    g_autoptr (CliTemp) workbook = NULL;
    g_autoptr (GOutputStream) out = NULL;
    g_autoptr (BsWriter) writer = NULL;
    g_autoptr (BsHistory) history = NULL;
    ScanSink sink = { NULL, NULL, NULL };
    guint failed = 0;

    rules = cli_rules_load (args->rules, args->no_default_rules, &error);
    if (rules == NULL) {
        g_printerr ("bouncescan: %s\n", error->message);
        return CLI_EXIT_USAGE;
    }
    if ((args->db != NULL &&
         ((history = bs_history_open (args->db, &error)) == NULL ||
          !bs_history_begin (history, &error))) ||
        (out = cli_output_open (args->output, &error)) == NULL ||
        /* A workbook is built in a file of its own (bs-xlsx.h). */
        (find_format (args->format)->binary &&
         (workbook = cli_temp_new ("bouncescan-XXXXXX.xlsx", &error))
             == NULL)) {
        g_printerr ("bouncescan: %s\n", error->message);
        return CLI_EXIT_OUTPUT;
    }
    writer = make_writer (out, args, workbook);
    sink = (ScanSink) { writer, history,
                        args->output != NULL && strcmp (args->output, "-")
                            ? args->output : "standard output" };
    /* The history's one transaction commits only after the whole run: an
     * interrupted run records nothing, and the next run sees it all. */
    if (!scan_into (args, rules, &sink, &failed, &error) ||
        (history != NULL && !bs_history_commit (history, &error)) ||
        !name_output (&sink, cli_output_commit (out, &error), &error)) {
        /* The temporary file goes; a previous report stays in place. A
         * reader that stopped early ("| head") is no error of ours. */
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
            return CLI_EXIT_OK;
        g_printerr ("bouncescan: %s\n", error->message);
        cli_output_abort (out);
        return CLI_EXIT_OUTPUT;
    }
    return failed > 0 ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}

int
cli_scan_main (int argc, char **argv)
{
    g_auto (ScanArgs) args = { .jobs = -1 };
    g_autoptr (GOptionContext) context = scan_context (&args);
    g_autoptr (GError) error = NULL;

    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        g_printerr ("bouncescan: %s\nTry 'bouncescan --help'.\n",
                    error->message);
        return CLI_EXIT_USAGE;
    }
    if (args.version) {
        print_version ();
        return CLI_EXIT_OK;
    }
    if (args.paths == NULL || args.paths[0] == NULL) {
        g_printerr ("bouncescan: no input given\nTry 'bouncescan --help'.\n");
        return CLI_EXIT_USAGE;
    }
    if (!check_format (&args))
        return CLI_EXIT_USAGE;
    if (args.verp != NULL && !bs_verp_check (args.verp, &error)) {
        g_printerr ("bouncescan: %s\n", error->message);
        return CLI_EXIT_USAGE;
    }
    if (args.jobs == 0 || args.jobs < -1) {
        g_printerr ("bouncescan: --jobs must be 1 or more\n");
        return CLI_EXIT_USAGE;
    }
    if (args.max_size < 0) {
        g_printerr ("bouncescan: --max-size must be positive\n");
        return CLI_EXIT_USAGE;
    }
    return run_scan (&args);
}
