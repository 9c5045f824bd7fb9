/* cli-report.c: the report command. Scanning is the map, the report is
 * the reduce: histories (--db, merged by fingerprint), earlier CSV reports
 * and mail to scan all go into one private database, which is then read
 * back per address (a verdict under the policy) or per domain and reason
 * (what the sending side should fix). */
#include "config.h"

#include <string.h>

#include "cli.h"

typedef struct {
    char **dbs;
    char **inputs;
    char *output;
    char *format;
    char *list;
    char *since;
    char *verdict;
    char *now;
    char *policy;
    char **rules;
    gboolean no_default_rules;
    gboolean by_domain;
    gboolean raw_csv;
    gboolean quiet;
    double hard_weight;
    double soft_weight;
    double threshold;
    gint window_days;
    gint soft_limit;
    gboolean keep_complaints;
} ReportArgs;

static void
report_args_clear (ReportArgs *args)
{
    g_strfreev (args->dbs);
    g_strfreev (args->inputs);
    g_strfreev (args->rules);
    g_free (args->output);
    g_free (args->format);
    g_free (args->list);
    g_free (args->since);
    g_free (args->verdict);
    g_free (args->now);
    g_free (args->policy);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportArgs, report_args_clear)

static GOptionContext *
report_context (ReportArgs *args)
{
    const GOptionEntry entries[] = {
        { "db", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->dbs,
          "Read the history FILE (repeatable: shards are merged, each "
          "message counted once)", "FILE" },
        { "by-domain", 0, 0, G_OPTION_ARG_NONE, &args->by_domain,
          "One row per recipient domain and reason, to see what the "
          "sending side should fix", NULL },
        { "list", 0, 0, G_OPTION_ARG_STRING, &args->list,
          "Only bounces of mail from the list LIST_ID", "LIST_ID" },
        { "since", 0, 0, G_OPTION_ARG_STRING, &args->since,
          "Only bounces dated DATE (YYYY-MM-DD) or later", "DATE" },
        { "verdict", 0, 0, G_OPTION_ARG_STRING, &args->verdict,
          "Only addresses with this verdict: remove, watch or keep",
          "VERDICT" },
        { "now", 0, 0, G_OPTION_ARG_STRING, &args->now,
          "Judge as of DATE instead of today (for staleness)", "DATE" },
        { "policy", 0, 0, G_OPTION_ARG_FILENAME, &args->policy,
          "Read the [policy] group of FILE (key=value)", "FILE" },
        { "hard-weight", 0, 0, G_OPTION_ARG_DOUBLE, &args->hard_weight,
          "Score of a hard bounce (default 5)", "N" },
        { "soft-weight", 0, 0, G_OPTION_ARG_DOUBLE, &args->soft_weight,
          "Score of a day with soft bounces (default 1)", "N" },
        { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &args->threshold,
          "A score this high removes (default 5)", "N" },
        { "window-days", 0, 0, G_OPTION_ARG_INT, &args->window_days,
          "A score goes stale after N days without a bounce (default 7)",
          "N" },
        { "soft-limit", 0, 0, G_OPTION_ARG_INT, &args->soft_limit,
          "N soft-bounce days in a row remove (default 5; 0: never)", "N" },
        { "keep-complainers", 0, 0, G_OPTION_ARG_NONE, &args->keep_complaints,
          "A complaint alone does not remove", NULL },
        { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output,
          "Write to FILE (atomically) instead of standard output", "FILE" },
        { "format", 'f', 0, G_OPTION_ARG_STRING, &args->format,
          "Output format: csv (default; for programs), xlsx (for a "
          "spreadsheet; needs -o FILE on a terminal) or jsonl", "FORMAT" },
        { "raw-csv", 0, 0, G_OPTION_ARG_NONE, &args->raw_csv,
          "Do not neutralise cells that look like spreadsheet formulas",
          NULL },
        { "rules", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, &args->rules,
          "For mail to scan: try the rules in FILE first (repeatable)",
          "FILE" },
        { "no-default-rules", 0, 0, G_OPTION_ARG_NONE,
          &args->no_default_rules, "For mail to scan: only --rules", NULL },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &args->quiet,
          "No progress bar while scanning mail", NULL },
        { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY,
          &args->inputs, NULL, "[INPUT...]" },
        { NULL },
    };
    GOptionContext *context = g_option_context_new (
        "- one verdict per address, from the bounce history");

    g_option_context_add_main_entries (context, entries, NULL);
    g_option_context_set_summary (context,
        "Reads the histories given with --db and each INPUT: a CSV report\n"
        "of an earlier scan (*.csv), or mail to scan (files, mboxes,\n"
        "Maildirs). Writes one row per address:\n"
        "  address,list_id,hard,soft,complaints,autoreplies,first_seen,\n"
        "  last_seen,last_reason,last_status,last_diagnostic,score,verdict\n"
        "or, with --by-domain, one row per recipient domain and reason,\n"
        "most bounces first:\n"
        "  domain,reason,side,class,bounces,addresses,first_seen,last_seen,\n"
        "  sample_diagnostic\n"
        "as CSV, or with -f xlsx a workbook for a spreadsheet (counts\n"
        "numbers, dates UTC date-times, text as text), or JSON Lines.\n\n"
        "A message found in several inputs is counted once. Sender-side\n"
        "reasons (blocked, badreputation, authfailure, ...) and delays\n"
        "never count towards removal.");
    g_option_context_set_description (context,
        "Policy defaults: a hard bounce scores 5 and removes (threshold 5);\n"
        "soft bounces score 1 per day with any; 5 soft days in a row\n"
        "remove; a score goes stale after 7 days without a bounce; one\n"
        "complaint removes. See bouncescan(1), REPORT and POLICY.");
    return context;
}

