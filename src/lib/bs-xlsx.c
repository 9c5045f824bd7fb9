/* bs-xlsx.c: xlsx workbooks (ECMA-376) through libxlsxwriter. A CSV cell
 * is typed by whatever opens it, and spreadsheets read 5.1.1 as a date;
 * here each cell is stored with its column's type, text as text. The
 * workbook is built in a temporary file in constant-memory mode (rows go
 * to disk as they come) and copied to the output stream at the end. One
 * exception to "the library never prints" that we cannot switch off:
 * libxlsxwriter itself writes "[ERROR] workbook_close(): ..." on standard
 * error when it cannot write the workbook (TMPDIR full, say). */
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "bs-row.h"
#include "bs-xlsx.h"

/* Column widths, in characters: wide enough for the header and its
 * autofilter button, and for the widest cell up to MAX_WIDTH. */
#define FILTER_BUTTON 3
#define MAX_WIDTH 50
#define DATE_FORMAT "yyyy-mm-dd hh:mm:ss \"UTC\""
#define DATE_WIDTH 23   /* 2026-01-05 01:00:00 UTC */

/* XML 1.0 section 2.2: the characters a document may hold. Surrogates do
 * not occur in valid UTF-8. */
static gboolean
xml_char (gunichar c)
{
    if (c < 0x20)
        return c == '\t' || c == '\n' || c == '\r';
    return c != 0xfffe && c != 0xffff;
}

/* Most cells need no change: short ASCII text without controls. */
static gboolean
plain_ascii (const char *text)
{
    const guchar *p = (const guchar *) text;

    for (; *p != '\0'; p++)
        if (*p >= 0x80 || (*p < 0x20 && *p != '\t' && *p != '\n'))
            return FALSE;
    return p - (const guchar *) text <= BS_XLSX_MAX_CELL;
}

char *
bs_xlsx_clean (const char *text)
{
    g_autofree char *valid = NULL;
    GString *out;
    gsize units = 0;

    if (plain_ascii (text))
        return g_strdup (text);
    valid = g_utf8_make_valid (text, -1);
    out = g_string_sized_new (strlen (valid));
    for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p)) {
        gunichar c = g_utf8_get_char (p);
        gsize width = c > 0xffff ? 2 : 1;   /* a UTF-16 surrogate pair */

        if (!xml_char (c) || (c == '\r' && p[1] == '\n'))
            continue;
        if (units + width > BS_XLSX_MAX_CELL)
            break;
        units += width;
        /* libxlsxwriter writes a carriage return as _x000D_ (in XML a bare
         * one would read as a line feed), which only Excel decodes; line
         * feeds are what a cell breaks lines with anyway. */
        if (c == '\r')
            g_string_append_c (out, '\n');
        else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
    return g_string_free (out, FALSE);
}

typedef struct {
    BsSheet parent;
    char *name;
    lxw_row_t rows_per_sheet;
    char *path;                 /* the workbook's temporary file */
    char *given;                /* the caller's file for it, or NULL */
    lxw_workbook *workbook;
    lxw_worksheet *worksheet;   /* the one being written */
    guint worksheets;
    lxw_row_t row;              /* the next row of WORKSHEET */
    lxw_format *header;
    lxw_format *formats[BS_CELL_TYPE_NAME + 1]; /* by type; NULL: General */
    double *widths;             /* per column */
} XlsxSheet;

static gboolean
check (lxw_error status, const char *doing, GError **error)
{
    if (status == LXW_NO_ERROR)
        return TRUE;
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "xlsx: %s: %s", doing,
                 lxw_strerror (status));
    return FALSE;
}

/* For libxlsxwriter's constructors, which say only NULL. */
static gboolean
cannot (const char *what, const char *name, GError **error)
{
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "xlsx: cannot create the %s %s", what, name);
    return FALSE;
}

