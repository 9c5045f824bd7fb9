/* bs-sheet.h: rows of typed columns that are not the scan's rows (the
 * report's), behind one interface (begin, row, end, free), one constructor
 * per format, as bs-writer.h is for the scan's rows. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a column holds. Cells are always given as text; formats that have
 * types (xlsx, jsonl) store them as this says, and store a cell that does
 * not parse as its type as text, so that nothing is lost. */
typedef enum {
    BS_CELL_TYPE_TEXT,      /* a string, whatever it looks like: may come
                             * from a remote server, so CSV neutralises one
                             * that starts like a formula */
    BS_CELL_TYPE_NUMBER,    /* a decimal number such as 3 or 2.5 */
    BS_CELL_TYPE_DATE,      /* an ISO 8601 date-time or YYYY-MM-DD */
    BS_CELL_TYPE_NAME,      /* a string that names something and must stay
                             * exact: an address (validated, bs-address.h),
                             * a domain, a path, a word of ours; text
                             * otherwise, never altered */
} BsCellType;

typedef struct {
    const char *name;       /* the header */
    BsCellType type;
} BsSheetColumn;

typedef struct _BsSheet BsSheet;

typedef struct {
    gboolean (*begin) (BsSheet *sheet, GError **error);
    gboolean (*row) (BsSheet *sheet, const char *const *cells,
                     GError **error);
    gboolean (*end) (BsSheet *sheet, GError **error);
    void (*free) (BsSheet *sheet);
} BsSheetClass;

/* The common part of every sheet; formats embed it first. */
struct _BsSheet {
    const BsSheetClass *klass;
    GOutputStream *out;             /* owned reference */
    const BsSheetColumn *columns;   /* (transfer none) */
    guint n_columns;
};

/* Writes the header, if the format has one. */
gboolean bs_sheet_begin (BsSheet *sheet, GError **error);

/* Writes one row: CELLS holds one string per column, "" when empty. */
gboolean bs_sheet_row (BsSheet *sheet, const char *const *cells,
                       GError **error);

/* Writes what is pending and any trailer. Does not close the stream. */
gboolean bs_sheet_end (BsSheet *sheet, GError **error);

/* Frees SHEET; NULL is fine. Output not ended is dropped where the format
 * holds it back (xlsx). */
void bs_sheet_free (BsSheet *sheet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsSheet, bs_sheet_free)

/* For sheet implementations: sets up the common part of SHEET. COLUMNS
 * must outlive SHEET. */
void bs_sheet_init (BsSheet *sheet, const BsSheetClass *klass,
                    GOutputStream *out, const BsSheetColumn *columns,
                    guint n_columns);

/* For sheet implementations: frees the common part. */
void bs_sheet_finalize (BsSheet *sheet);

G_END_DECLS