/* Each scanned report goes into the history, DATA. */
static gboolean
record_report (const BsReport *report, gpointer data, GError **error)
{
    return report->recipients->len == 0 ||
           bs_history_record (data, report, NULL, error);
}

/* CELL as the scan wrote it before neutralising it for spreadsheets (a
 * leading apostrophe before a formula character): the history keys on the
 * values, which must be the same as when the mail itself is scanned.
 * (transfer none) */
static const char *
unguarded (const char *cell)
{
    return cell[0] == '\'' && cell[1] != '\0' &&
           strchr ("=+-@\t\r", cell[1]) != NULL ? cell + 1 : cell;
}

/* A row of an earlier CSV report, as a one-row report. Its fingerprint is
 * made of the cells that identify it: a CSV has no Message-ID. The same
 * bounce scanned from mail counts once all the same: the history knows
 * an event by its address, list, date, action and status. */
static gboolean
record_csv_row (BsHistory *history, char **header, GPtrArray *fields,
                GError **error)
{
    g_autoptr (BsReport) report = bs_report_new (NULL);
    BsRecipient *recipient = bs_recipient_new ();
    g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

    g_ptr_array_add (report->recipients, recipient);
    for (guint i = 0; header[i] != NULL && i < fields->len; i++) {
        BsColumn column;

        if (bs_row_column_from_name (header[i], &column))
            bs_row_set (report, recipient, column,
                        unguarded (g_ptr_array_index (fields, i)));
    }
    if (recipient->recipient == NULL)
        return TRUE;
    g_checksum_update (checksum, (const guchar *) "csv", 4);
    for (guint i = 0; i < fields->len; i++)
        g_checksum_update (checksum, g_ptr_array_index (fields, i),
                           strlen (g_ptr_array_index (fields, i)) + 1);
    report->fingerprint = g_strdup (g_checksum_get_string (checksum));
    return bs_history_record (history, report, NULL, error);
}

