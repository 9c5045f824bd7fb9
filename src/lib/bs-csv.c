/* bs-csv.c: CSV output per RFC 4180 (section 2: quoting rules, CRLF line
 * breaks) with OWASP's advice on CSV injection: cells that start like a
 * formula get a leading apostrophe unless the user asked for raw output. */
#include <string.h>

#include "bs-csv.h"
#include "bs-row.h"

typedef struct {
    BsWriter parent;
    gboolean raw;
} CsvWriter;

static gboolean
needs_quotes (const char *value)
{
    gsize length = strlen (value);

    if (length == 0)
        return FALSE;
    return strpbrk (value, ",\"\r\n") != NULL || value[0] == ' ' ||
           value[length - 1] == ' ';
}

static gboolean
looks_like_formula (const char *value)
{
    return value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

void
bs_csv_append_cell (GString *out, const char *value, gboolean raw)
{
    gboolean neutralise = !raw && looks_like_formula (value);

    if (!needs_quotes (value) && !neutralise) {
        g_string_append (out, value);
        return;
    }
    g_string_append_c (out, '"');
    if (neutralise)
        g_string_append_c (out, '\'');
    for (const char *p = value; *p != '\0'; p++) {
        if (*p == '"')
            g_string_append_c (out, '"');
        g_string_append_c (out, *p);
    }
    g_string_append_c (out, '"');
}

static gboolean
csv_begin (BsWriter *writer, GError **error)
{
    for (int column = 0; column < BS_COLUMN_COUNT; column++) {
        if (column > 0)
            g_string_append_c (writer->buffer, ',');
        g_string_append (writer->buffer, bs_row_column_name (column));
    }
    g_string_append (writer->buffer, "\r\n");
    return bs_writer_flush (writer, FALSE, error);
}

static gboolean
csv_row (BsWriter *writer, const BsReport *report,
         const BsRecipient *recipient, GError **error)
{
    CsvWriter *csv = (CsvWriter *) writer;

    for (int column = 0; column < BS_COLUMN_COUNT; column++) {
        if (column > 0)
            g_string_append_c (writer->buffer, ',');
        bs_csv_append_cell (writer->buffer,
                            bs_row_get (report, recipient, column), csv->raw);
    }
    g_string_append (writer->buffer, "\r\n");
    (void) error;
    return TRUE;
}

static void
csv_free (BsWriter *writer)
{
    bs_writer_finalize (writer);
    g_free (writer);
}

static const BsWriterClass csv_class = {
    .begin = csv_begin,
    .row = csv_row,
    .end = NULL,
    .free = csv_free,
};

BsWriter *
bs_csv_writer_new (GOutputStream *out, gboolean raw)
{
    CsvWriter *csv = g_new0 (CsvWriter, 1);

    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
    bs_writer_init (&csv->parent, &csv_class, out);
    csv->raw = raw;
    return &csv->parent;
}
