/* bs-writer.h: output writers behind one interface (begin, row, end, free),
 * one constructor per format. */
#pragma once

#include <gio/gio.h>

#include "bs-report.h"

G_BEGIN_DECLS

typedef struct _BsWriter BsWriter;

typedef struct {
    gboolean (*begin) (BsWriter *writer, GError **error);
    gboolean (*row) (BsWriter *writer, const BsReport *report,
                     const BsRecipient *recipient, GError **error);
    gboolean (*end) (BsWriter *writer, GError **error);
    void (*free) (BsWriter *writer);
    gboolean rows_stand_alone;  /* row() only appends the row's own text to
                                 * the buffer, whatever came before */
} BsWriterClass;

/* The common part of every writer; formats embed it first. */
struct _BsWriter {
    const BsWriterClass *klass;
    GOutputStream *out;     /* owned reference */
    GString *buffer;        /* pending output, flushed in large writes */
};

/* Writes the header, if the format has one. */
gboolean bs_writer_begin (BsWriter *writer, GError **error);

/* Writes one row per recipient of REPORT. */
gboolean bs_writer_report (BsWriter *writer, const BsReport *report,
                           GError **error);

/* Writes what is pending and any trailer. Does not close the stream. */
gboolean bs_writer_end (BsWriter *writer, GError **error);

/* TRUE when WRITER's rows stand alone (csv, jsonl; not table, which
 * aligns its columns over all rows), so that another process can render
 * them (bs_writer_render) for this one to write (bs_writer_write_text). */
gboolean bs_writer_rows_stand_alone (const BsWriter *writer);

/* Appends the rows of REPORT to TEXT as WRITER would write them, writing
 * nothing. Only for writers whose rows stand alone. */
gboolean bs_writer_render (BsWriter *writer, const BsReport *report,
                           GString *text, GError **error);

/* Writes LENGTH bytes of rows that bs_writer_render() made, as
 * bs_writer_report() would have written them. */
gboolean bs_writer_write_text (BsWriter *writer, const char *text,
                               gsize length, GError **error);

/* Frees WRITER; NULL is fine. Pending output not ended is dropped. */
void bs_writer_free (BsWriter *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsWriter, bs_writer_free)

/* For writer implementations: sets up the common part of WRITER. */
void bs_writer_init (BsWriter *writer, const BsWriterClass *klass,
                     GOutputStream *out);

/* For writer implementations: writes the buffer out when it is large, or
 * always when FORCE is set. */
gboolean bs_writer_flush (BsWriter *writer, gboolean force, GError **error);

/* For writer implementations: frees the common part. */
void bs_writer_finalize (BsWriter *writer);

G_END_DECLS