static gboolean
load_csv (BsHistory *history, const char *path, GError **error)
{
    g_autofree char *text = NULL;
    g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
    g_auto (GStrv) header = NULL;
    const char *cursor;

    if (!g_file_get_contents (path, &text, NULL, error))
        return FALSE;
    cursor = text;
    if (!bs_csv_read_record (&cursor, fields) ||
        !g_ptr_array_find_with_equal_func (fields, "recipient", g_str_equal,
                                           NULL)) {
        g_set_error (error, BS_ERROR, BS_ERROR_INPUT,
                     "%s: not a bouncescan CSV report (no recipient column)",
                     path);
        return FALSE;
    }
    g_ptr_array_add (fields, NULL);
    header = g_strdupv ((char **) fields->pdata);
    g_ptr_array_set_size (fields, 0);
    while (bs_csv_read_record (&cursor, fields))
        if (!record_csv_row (history, header, fields, error)) {
            g_prefix_error (error, "%s: ", path);
            return FALSE;
        }
    return TRUE;
}

/* Scans the mail among the inputs into HISTORY. */
static gboolean
scan_mail (const ReportArgs *args, char **paths, BsHistory *history,
           guint *failed, GError **error)
{
    g_autoptr (BsRules) rules = cli_rules_load (args->rules,
                                                args->no_default_rules,
                                                error);
    g_autoptr (CliProgress) progress = args->quiet ? NULL : cli_progress_new ();
    CliRun run = { .on_report = record_report, .data = history,
                   .progress = progress };

    if (rules == NULL)
        return FALSE;
    run.jobs = g_get_num_processors ();
    bs_options_init (&run.options);
    run.options.rules = rules;
    run.options.fingerprint = TRUE;
    if (!cli_run_paths (&run, paths, error))
        return FALSE;
    *failed += run.failed;
    return TRUE;
}

/* Fills HISTORY from every input; *FAILED counts unreadable mail. */
static gboolean
gather (const ReportArgs *args, BsHistory *history, guint *failed,
        GError **error)
{
    g_autoptr (GPtrArray) mail = g_ptr_array_new ();

    for (char **db = args->dbs; db != NULL && *db != NULL; db++)
        if (!bs_history_merge (history, *db, error))
            return FALSE;
    if (!bs_history_begin (history, error))
        return FALSE;
    for (char **input = args->inputs; input != NULL && *input != NULL;
         input++) {
        if (g_str_has_suffix (*input, ".csv")) {
            if (!load_csv (history, *input, error))
                return FALSE;
        } else {
            g_ptr_array_add (mail, *input);
        }
    }
    g_ptr_array_add (mail, NULL);
    if (mail->len > 1 &&
        !scan_mail (args, (char **) mail->pdata, history, failed, error))
        return FALSE;
    return bs_history_commit (history, error);
}

/* Dates are ISO 8601 as the scan writes them; a bare YYYY-MM-DD is
 * midnight UTC. -1 when unreadable. */
static gint64
parse_time (const char *text)
{
    g_autoptr (GDateTime) time = NULL;
    g_autofree char *full = NULL;

    if (text == NULL || *text == '\0')
        return -1;
    if (strlen (text) == 10)
        text = full = g_strconcat (text, "T00:00:00Z", NULL);
    time = g_date_time_new_from_iso8601 (text, NULL);
    return time != NULL ? g_date_time_to_unix (time) : -1;
}

/* The report's columns, typed for the formats that have types. */
static const BsSheetColumn address_columns[] = {
    { "address", BS_CELL_TYPE_NAME },
    { "list_id", BS_CELL_TYPE_TEXT },
    { "hard", BS_CELL_TYPE_NUMBER },
    { "soft", BS_CELL_TYPE_NUMBER },
    { "complaints", BS_CELL_TYPE_NUMBER },
    { "autoreplies", BS_CELL_TYPE_NUMBER },
    { "first_seen", BS_CELL_TYPE_DATE },
    { "last_seen", BS_CELL_TYPE_DATE },
    { "last_reason", BS_CELL_TYPE_NAME },
    { "last_status", BS_CELL_TYPE_NAME },
    { "last_diagnostic", BS_CELL_TYPE_TEXT },
    { "score", BS_CELL_TYPE_NUMBER },
    { "verdict", BS_CELL_TYPE_NAME },
};
static const BsSheetColumn domain_columns[] = {
    { "domain", BS_CELL_TYPE_NAME },
    { "reason", BS_CELL_TYPE_NAME },
    { "side", BS_CELL_TYPE_NAME },
    { "class", BS_CELL_TYPE_NAME },
    { "bounces", BS_CELL_TYPE_NUMBER },
    { "addresses", BS_CELL_TYPE_NUMBER },
    { "first_seen", BS_CELL_TYPE_DATE },
    { "last_seen", BS_CELL_TYPE_DATE },
    { "sample_diagnostic", BS_CELL_TYPE_TEXT },
};