static void
add_formats (XlsxSheet *xlsx)
{
    xlsx->header = workbook_add_format (xlsx->workbook);
    format_set_bold (xlsx->header);
    /* The text format "@" keeps a cell text when someone edits it. */
    xlsx->formats[BS_CELL_TYPE_TEXT] = workbook_add_format (xlsx->workbook);
    format_set_num_format (xlsx->formats[BS_CELL_TYPE_TEXT], "@");
    xlsx->formats[BS_CELL_TYPE_NAME] = xlsx->formats[BS_CELL_TYPE_TEXT];
    xlsx->formats[BS_CELL_TYPE_DATE] = workbook_add_format (xlsx->workbook);
    format_set_num_format (xlsx->formats[BS_CELL_TYPE_DATE], DATE_FORMAT);
}

static void
note_width (XlsxSheet *xlsx, lxw_col_t column, gsize width)
{
    xlsx->widths[column] = MAX (xlsx->widths[column], MIN (width, MAX_WIDTH));
}

/* Starts the next worksheet with the header row. */
static gboolean
add_worksheet (XlsxSheet *xlsx, GError **error)
{
    BsSheet *sheet = &xlsx->parent;
    g_autofree char *name = NULL;

    name = xlsx->worksheets == 0
               ? g_strdup (xlsx->name)
               : g_strdup_printf ("%s %u", xlsx->name, xlsx->worksheets + 1);
    xlsx->worksheet = workbook_add_worksheet (xlsx->workbook, name);
    if (xlsx->worksheet == NULL)
        return cannot ("worksheet", name, error);
    xlsx->worksheets++;
    for (lxw_col_t i = 0; i < sheet->n_columns; i++)
        if (!check (worksheet_write_string (xlsx->worksheet, 0, i,
                                            sheet->columns[i].name,
                                            xlsx->header),
                    "the header", error))
            return FALSE;
    worksheet_freeze_panes (xlsx->worksheet, 1, 0);
    xlsx->row = 1;
    return TRUE;
}

/* Widths and the autofilter go in when a worksheet's rows are all known;
 * libxlsxwriter writes them at the top of the worksheet when it closes. */
static gboolean
finish_worksheet (XlsxSheet *xlsx, GError **error)
{
    BsSheet *sheet = &xlsx->parent;

    for (lxw_col_t i = 0; i < sheet->n_columns; i++)
        worksheet_set_column (xlsx->worksheet, i, i, xlsx->widths[i] + 1,
                              xlsx->formats[sheet->columns[i].type]);
    return check (worksheet_autofilter (xlsx->worksheet, 0, 0, xlsx->row - 1,
                                        sheet->n_columns - 1),
                  "the autofilter", error);
}

static lxw_error
write_text (XlsxSheet *xlsx, lxw_col_t column, const char *value)
{
    g_autofree char *text = bs_xlsx_clean (value);

    note_width (xlsx, column, g_utf8_strlen (text, -1));
    /* worksheet_write_string() stores a string, never a formula, whatever
     * it starts with: no neutralising is needed, and none is done. */
    return worksheet_write_string (xlsx->worksheet, xlsx->row, column, text,
                                   xlsx->formats[BS_CELL_TYPE_TEXT]);
}

static lxw_error
write_number (XlsxSheet *xlsx, lxw_col_t column, const char *value)
{
    char *end = NULL;
    double number;

    /* Decimal only: g_ascii_strtod() would also take "0x10" and "inf". */
    if (strspn (value, "0123456789+-.eE") != strlen (value))
        return write_text (xlsx, column, value);
    number = g_ascii_strtod (value, &end);
    if (end == value || *end != '\0' || !isfinite (number))
        return write_text (xlsx, column, value);
    note_width (xlsx, column, strlen (value));
    return worksheet_write_number (xlsx->worksheet, xlsx->row, column, number,
                                   xlsx->formats[BS_CELL_TYPE_NUMBER]);
}

/* Reads an ISO 8601 date-time (a bare YYYY-MM-DD is midnight UTC) into
 * DATETIME, in UTC. FALSE when TEXT is not one, or is before 1900, where
 * Excel's dates begin. */
static gboolean
parse_date (const char *text, lxw_datetime *datetime)
{
    g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr (GDateTime) parsed = NULL;
    g_autoptr (GDateTime) time = NULL;
    g_autofree char *full = NULL;

    if (strlen (text) == 10)
        text = full = g_strconcat (text, "T00:00:00Z", NULL);
    parsed = g_date_time_new_from_iso8601 (text, utc);
    if (parsed == NULL)
        return FALSE;
    time = g_date_time_to_utc (parsed);
    if (g_date_time_get_year (time) < 1900)
        return FALSE;
    *datetime = (lxw_datetime) {
        g_date_time_get_year (time), g_date_time_get_month (time),
        g_date_time_get_day_of_month (time), g_date_time_get_hour (time),
        g_date_time_get_minute (time), g_date_time_get_seconds (time),
    };
    return TRUE;
}

