/* cli.h: the bouncescan command's internal interface. The CLI parses
 * options, feeds inputs to the library, picks a writer and sets the exit
 * code; everything else lives in libbouncescan. */
#pragma once

#include <sys/types.h>

#include <bouncescan.h>

/* Exit codes: 0 all inputs read, 1 usage error, 2 some input failed, 3
 * the output (a file, standard output, a database) could not be written.
 * A run stopped by a signal dies of that signal. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_USAGE = 1,
    CLI_EXIT_INPUT = 2,
    CLI_EXIT_OUTPUT = 3,
};

/* Signals (cli-signals.c). On SIGINT, SIGTERM or SIGHUP the temporary
 * files registered are removed, the workers registered are stopped, a
 * progress line is ended, and the process dies of the signal. */
void cli_signals_install (void);

/* In a newly forked worker: forget the parent's files and workers. */
void cli_signals_forked (void);

/* Registers PATH (copied) as a temporary file to remove on a signal;
 * FALSE when too many are registered. */
gboolean cli_signals_add_temp (const char *path);
void cli_signals_remove_temp (const char *path);

void cli_signals_add_worker (pid_t pid);
void cli_signals_remove_worker (pid_t pid);

/* Whether a progress line is on the terminal, to be ended on a signal. */
void cli_signals_progress (gboolean shown);

/* Moves the first word of ARGV[1..ARGC) that is not an option or an
 * option's value to ARGV[1] when it is one of WORDS (NULL-terminated), so
 * that options may come before a command word; returns 1 if it did, -1
 * when that word is not one of WORDS (or comes after "--"). */
int cli_hoist_word (int argc, char **argv, const char *const *words);

/* ARGV with "-j4" as "-j" "4" for each short option that takes a value
 * (GOption reads only the separate form), up to a "--". The values point
 * into ARGV's own strings. (transfer container) */
char **cli_args_split_attached (int *argc, char **argv);

/* The default command: scan messages and print rows. */
int cli_scan_main (int argc, char **argv);

/* FALSE, with ERROR saying to use -o, when OUTPUT (NULL or "-": standard
 * output) is a terminal, where binary FORMAT ("xlsx") would be garbage. */
gboolean cli_check_binary_output (const char *output, const char *format,
                                  GError **error);

/* "rules check" and "rules test". */
int cli_rules_main (int argc, char **argv);
int cli_rules_test_main (int argc, char **argv);

/* "report": one verdict per address, or per domain and reason. */
int cli_report_main (int argc, char **argv);

/* "explain FILE": a readable trace of how one message was read. */
int cli_explain_main (int argc, char **argv);

/* The default rules file: the source tree's when running from the build
 * tree, else the installed one. (transfer full) */
char *cli_rules_default_path (void);

/* Loads the default rules (only their reasons when NO_DEFAULT) and then
 * each of USER_FILES, tried before the defaults. (transfer full) */
BsRules *cli_rules_load (char **user_files, gboolean no_default,
                         GError **error);

/* The option parsing shared by "explain" and "rules test": -r FILE,
 * --no-default-rules and the paths (exactly one when ONE_PATH), which go to
 * *PATHS. Returns the loaded rules, or NULL after saying why on standard
 * error. (transfer full) */
BsRules *cli_rules_command_setup (int argc, char **argv, const char *command,
                                  const char *usage, gboolean one_path,
                                  char ***paths);

/* Called with each scanned report; FALSE (with ERROR) stops the run. */
typedef gboolean (*CliReportFunc) (const BsReport *report, gpointer data,
                                   GError **error);

/* Counts for the end-of-run summary. */
typedef struct {
    guint64 messages;
    guint64 bounces;       /* messages with at least one row */
    guint64 rows[BS_CLASS_COUNT];
} CliStats;

/* Adds REPORT to STATS. */
void cli_stats_add (CliStats *stats, const BsReport *report);

/* Adds the counts of FROM to STATS. */
void cli_stats_merge (CliStats *stats, const CliStats *from);

/* Prints the one-line summary on standard error. */
void cli_stats_print (const CliStats *stats, guint failed);

/* A progress bar on standard error; NULL (all calls do nothing) when
 * standard error is not a terminal. */
typedef struct _CliProgress CliProgress;
CliProgress *cli_progress_new (void);
void cli_progress_start (CliProgress *progress, guint total);
void cli_progress_update (CliProgress *progress, guint done, guint64 messages);
void cli_progress_finish (CliProgress *progress);
void cli_progress_free (CliProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliProgress, cli_progress_free)

/* One pass over input paths. Fill OPTIONS, ON_REPORT, DATA and the
 * settings; the counters are the run's. */