/* What a report writes: its columns, and a name for a workbook's sheet. */
typedef struct {
    const char *title;
    const BsSheetColumn *columns;
    guint n_columns;
} ReportShape;

static const ReportShape address_shape = {
    "addresses", address_columns, G_N_ELEMENTS (address_columns),
};
static const ReportShape domain_shape = {
    "domains", domain_columns, G_N_ELEMENTS (domain_columns),
};

static BsSheet *
make_csv (GOutputStream *out, const ReportArgs *args,
          const ReportShape *shape, const char *workbook)
{
    return bs_csv_sheet_new (out, shape->columns, shape->n_columns,
                             args->raw_csv);
}

static BsSheet *
make_jsonl (GOutputStream *out, const ReportArgs *args,
            const ReportShape *shape, const char *workbook)
{
    return bs_jsonl_sheet_new (out, shape->columns, shape->n_columns);
}

static BsSheet *
make_xlsx (GOutputStream *out, const ReportArgs *args,
           const ReportShape *shape, const char *workbook)
{
    return bs_xlsx_sheet_new (out, shape->title, shape->columns,
                              shape->n_columns, 0, workbook);
}

/* --format names and their sheets. */
typedef struct {
    const char *name;
    gboolean binary;        /* not for a terminal */
    BsSheet *(*make) (GOutputStream *out, const ReportArgs *args,
                      const ReportShape *shape, const char *workbook);
} ReportFormat;

static const ReportFormat formats[] = {
    { "csv", FALSE, make_csv },
    { "jsonl", FALSE, make_jsonl },
    { "xlsx", TRUE, make_xlsx },
};

/* The format named NAME (NULL: csv), or NULL for an unknown one. */
static const ReportFormat *
find_format (const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
        if (strcmp (formats[i].name, name != NULL ? name : "csv") == 0)
            return &formats[i];
    return NULL;
}

/* One address being added up. */
typedef struct {
    BsSheet *sheet;
    const BsPolicy *policy;
    gint64 now;
    gboolean only;          /* filter by VERDICT */
    BsVerdict verdict;
    char *address;
    char *list_id;
    char *first_seen;
    char *last_seen;
    char *last_reason;
    char *last_status;
    char *last_diagnostic;
    BsPolicyState state;
} Address;

static void
address_reset (Address *a, const char *address)
{
    g_free (a->address);
    a->address = g_strdup (address);
    g_clear_pointer (&a->list_id, g_free);
    g_clear_pointer (&a->first_seen, g_free);
    memset (&a->state, 0, sizeof a->state);
}

static gboolean
address_flush (Address *a, GError **error)
{
    BsVerdict verdict;
    char hard[16], soft[16], complaints[16], autoreplies[16], score[32];

    if (a->address == NULL)
        return TRUE;
    verdict = bs_policy_verdict (a->policy, &a->state, a->now);
    if (a->only && verdict != a->verdict)
        return TRUE;
    g_snprintf (hard, sizeof hard, "%u", a->state.hard);
    g_snprintf (soft, sizeof soft, "%u", a->state.soft);
    g_snprintf (complaints, sizeof complaints, "%u", a->state.complaints);
    g_snprintf (autoreplies, sizeof autoreplies, "%u", a->state.autoreplies);
    g_ascii_formatd (score, sizeof score, "%.1f", a->state.score);
    return bs_sheet_row (a->sheet, (const char *[G_N_ELEMENTS (
                                        address_columns)]) {
        a->address, a->list_id ? a->list_id : "", hard, soft, complaints,
        autoreplies, a->first_seen ? a->first_seen : "",
        a->last_seen ? a->last_seen : "", a->last_reason ? a->last_reason : "",
        a->last_status ? a->last_status : "",
        a->last_diagnostic ? a->last_diagnostic : "", score,
        bs_verdict_to_string (verdict) }, error);
}

