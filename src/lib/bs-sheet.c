/* bs-sheet.c: the sheet interface. Each format writes its own rows; this
 * only dispatches, so that the report picks a format from a table. */
#include "bs-sheet.h"

void
bs_sheet_init (BsSheet *sheet, const BsSheetClass *klass, GOutputStream *out,
               const BsSheetColumn *columns, guint n_columns)
{
    sheet->klass = klass;
    sheet->out = g_object_ref (out);
    sheet->columns = columns;
    sheet->n_columns = n_columns;
}

void
bs_sheet_finalize (BsSheet *sheet)
{
    g_clear_object (&sheet->out);
}

gboolean
bs_sheet_begin (BsSheet *sheet, GError **error)
{
    g_return_val_if_fail (sheet != NULL, FALSE);
    return sheet->klass->begin == NULL || sheet->klass->begin (sheet, error);
}

gboolean
bs_sheet_row (BsSheet *sheet, const char *const *cells, GError **error)
{
    g_return_val_if_fail (sheet != NULL && cells != NULL, FALSE);
    return sheet->klass->row (sheet, cells, error);
}

gboolean
bs_sheet_end (BsSheet *sheet, GError **error)
{
    g_return_val_if_fail (sheet != NULL, FALSE);
    if (sheet->klass->end != NULL && !sheet->klass->end (sheet, error))
        return FALSE;
    return g_output_stream_flush (sheet->out, NULL, error);
}

void
bs_sheet_free (BsSheet *sheet)
{
    if (sheet == NULL)
        return;
    sheet->klass->free (sheet);
}
