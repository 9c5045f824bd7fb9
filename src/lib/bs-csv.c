/* bs-csv.c: CSV output per RFC 4180 (section 2: quoting rules, CRLF line
 * breaks) with OWASP's advice on CSV injection: cells of text from remote
 * servers that start like a formula get a leading apostrophe unless the
 * user asked for raw output. Names (addresses, paths, our own words) stay
 * exact, for the scripts that match them. */
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

/* One field at P; returns where it ends (at ',', a line end or NUL). */
static const char *
read_field (const char *p, GString *field)
{
    if (*p != '"') {
        gsize length = strcspn (p, ",\r\n");

        g_string_append_len (field, p, length);
        return p + length;
    }
    for (p++; *p != '\0'; p++) {
        if (*p == '"' && p[1] == '"')
            p++;
        else if (*p == '"')
            return p + 1 + strcspn (p + 1, ",\r\n");
        g_string_append_c (field, *p);
    }
    return p;
}

gboolean
bs_csv_read_record (const char **cursor, GPtrArray *fields)
{
    const char *p = *cursor;

    g_ptr_array_set_size (fields, 0);
    if (*p == '\0')
        return FALSE;
    for (;;) {
        g_autoptr (GString) field = g_string_new (NULL);

        p = read_field (p, field);
        g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field),
                                                FALSE));
        if (*p != ',')
            break;
        p++;
    }
    if (*p == '\r')
        p++;
    if (*p == '\n')
        p++;
    *cursor = p;
    return TRUE;
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
                            bs_row_get (report, recipient, column),
                            csv->raw || !bs_row_column_is_remote (column));
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
    .rows_stand_alone = TRUE,
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

/* The sheet: rows of any columns, each written as it comes. */
typedef struct {
    BsSheet parent;
    gboolean raw;
    GString *line;
} CsvSheet;

/* Writes the N CELLS as one CSV line. */
static gboolean
sheet_line (CsvSheet *csv, const char *const *cells, guint n, GError **error)
{
    g_string_truncate (csv->line, 0);
    for (guint i = 0; i < n; i++) {
        if (i > 0)
            g_string_append_c (csv->line, ',');
        bs_csv_append_cell (csv->line, cells[i],
                            csv->raw || csv->parent.columns[i].type ==
                                            BS_CELL_TYPE_NAME);
    }
    g_string_append (csv->line, "\r\n");
    return g_output_stream_write_all (csv->parent.out, csv->line->str,
                                      csv->line->len, NULL, NULL, error);
}

static gboolean
csv_sheet_begin (BsSheet *sheet, GError **error)
{
    g_autofree const char **names = g_new (const char *, sheet->n_columns);

    for (guint i = 0; i < sheet->n_columns; i++)
        names[i] = sheet->columns[i].name;
    return sheet_line ((CsvSheet *) sheet, names, sheet->n_columns, error);
}

static gboolean
csv_sheet_row (BsSheet *sheet, const char *const *cells, GError **error)
{
    return sheet_line ((CsvSheet *) sheet, cells, sheet->n_columns, error);
}

static void
csv_sheet_free (BsSheet *sheet)
{
    CsvSheet *csv = (CsvSheet *) sheet;

    g_string_free (csv->line, TRUE);
    bs_sheet_finalize (sheet);
    g_free (csv);
}

static const BsSheetClass csv_sheet_class = {
    .begin = csv_sheet_begin,
    .row = csv_sheet_row,
    .end = NULL,
    .free = csv_sheet_free,
};

BsSheet *
bs_csv_sheet_new (GOutputStream *out, const BsSheetColumn *columns,
                  guint n_columns, gboolean raw)
{
    CsvSheet *csv;

    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
    csv = g_new0 (CsvSheet, 1);
    bs_sheet_init (&csv->parent, &csv_sheet_class, out, columns, n_columns);
    csv->raw = raw;
    csv->line = g_string_new (NULL);
    return &csv->parent;
}