static gboolean
address_row (const BsHistoryRow *row, gpointer data, GError **error)
{
    Address *a = data;
    BsPolicyEvent event = { parse_time (row->bounce_date), BS_CLASS_SOFT,
                            row->action, row->reason };

    if (a->address == NULL || g_ascii_strcasecmp (a->address,
                                                  row->recipient) != 0) {
        if (!address_flush (a, error))
            return FALSE;
        address_reset (a, row->recipient);
    }
    if (event.time < 0)
        event.time = a->now;
    bs_class_from_string (row->klass, &event.klass);
    bs_policy_add (a->policy, &a->state, &event);
    if (row->list_id != NULL && *row->list_id != '\0')
        bs_set_string (&a->list_id, row->list_id);
    if (a->first_seen == NULL)
        a->first_seen = g_strdup (row->bounce_date);
    bs_set_string (&a->last_seen, row->bounce_date);
    bs_set_string (&a->last_reason, row->reason);
    bs_set_string (&a->last_status, row->status);
    bs_set_string (&a->last_diagnostic, row->diagnostic);
    return TRUE;
}

static void
address_clear (Address *a)
{
    g_free (a->address);
    g_free (a->list_id);
    g_free (a->first_seen);
    g_free (a->last_seen);
    g_free (a->last_reason);
    g_free (a->last_status);
    g_free (a->last_diagnostic);
}

/* One domain and reason, added up. */
typedef struct {
    char *domain;
    char *reason;
    char *klass;
    char *first_seen;
    char *last_seen;
    char *sample;
    guint bounces;
    guint addresses;
} DomainRow;

static void
domain_row_free (gpointer data)
{
    DomainRow *row = data;

    g_free (row->domain);
    g_free (row->reason);
    g_free (row->klass);
    g_free (row->first_seen);
    g_free (row->last_seen);
    g_free (row->sample);
    g_free (row);
}

/* The history comes ordered by domain and reason; the rows are gathered
 * (one per domain and reason, so few) to be sorted by count. */
typedef struct {
    GPtrArray *rows;        /* of DomainRow */
    DomainRow *current;     /* the last of ROWS, being added up */
    GHashTable *addresses;  /* CURRENT's, lower-cased */
} Domain;

static gboolean
domain_row (const BsHistoryRow *row, gpointer data, GError **error)
{
    Domain *d = data;
    DomainRow *current = d->current;

    if (current == NULL || g_strcmp0 (current->domain, row->domain) != 0 ||
        g_strcmp0 (current->reason, row->reason) != 0) {
        current = d->current = g_new0 (DomainRow, 1);
        g_ptr_array_add (d->rows, current);
        current->domain = g_strdup (row->domain ? row->domain : "");
        current->reason = g_strdup (row->reason);
        current->first_seen = g_strdup (row->bounce_date);
        g_hash_table_remove_all (d->addresses);
    }
    current->bounces++;
    g_hash_table_add (d->addresses, g_ascii_strdown (row->recipient, -1));
    current->addresses = g_hash_table_size (d->addresses);
    bs_set_string (&current->klass, row->klass);
    bs_set_string (&current->last_seen, row->bounce_date);
    bs_set_string (&current->sample, row->diagnostic);
    return TRUE;
}

/* Most bounces first: what to fix first. Ties by domain, then reason. */
static gint
domain_compare (gconstpointer a, gconstpointer b)
{
    const DomainRow *x = *(const DomainRow *const *) a;
    const DomainRow *y = *(const DomainRow *const *) b;

    if (x->bounces != y->bounces)
        return x->bounces > y->bounces ? -1 : 1;
    if (strcmp (x->domain, y->domain) != 0)
        return strcmp (x->domain, y->domain);
    return g_strcmp0 (x->reason, y->reason);
}

