/* bs-writer.c: the writer interface. Rows are gathered in a buffer and
 * written in large pieces, since a run may print millions of them. */
#include "bs-writer.h"

#define FLUSH_AT (64 * 1024)

void
bs_writer_init (BsWriter *writer, const BsWriterClass *klass,
                GOutputStream *out)
{
    writer->klass = klass;
    writer->out = g_object_ref (out);
    writer->buffer = g_string_sized_new (FLUSH_AT + 4096);
}

void
bs_writer_finalize (BsWriter *writer)
{
    g_clear_object (&writer->out);
    if (writer->buffer != NULL)
        g_string_free (writer->buffer, TRUE);
    writer->buffer = NULL;
}

gboolean
bs_writer_flush (BsWriter *writer, gboolean force, GError **error)
{
    gboolean ok;

    if (writer->buffer->len == 0 || (!force && writer->buffer->len < FLUSH_AT))
        return TRUE;
    ok = g_output_stream_write_all (writer->out, writer->buffer->str,
                                    writer->buffer->len, NULL, NULL, error);
    g_string_truncate (writer->buffer, 0);
    return ok;
}

gboolean
bs_writer_begin (BsWriter *writer, GError **error)
{
    g_return_val_if_fail (writer != NULL, FALSE);
    return writer->klass->begin == NULL || writer->klass->begin (writer, error);
}

/* Appends a row per recipient of REPORT to the writer's buffer. */
static gboolean
add_rows (BsWriter *writer, const BsReport *report, GError **error)
{
    for (guint i = 0; i < report->recipients->len; i++)
        if (!writer->klass->row (writer, report,
                                 g_ptr_array_index (report->recipients, i),
                                 error))
            return FALSE;
    return TRUE;
}

gboolean
bs_writer_report (BsWriter *writer, const BsReport *report, GError **error)
{
    g_return_val_if_fail (writer != NULL && report != NULL, FALSE);
    return add_rows (writer, report, error) &&
           bs_writer_flush (writer, FALSE, error);
}

gboolean
bs_writer_rows_stand_alone (const BsWriter *writer)
{
    g_return_val_if_fail (writer != NULL, FALSE);
    return writer->klass->rows_stand_alone;
}

gboolean
bs_writer_render (BsWriter *writer, const BsReport *report, GString *text,
                  GError **error)
{
    GString *pending = writer->buffer;
    gboolean ok;

    g_return_val_if_fail (bs_writer_rows_stand_alone (writer), FALSE);
    /* The rows go to TEXT instead of the buffer, which is left as it was. */
    writer->buffer = text;
    ok = add_rows (writer, report, error);
    writer->buffer = pending;
    return ok;
}

gboolean
bs_writer_write_text (BsWriter *writer, const char *text, gsize length,
                      GError **error)
{
    g_return_val_if_fail (writer != NULL, FALSE);
    g_string_append_len (writer->buffer, text, length);
    return bs_writer_flush (writer, FALSE, error);
}

gboolean
bs_writer_end (BsWriter *writer, GError **error)
{
    g_return_val_if_fail (writer != NULL, FALSE);
    if (writer->klass->end != NULL && !writer->klass->end (writer, error))
        return FALSE;
    return bs_writer_flush (writer, TRUE, error) &&
           g_output_stream_flush (writer->out, NULL, error);
}

void
bs_writer_free (BsWriter *writer)
{
    if (writer == NULL)
        return;
    writer->klass->free (writer);
}