static lxw_error
write_date (XlsxSheet *xlsx, lxw_col_t column, const char *value)
{
    lxw_datetime datetime;

    if (!parse_date (value, &datetime))
        return write_text (xlsx, column, value);
    note_width (xlsx, column, DATE_WIDTH);
    return worksheet_write_datetime (xlsx->worksheet, xlsx->row, column,
                                     &datetime,
                                     xlsx->formats[BS_CELL_TYPE_DATE]);
}

static lxw_error
write_cell (XlsxSheet *xlsx, lxw_col_t column, const char *value)
{
    switch (xlsx->parent.columns[column].type) {
    case BS_CELL_TYPE_NUMBER:
        return write_number (xlsx, column, value);
    case BS_CELL_TYPE_DATE:
        return write_date (xlsx, column, value);
    case BS_CELL_TYPE_TEXT:
    default:
        return write_text (xlsx, column, value);
    }
}

static gboolean
xlsx_begin (BsSheet *sheet, GError **error)
{
    XlsxSheet *xlsx = (XlsxSheet *) sheet;
    lxw_workbook_options options = {
        .constant_memory = LXW_TRUE,
        .tmpdir = (char *) g_get_tmp_dir (),
    };
    int fd = -1;

    if (xlsx->given != NULL)
        xlsx->path = g_strdup (xlsx->given);
    else if ((fd = g_file_open_tmp ("bouncescan-XXXXXX.xlsx", &xlsx->path,
                                    error)) < 0)
        return FALSE;
    /* The file stays, empty, so that its name is ours until
     * libxlsxwriter writes the workbook over it. */
    if (fd >= 0)
        close (fd);
    xlsx->workbook = workbook_new_opt (xlsx->path, &options);
    if (xlsx->workbook == NULL)
        return cannot ("workbook", xlsx->path, error);
    add_formats (xlsx);
    return add_worksheet (xlsx, error);
}

static gboolean
xlsx_row (BsSheet *sheet, const char *const *cells, GError **error)
{
    XlsxSheet *xlsx = (XlsxSheet *) sheet;

    g_return_val_if_fail (xlsx->workbook != NULL, FALSE);
    if (xlsx->row >= xlsx->rows_per_sheet &&
        (!finish_worksheet (xlsx, error) || !add_worksheet (xlsx, error)))
        return FALSE;
    for (lxw_col_t i = 0; i < sheet->n_columns; i++)
        if (cells[i][0] != '\0' &&
            !check (write_cell (xlsx, i, cells[i]), "a cell", error))
            return FALSE;
    xlsx->row++;
    return TRUE;
}

/* Copies the finished workbook to the output. The file's name goes as
 * soon as it is open, so that nothing is left behind whatever happens. */
static gboolean
copy_out (XlsxSheet *xlsx, GError **error)
{
    g_autoptr (GFile) file = g_file_new_for_path (xlsx->path);
    g_autoptr (GFileInputStream) in = g_file_read (file, NULL, error);

    if (in == NULL)
        return FALSE;
    g_unlink (xlsx->path);
    g_clear_pointer (&xlsx->path, g_free);
    return g_output_stream_splice (xlsx->parent.out, G_INPUT_STREAM (in),
                                   G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, NULL,
                                   error) >= 0;
}

static gboolean
xlsx_end (BsSheet *sheet, GError **error)
{
    XlsxSheet *xlsx = (XlsxSheet *) sheet;
    lxw_error status;

    g_return_val_if_fail (xlsx->workbook != NULL, FALSE);
    if (!finish_worksheet (xlsx, error))
        return FALSE;
    /* workbook_close() frees the workbook, whether it succeeds or not. */
    status = workbook_close (g_steal_pointer (&xlsx->workbook));
    return check (status, "writing the workbook", error) &&
           copy_out (xlsx, error);
}