static gboolean
domain_write (BsSheet *sheet, const DomainRow *row, GError **error)
{
    char bounces[16], addresses[16];
    const char *reason = row->reason ? row->reason : "";

    g_snprintf (bounces, sizeof bounces, "%u", row->bounces);
    g_snprintf (addresses, sizeof addresses, "%u", row->addresses);
    return bs_sheet_row (sheet, (const char *[G_N_ELEMENTS (
                                    domain_columns)]) {
        row->domain, reason,
        bs_policy_sender_side (reason) ? "sender" : "recipient",
        row->klass ? row->klass : "", bounces, addresses,
        row->first_seen ? row->first_seen : "",
        row->last_seen ? row->last_seen : "", row->sample ? row->sample : "" },
        error);
}

static gboolean
write_domains (const ReportArgs *args, BsHistory *history, BsSheet *sheet,
               GError **error)
{
    g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (
        domain_row_free);
    g_autoptr (GHashTable) addresses = g_hash_table_new_full (
        g_str_hash, g_str_equal, g_free, NULL);
    Domain d = { rows, NULL, addresses };

    if (!bs_history_foreach (history, args->list, args->since, TRUE,
                             domain_row, &d, error))
        return FALSE;
    g_ptr_array_sort (rows, domain_compare);
    for (guint i = 0; i < rows->len; i++)
        if (!domain_write (sheet, g_ptr_array_index (rows, i), error))
            return FALSE;
    return TRUE;
}

static gboolean
write_addresses (const ReportArgs *args, const BsPolicy *policy,
                 BsHistory *history, BsSheet *sheet, GError **error)
{
    Address a = { sheet, policy, parse_time (args->now) };
    gboolean ok;

    if (a.now < 0)
        a.now = g_get_real_time () / G_USEC_PER_SEC;
    a.only = args->verdict != NULL;
    if (a.only)
        bs_verdict_from_string (args->verdict, &a.verdict);
    ok = bs_history_foreach (history, args->list, args->since, FALSE,
                             address_row, &a, error) &&
         address_flush (&a, error);
    address_clear (&a);
    return ok;
}

/* Writes the report to OUT in ARGS' format, which is known. */
static gboolean
write_report (const ReportArgs *args, const BsPolicy *policy,
              BsHistory *history, GOutputStream *out, GError **error)
{
    const ReportShape *shape = args->by_domain ? &domain_shape
                                               : &address_shape;
    const ReportFormat *format = find_format (args->format);
    g_autoptr (CliTemp) workbook = NULL;
    g_autoptr (BsSheet) sheet = NULL;

    /* A workbook is built in a file of its own (bs-xlsx.h). */
    if (format->binary &&
        (workbook = cli_temp_new ("bouncescan-XXXXXX.xlsx", error)) == NULL)
        return FALSE;
    sheet = format->make (out, args, shape, workbook);

    if (!bs_sheet_begin (sheet, error))
        return FALSE;
    if (args->by_domain ? !write_domains (args, history, sheet, error)
                        : !write_addresses (args, policy, history, sheet,
                                            error))
        return FALSE;
    return bs_sheet_end (sheet, error);
}

/* The policy: defaults, then --policy FILE, then options. */
static gboolean
make_policy (const ReportArgs *args, BsPolicy *policy, GError **error)
{
    bs_policy_init (policy);
    if (args->policy != NULL) {
        g_autoptr (GKeyFile) keyfile = g_key_file_new ();

        if (!g_key_file_load_from_file (keyfile, args->policy,
                                        G_KEY_FILE_NONE, error)) {
            g_prefix_error (error, "%s: ", args->policy);
            return FALSE;
        }
        if (!bs_policy_load (policy, keyfile, args->policy, error))
            return FALSE;
    }
    if (args->hard_weight >= 0)
        policy->hard_weight = args->hard_weight;
    if (args->soft_weight >= 0)
        policy->soft_weight = args->soft_weight;
    if (args->threshold >= 0)
        policy->threshold = args->threshold;
    if (args->window_days >= 0)
        policy->window_days = args->window_days;
    if (args->soft_limit >= 0)
        policy->soft_limit = args->soft_limit;
    if (args->keep_complaints)
        policy->complaint_removes = FALSE;
    return TRUE;
}

