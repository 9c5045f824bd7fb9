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
