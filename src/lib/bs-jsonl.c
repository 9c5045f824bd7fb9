/* bs-jsonl.c: JSON Lines (one RFC 8259 object per line). json-glib does
 * the escaping, so remote text cannot break out of its string. */
#include <json-glib/json-glib.h>

#include "bs-jsonl.h"
#include "bs-row.h"

static gboolean
jsonl_row (BsWriter *writer, const BsReport *report,
           const BsRecipient *recipient, GError **error)
{
    g_autoptr (JsonBuilder) builder = json_builder_new ();
    g_autoptr (JsonGenerator) generator = json_generator_new ();
    g_autoptr (JsonNode) root = NULL;
    g_autofree char *line = NULL;

    json_builder_begin_object (builder);
    for (int column = 0; column < BS_COLUMN_COUNT; column++) {
        json_builder_set_member_name (builder, bs_row_column_name (column));
        json_builder_add_string_value (builder,
                                       bs_row_get (report, recipient, column));
    }
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    json_generator_set_root (generator, root);
    line = json_generator_to_data (generator, NULL);
    g_string_append (writer->buffer, line);
    g_string_append_c (writer->buffer, '\n');
    (void) error;
    return TRUE;
}

static void
jsonl_free (BsWriter *writer)
{
    bs_writer_finalize (writer);
    g_free (writer);
}

static const BsWriterClass jsonl_class = {
    .begin = NULL,
    .row = jsonl_row,
    .end = NULL,
    .free = jsonl_free,
    .rows_stand_alone = TRUE,
};

BsWriter *
bs_jsonl_writer_new (GOutputStream *out)
{
    BsWriter *writer = g_new0 (BsWriter, 1);

    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
    bs_writer_init (writer, &jsonl_class, out);
    return writer;
}

/* The sheet: typed columns, a number written as the caller wrote it. */
typedef struct {
    BsSheet parent;
    GString *line;
} JsonlSheet;

static const char *
skip_digits (const char *p)
{
    while (g_ascii_isdigit (*p))
        p++;
    return p;
}

/* TRUE when TEXT is a number as RFC 8259 section 6 writes one, so that it
 * goes out as the caller wrote it: a score of 0.1 stays 0.1, where
 * json-glib would print the double as 0.10000000000000001. */
static gboolean
json_number (const char *text)
{
    const char *p = text + (*text == '-');

    if (*p == '0')
        p++;
    else if (g_ascii_isdigit (*p))
        p = skip_digits (p);
    else
        return FALSE;
    if (*p == '.') {
        if (!g_ascii_isdigit (p[1]))
            return FALSE;
        p = skip_digits (p + 1);
    }
    if (*p == 'e' || *p == 'E') {
        p += 1 + (p[1] == '+' || p[1] == '-');
        if (!g_ascii_isdigit (*p))
            return FALSE;
        p = skip_digits (p);
    }
    return *p == '\0';
}

/* Appends TEXT to OUT as a JSON string. */
static void
append_string (GString *out, const char *text)
{
    g_autoptr (JsonNode) node = json_node_init_string (json_node_alloc (),
                                                       text);
    g_autofree char *json = json_to_string (node, FALSE);

    g_string_append (out, json);
}

static void
append_value (GString *out, BsCellType type, const char *cell)
{
    if (type == BS_CELL_TYPE_NUMBER && *cell == '\0')
        g_string_append (out, "null");
    else if (type == BS_CELL_TYPE_NUMBER && json_number (cell))
        g_string_append (out, cell);
    else
        append_string (out, cell);
}

static gboolean
jsonl_sheet_row (BsSheet *sheet, const char *const *cells, GError **error)
{
    GString *line = ((JsonlSheet *) sheet)->line;

    g_string_assign (line, "{");
    for (guint i = 0; i < sheet->n_columns; i++) {
        if (i > 0)
            g_string_append_c (line, ',');
        append_string (line, sheet->columns[i].name);
        g_string_append_c (line, ':');
        append_value (line, sheet->columns[i].type, cells[i]);
    }
    g_string_append (line, "}\n");
    return g_output_stream_write_all (sheet->out, line->str, line->len, NULL,
                                      NULL, error);
}

static void
jsonl_sheet_free (BsSheet *sheet)
{
    g_string_free (((JsonlSheet *) sheet)->line, TRUE);
    bs_sheet_finalize (sheet);
    g_free (sheet);
}

static const BsSheetClass jsonl_sheet_class = {
    .begin = NULL,
    .row = jsonl_sheet_row,
    .end = NULL,
    .free = jsonl_sheet_free,
};

BsSheet *
bs_jsonl_sheet_new (GOutputStream *out, const BsSheetColumn *columns,
                    guint n_columns)
{
    JsonlSheet *jsonl;

    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
    jsonl = g_new0 (JsonlSheet, 1);
    bs_sheet_init (&jsonl->parent, &jsonl_sheet_class, out, columns,
                   n_columns);
    jsonl->line = g_string_new (NULL);
    return &jsonl->parent;
}