static gboolean
check_args (const ReportArgs *args, GError **error)
{
    const ReportFormat *format = find_format (args->format);
    BsVerdict verdict;

    if (format == NULL)
        g_set_error (error, BS_ERROR, BS_ERROR_USAGE,
                     "unknown format '%s' (want csv, jsonl or xlsx)",
                     args->format);
    else if (format->binary &&
             !cli_check_binary_output (args->output, format->name, error))
        return FALSE;
    else if (args->verdict != NULL &&
             !bs_verdict_from_string (args->verdict, &verdict))
        g_set_error (error, BS_ERROR, BS_ERROR_USAGE,
                     "unknown verdict '%s' (want remove, watch or keep)",
                     args->verdict);
    else if (args->since != NULL && parse_time (args->since) < 0)
        g_set_error (error, BS_ERROR, BS_ERROR_USAGE,
                     "--since: '%s' is not a date (want YYYY-MM-DD)",
                     args->since);
    else if (args->now != NULL && parse_time (args->now) < 0)
        g_set_error (error, BS_ERROR, BS_ERROR_USAGE,
                     "--now: '%s' is not a date (want YYYY-MM-DD)",
                     args->now);
    else if (args->dbs == NULL && args->inputs == NULL)
        g_set_error (error, BS_ERROR, BS_ERROR_USAGE,
                     "nothing to report on: give --db FILE or inputs");
    return *error == NULL;
}

static int
run_report (const ReportArgs *args)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (BsHistory) history = NULL;
    g_autoptr (GOutputStream) out = NULL;
    BsPolicy policy;
    guint failed = 0;
    const char *output = args->output != NULL && strcmp (args->output, "-")
        ? args->output : "standard output";

    if (!check_args (args, &error) || !make_policy (args, &policy, &error)) {
        g_printerr ("bouncescan report: %s\n", error->message);
        return CLI_EXIT_USAGE;
    }
    /* The output is opened first, so that a mistake in -o shows before a
     * long scan; its temporary file goes if the run is interrupted. */
    if ((out = cli_output_open (args->output, &error)) == NULL) {
        g_printerr ("bouncescan report: %s\n", error->message);
        return CLI_EXIT_OUTPUT;
    }
    history = bs_history_open (":memory:", &error);
    if (history == NULL || !gather (args, history, &failed, &error)) {
        g_printerr ("bouncescan report: %s\n", error->message);
        cli_output_abort (out);
        return CLI_EXIT_INPUT;
    }
    if (!write_report (args, &policy, history, out, &error) ||
        !cli_output_commit (out, &error)) {
        /* A reader that stopped early ("| head") is no error of ours. */
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
            return CLI_EXIT_OK;
        if (!g_str_has_prefix (error->message, output))
            g_prefix_error (&error, "%s: ", output);
        g_printerr ("bouncescan report: %s\n", error->message);
        cli_output_abort (out);
        return CLI_EXIT_OUTPUT;
    }
    return failed > 0 ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}

int
cli_report_main (int argc, char **argv)
{
    g_auto (ReportArgs) args = { .hard_weight = -1, .soft_weight = -1,
                                 .threshold = -1, .window_days = -1,
                                 .soft_limit = -1 };
    g_autoptr (GOptionContext) context = report_context (&args);
    g_autoptr (GError) error = NULL;

    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        g_printerr ("bouncescan report: %s\nTry 'bouncescan report "
                    "--help'.\n", error->message);
        return CLI_EXIT_USAGE;
    }
    return run_report (&args);
}