typedef struct {
    BsOptions options;
    CliReportFunc on_report;
    gpointer data;
    BsWriter *render;        /* set when ON_REPORT only writes the rows to
                              * this writer, whose rows stand alone: worker
                              * processes then render them */
    gboolean verbose;
    gboolean stdin_mbox;     /* "-" is an mbox stream */
    guint jobs;              /* worker processes; 0 or 1: none */
    CliProgress *progress;   /* (transfer none) or NULL */
    guint64 messages;        /* messages read */
    guint failed;            /* inputs that could not be read */
    guint total;             /* inputs found */
    guint units;             /* inputs done */
    CliStats stats;
    GString *errors;         /* in a worker: where error lines go */
    const char *unparsed;    /* Maildir for messages no rule explained */
    GError *stop;            /* why ON_REPORT stopped the run */
} CliRun;

/* Reports that PATH could not be read, on standard error (or into
 * RUN->errors), and counts it. */
void cli_run_error (CliRun *run, const char *path, const GError *error);

/* Reads and scans one input: a message file, an mbox, or "-". */
void cli_run_one (CliRun *run, const char *path);

/* JOBS worker processes scanning inputs as they are found, handing the
 * reports to RUN->on_report in the order the inputs were added, so that
 * the output is the same for any number of jobs. */
typedef struct _CliParallel CliParallel;
CliParallel *cli_parallel_new (CliRun *run, guint jobs);

/* Hands input NAME to the next worker; may first replay the oldest input
 * in flight, so that few are. */
void cli_parallel_add (CliParallel *parallel, const char *name);

/* Replays every input still in flight, stops the workers and frees
 * PARALLEL. */
void cli_parallel_finish (CliParallel *parallel);

/* The number of worker processes for -j ASKED (-1: not given, one per
 * CPU), at most four per CPU: a larger number is cut, with a note on
 * standard error. */
guint cli_jobs (gint asked);

/* Reads, scans and reports every message under PATHS. Unreadable inputs
 * are named on standard error and counted in RUN->failed. FALSE when
 * ON_REPORT stopped the run. */
gboolean cli_run_paths (CliRun *run, char **paths, GError **error);

/* Opens PATH for writing atomically (a temporary file in the same
 * directory renamed over PATH when closed), or standard output when PATH
 * is NULL or "-". Errors name PATH. (transfer full) */
GOutputStream *cli_output_open (const char *path, GError **error);

/* A new empty file in the temporary directory (TMPDIR), named after
 * PATTERN (as for g_file_open_tmp()), removed on a signal and by
 * cli_temp_free(). (transfer full) */
typedef char CliTemp;
CliTemp *cli_temp_new (const char *pattern, GError **error);
void cli_temp_free (CliTemp *path);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliTemp, cli_temp_free)

/* Commits OUT: closes it, which renames a file into place. */
gboolean cli_output_commit (GOutputStream *out, GError **error);

/* Abandons OUT: a file being replaced is removed and the previous file
 * at its path, if any, stays as it was. */
void cli_output_abort (GOutputStream *out);

/* Copies the LENGTH bytes of a message to the Maildir DIR (created as
 * needed), by the Maildir protocol: written in tmp/, linked into new/.
 * SEQUENCE makes the name unique within this process. */
gboolean cli_maildir_store (const char *dir, guint64 sequence,
                            const char *data, gsize length, GError **error);

/* Reads the whole of PATH ("-" is standard input) into *DATA, refusing
 * files larger than MAX_SIZE. Errors name the path. A file over MAX_SIZE
 * that starts like an mbox (bs_mbox_detect()) is not read: *MBOX_FD is
 * then its open descriptor (the caller's to close) and *DATA is NULL;
 * otherwise *MBOX_FD is -1. */
gboolean cli_read_input (const char *path, gsize max_size, char **data,
                         gsize *length, int *mbox_fd, GError **error);

/* Walking input paths: ON_FILE is called for each message file in a
 * deterministic order, ON_ERROR for each path that cannot be read. */
typedef struct {
    void (*on_file) (const char *path, gpointer data);
    void (*on_error) (const char *path, const GError *error, gpointer data);
    gpointer data;
} CliWalk;

/* A directory's entries (not "." and "..") in name order, holding at most
 * about RUN_BYTES of names in memory however large the directory: a
 * larger one is sorted in runs kept in an unlinked temporary file. */
typedef struct _CliListing CliListing;
CliListing *cli_listing_open (const char *directory, gsize run_bytes,
                              GError **error);

/* The next entry's name, valid until the next call, and its type as
 * readdir() gave it (DT_UNKNOWN when the file system does not say); NULL
 * at the end, or with ERROR set if the names cannot be read back. */
const char *cli_listing_next (CliListing *listing, unsigned char *type,
                              GError **error);
void cli_listing_free (CliListing *listing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliListing, cli_listing_free)

/* Expands PATH: "-" and plain files are passed on as they are; a Maildir
 * gives the files in cur/ and new/ and its .Folder/ subfolders, never
 * tmp/; any other directory is walked recursively. */
void cli_inputs_walk (CliWalk *walk, const char *path);
