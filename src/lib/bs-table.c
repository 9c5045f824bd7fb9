/* bs-table.c: the table writer. A remote server writes the diagnostic, so
 * nothing from it may reach a terminal as a control sequence (ECMA-48 C0
 * and C1 controls, which include ESC and the 8-bit CSI). */
#include <string.h>

#include "bs-row.h"
#include "bs-table.h"

#define MAX_CELL 60

static const BsColumn table_columns[] = {
    BS_COLUMN_RECIPIENT, BS_COLUMN_STATUS, BS_COLUMN_REPLY_CODE,
    BS_COLUMN_CLASS, BS_COLUMN_REASON, BS_COLUMN_DIAGNOSTIC,
    BS_COLUMN_SOURCE,
};
#define N_COLUMNS G_N_ELEMENTS (table_columns)

typedef struct {
    BsWriter parent;
    GPtrArray *cells;       /* of char *, N_COLUMNS per row, header first */
    glong widths[N_COLUMNS];
} TableWriter;

char *
bs_table_clean (const char *text, glong max_chars)
{
    g_autofree char *valid = g_utf8_make_valid (text, -1);
    GString *out = g_string_new (NULL);
    glong count = 0;
    const char *start = valid;

    /* A negative MAX_CHARS keeps the end: a path's file name. */
    if (max_chars < 0) {
        glong length = g_utf8_strlen (valid, -1);

        max_chars = -max_chars;
        if (length > max_chars) {
            start = g_utf8_offset_to_pointer (valid, length - max_chars);
            g_string_append (out, "...");
        }
    }
    for (const char *p = start; *p != '\0'; p = g_utf8_next_char (p)) {
        gunichar c = g_utf8_get_char (p);

        if (count++ >= max_chars) {
            g_string_append (out, "...");
            break;
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
            c = 0xfffd;
        g_string_append_unichar (out, c);
    }
    return g_string_free (out, FALSE);
}

static void
add_cell (TableWriter *table, guint column, const char *text)
{
    /* A long source keeps its end, where the file name is. */
    char *cell = bs_table_clean (text, table_columns[column] ==
                                               BS_COLUMN_SOURCE
                                           ? -MAX_CELL : MAX_CELL);

    table->widths[column] = MAX (table->widths[column],
                                 g_utf8_strlen (cell, -1));
    g_ptr_array_add (table->cells, cell);
}

static gboolean
table_begin (BsWriter *writer, GError **error)
{
    TableWriter *table = (TableWriter *) writer;

    for (guint i = 0; i < N_COLUMNS; i++)
        add_cell (table, i, bs_row_column_name (table_columns[i]));
    (void) error;
    return TRUE;
}

static gboolean
table_row (BsWriter *writer, const BsReport *report,
           const BsRecipient *recipient, GError **error)
{
    TableWriter *table = (TableWriter *) writer;

    for (guint i = 0; i < N_COLUMNS; i++)
        add_cell (table, i, bs_row_get (report, recipient, table_columns[i]));
    (void) error;
    return TRUE;
}

static gboolean
table_end (BsWriter *writer, GError **error)
{
    TableWriter *table = (TableWriter *) writer;

    for (guint i = 0; i < table->cells->len; i++) {
        const char *cell = g_ptr_array_index (table->cells, i);
        guint column = i % N_COLUMNS;
        glong pad = table->widths[column] - g_utf8_strlen (cell, -1);

        g_string_append (writer->buffer, cell);
        if (column + 1 == N_COLUMNS) {
            g_string_append_c (writer->buffer, '\n');
            if (!bs_writer_flush (writer, FALSE, error))
                return FALSE;
            continue;
        }
        g_string_append_printf (writer->buffer, "%*s  ", (int) pad, "");
    }
    return TRUE;
}

static void
table_free (BsWriter *writer)
{
    TableWriter *table = (TableWriter *) writer;

    g_ptr_array_unref (table->cells);
    bs_writer_finalize (writer);
    g_free (table);
}

static const BsWriterClass table_class = {
    .begin = table_begin,
    .row = table_row,
    .end = table_end,
    .free = table_free,
};

BsWriter *
bs_table_writer_new (GOutputStream *out)
{
    TableWriter *table = g_new0 (TableWriter, 1);

    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
    bs_writer_init (&table->parent, &table_class, out);
    table->cells = g_ptr_array_new_with_free_func (g_free);
    return &table->parent;
}
