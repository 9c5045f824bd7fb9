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