static void
xlsx_free (BsSheet *sheet)
{
    XlsxSheet *xlsx = (XlsxSheet *) sheet;

    if (xlsx->workbook != NULL)
        lxw_workbook_free (xlsx->workbook);
    if (xlsx->path != NULL)
        g_unlink (xlsx->path);
    g_free (xlsx->path);
    g_free (xlsx->given);
    g_free (xlsx->name);
    g_free (xlsx->widths);
    bs_sheet_finalize (sheet);
    g_free (xlsx);
}

static const BsSheetClass xlsx_class = {
    .begin = xlsx_begin,
    .row = xlsx_row,
    .end = xlsx_end,
    .free = xlsx_free,
};

/* Each column starts as wide as its header and filter button. */
static void
init_widths (XlsxSheet *xlsx)
{
    BsSheet *sheet = &xlsx->parent;

    xlsx->widths = g_new0 (double, sheet->n_columns);
    for (guint i = 0; i < sheet->n_columns; i++)
        note_width (xlsx, i, strlen (sheet->columns[i].name) + FILTER_BUTTON);
}

BsSheet *
bs_xlsx_sheet_new (GOutputStream *out, const char *name,
                   const BsSheetColumn *columns, guint n_columns,
                   guint rows_per_sheet, const char *workbook)
{
    XlsxSheet *xlsx;

    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
    g_return_val_if_fail (name != NULL && n_columns > 0, NULL);
    g_return_val_if_fail (rows_per_sheet != 1, NULL);
    xlsx = g_new0 (XlsxSheet, 1);
    bs_sheet_init (&xlsx->parent, &xlsx_class, out, columns, n_columns);
    xlsx->name = g_strdup (name);
    xlsx->given = g_strdup (workbook);
    xlsx->rows_per_sheet = rows_per_sheet > 0 && rows_per_sheet <
                           BS_XLSX_MAX_ROWS ? rows_per_sheet
                                            : BS_XLSX_MAX_ROWS;
    init_widths (xlsx);
    return &xlsx->parent;
}

/* The scan's rows: the sheet above, with the CSV's columns. */
typedef struct {
    BsWriter parent;
    BsSheetColumn columns[BS_COLUMN_COUNT];
    BsSheet *sheet;
} XlsxWriter;

static gboolean
writer_begin (BsWriter *writer, GError **error)
{
    return bs_sheet_begin (((XlsxWriter *) writer)->sheet, error);
}

static gboolean
writer_row (BsWriter *writer, const BsReport *report,
            const BsRecipient *recipient, GError **error)
{
    const char *cells[BS_COLUMN_COUNT];

    for (int column = 0; column < BS_COLUMN_COUNT; column++)
        cells[column] = bs_row_get (report, recipient, column);
    return bs_sheet_row (((XlsxWriter *) writer)->sheet, cells, error);
}

static gboolean
writer_end (BsWriter *writer, GError **error)
{
    return bs_sheet_end (((XlsxWriter *) writer)->sheet, error);
}

static void
writer_free (BsWriter *writer)
{
    bs_sheet_free (((XlsxWriter *) writer)->sheet);
    bs_writer_finalize (writer);
    g_free (writer);
}

static const BsWriterClass xlsx_writer_class = {
    .begin = writer_begin,
    .row = writer_row,
    .end = writer_end,
    .free = writer_free,
    .rows_stand_alone = FALSE,   /* one workbook, closed at the end */
};

BsWriter *
bs_xlsx_writer_new (GOutputStream *out, const char *workbook)
{
    XlsxWriter *xlsx;

    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
    xlsx = g_new0 (XlsxWriter, 1);
    bs_writer_init (&xlsx->parent, &xlsx_writer_class, out);
    for (int column = 0; column < BS_COLUMN_COUNT; column++)
        xlsx->columns[column] = (BsSheetColumn) {
            bs_row_column_name (column),
            column == BS_COLUMN_BOUNCE_DATE ? BS_CELL_TYPE_DATE
                                            : BS_CELL_TYPE_TEXT,
        };
    xlsx->sheet = bs_xlsx_sheet_new (out, "bounces", xlsx->columns,
                                     BS_COLUMN_COUNT, 0, workbook);
    return &xlsx->parent;
}
