/* test-xlsx.c: the xlsx writer, read back. Each workbook is unzipped here
 * (GIO's raw-deflate decompressor) and its worksheet and styles parsed with
 * GMarkup, so the tests see the cells a spreadsheet sees: their type (t=),
 * their style's number format, their value, and whether a formula is
 * there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "bs-row.h"
#include "bs-xlsx.h"

/* --- Reading a zip (APPNOTE.TXT 4.3): the central directory, then each
 * entry's data, stored or deflated. --- */

static guint
le16 (const guchar *p)
{
    return p[0] | p[1] << 8;
}

static guint32
le32 (const guchar *p)
{
    return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 |
           (guint32) p[3] << 24;
}

static char *
inflate_raw (const guchar *data, gsize length, gsize size)
{
    g_autoptr (GInputStream) memory = g_memory_input_stream_new_from_data (
        data, length, NULL);
    g_autoptr (GZlibDecompressor) zlib = g_zlib_decompressor_new (
        G_ZLIB_COMPRESSOR_FORMAT_RAW);
    g_autoptr (GInputStream) in = g_converter_input_stream_new (
        memory, G_CONVERTER (zlib));
    char *text = g_malloc (size + 1);
    gsize got = 0;

    assert_true (g_input_stream_read_all (in, text, size, &got, NULL, NULL));
    assert_int_equal (got, size);
    text[size] = '\0';
    return text;
}

/* The entry NAME of the zip in DATA, NUL-terminated; NULL if absent. */
static char *
unzip (const guchar *data, gsize length, const char *name)
{
    const guchar *end = data + length - 22;
    const guchar *entry;

    while (end > data && le32 (end) != 0x06054b50)
        end--;
    assert_true (le32 (end) == 0x06054b50);
    entry = data + le32 (end + 16);
    for (guint i = 0; i < le16 (end + 10); i++) {
        guint name_length = le16 (entry + 28);
        const guchar *local = data + le32 (entry + 42);
        const guchar *body = local + 30 + le16 (local + 26) +
                             le16 (local + 28);

        assert_true (le32 (entry) == 0x02014b50);
        if (name_length == strlen (name) &&
            memcmp (entry + 46, name, name_length) == 0) {
            if (le16 (entry + 10) == 0)
                return g_strndup ((const char *) body, le32 (entry + 24));
            assert_int_equal (le16 (entry + 10), 8);
            return inflate_raw (body, le32 (entry + 20), le32 (entry + 24));
        }
        entry += 46 + name_length + le16 (entry + 30) + le16 (entry + 32);
    }
    return NULL;
}

/* --- What a worksheet says, parsed with GMarkup. --- */

typedef struct {
    char *type;         /* t=: "inlineStr", "s", ... or NULL (a number) */
    int style;          /* s= */
    GString *value;     /* <v> or <is><t> */
    gboolean formula;   /* an <f> element */
} Cell;

typedef struct {
    GHashTable *cells;  /* "A1" -> Cell */
    Cell *cell;         /* being read */
    gboolean in_value;
    char *pane;         /* the frozen pane's topLeftCell */
    char *filter;       /* autoFilter ref= */
    GArray *widths;     /* of double, per column with a <col> */
    GPtrArray *names;   /* workbook.xml: the worksheets */
    GHashTable *formats;    /* styles.xml: numFmtId -> formatCode */
    GArray *xf_formats;     /* styles.xml: cellXfs' numFmtId, by index */
    gboolean in_xfs;
} Book;

static void
cell_free (gpointer data)
{
    Cell *cell = data;

    g_free (cell->type);
    g_string_free (cell->value, TRUE);
    g_free (cell);
}

static const char *
attribute (const char **names, const char **values, const char *name)
{
    for (guint i = 0; names[i] != NULL; i++)
        if (strcmp (names[i], name) == 0)
            return values[i];
    return NULL;
}

static void
on_cell (Book *book, const char **names, const char **values)
{
    Cell *cell = g_new0 (Cell, 1);
    const char *style = attribute (names, values, "s");

    cell->type = g_strdup (attribute (names, values, "t"));
    cell->style = style != NULL ? atoi (style) : 0;
    cell->value = g_string_new (NULL);
    g_hash_table_insert (book->cells,
                         g_strdup (attribute (names, values, "r")), cell);
    book->cell = cell;
}

/* <col min= max= width=>: columns MIN to MAX, counted from 1. */
static void
on_col (Book *book, const char **names, const char **values)
{
    double width = g_ascii_strtod (attribute (names, values, "width"), NULL);
    int max = atoi (attribute (names, values, "max"));

    for (int i = atoi (attribute (names, values, "min")); i <= max; i++)
        g_array_append_val (book->widths, width);
}

static void
on_start (GMarkupParseContext *context, const char *element,
          const char **names, const char **values, gpointer data,
          GError **error)
{
    Book *book = data;
    const char *id = attribute (names, values, "numFmtId");

    if (strcmp (element, "c") == 0)
        on_cell (book, names, values);
    else if (strcmp (element, "v") == 0 || strcmp (element, "t") == 0)
        book->in_value = book->cell != NULL;
    else if (strcmp (element, "f") == 0 && book->cell != NULL)
        book->cell->formula = TRUE;
    else if (strcmp (element, "pane") == 0 &&
             g_strcmp0 (attribute (names, values, "state"), "frozen") == 0)
        book->pane = g_strdup (attribute (names, values, "topLeftCell"));
    else if (strcmp (element, "autoFilter") == 0)
        book->filter = g_strdup (attribute (names, values, "ref"));
    else if (strcmp (element, "col") == 0)
        on_col (book, names, values);
    else if (strcmp (element, "sheet") == 0)
        g_ptr_array_add (book->names,
                         g_strdup (attribute (names, values, "name")));
    else if (strcmp (element, "numFmt") == 0)
        g_hash_table_insert (book->formats, GINT_TO_POINTER (atoi (id)),
                             g_strdup (attribute (names, values,
                                                  "formatCode")));
    else if (strcmp (element, "cellXfs") == 0)
        book->in_xfs = TRUE;
    else if (strcmp (element, "xf") == 0 && book->in_xfs)
        g_array_append_val (book->xf_formats, (int) { atoi (id) });
}

static void
on_end (GMarkupParseContext *context, const char *element, gpointer data,
        GError **error)
{
    Book *book = data;

    if (strcmp (element, "c") == 0)
        book->cell = NULL;
    else if (strcmp (element, "v") == 0 || strcmp (element, "t") == 0)
        book->in_value = FALSE;
    else if (strcmp (element, "cellXfs") == 0)
        book->in_xfs = FALSE;
}

static void
on_text (GMarkupParseContext *context, const char *text, gsize length,
         gpointer data, GError **error)
{
    Book *book = data;

    if (book->in_value)
        g_string_append_len (book->cell->value, text, length);
}

static void
parse_xml (Book *book, const char *xml)
{
    static const GMarkupParser parser = { on_start, on_end, on_text };
    g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (
        &parser, 0, book, NULL);
    g_autoptr (GError) error = NULL;

    assert_non_null (xml);
    if (!g_markup_parse_context_parse (context, xml, -1, &error) ||
        !g_markup_parse_context_end_parse (context, &error))
        fail_msg ("not XML: %s", error->message);
}

/* Reads worksheet number SHEET of the workbook in DATA, with the
 * workbook's sheet names and styles. */
static Book *
book_read (const guchar *data, gsize length, int sheet)
{
    Book *book = g_new0 (Book, 1);
    g_autofree char *path = g_strdup_printf ("xl/worksheets/sheet%d.xml",
                                             sheet);
    const char *parts[] = { path, "xl/workbook.xml", "xl/styles.xml" };

    book->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         cell_free);
    book->widths = g_array_new (FALSE, FALSE, sizeof (double));
    book->names = g_ptr_array_new_with_free_func (g_free);
    book->formats = g_hash_table_new_full (NULL, NULL, NULL, g_free);
    book->xf_formats = g_array_new (FALSE, FALSE, sizeof (int));
    for (gsize i = 0; i < G_N_ELEMENTS (parts); i++) {
        g_autofree char *xml = unzip (data, length, parts[i]);

        parse_xml (book, xml);
    }
    return book;
}

static void
book_free (Book *book)
{
    g_hash_table_unref (book->cells);
    g_array_unref (book->widths);
    g_ptr_array_unref (book->names);
    g_hash_table_unref (book->formats);
    g_array_unref (book->xf_formats);
    g_free (book->pane);
    g_free (book->filter);
    g_free (book);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Book, book_free)

/* The number format of CELL's style: a built-in's id (49 is "@", which
 * libxlsxwriter writes as a custom format) or a custom format's code. */
static char *
cell_format (const Book *book, const Cell *cell)
{
    int id = g_array_index (book->xf_formats, int, cell->style);
    const char *code = g_hash_table_lookup (book->formats,
                                            GINT_TO_POINTER (id));

    return code != NULL ? g_strdup (code) : g_strdup_printf ("%d", id);
}

/* --- The workbooks under test. --- */

/* Everything OUT, a memory stream, received. */
static GBytes *
take_bytes (GOutputStream *out)
{
    assert_true (g_output_stream_close (out, NULL, NULL));
    return g_memory_output_stream_steal_as_bytes (
        G_MEMORY_OUTPUT_STREAM (out));
}

/* No temporary file is left in TMPDIR, which main() made for the tests. */
static void
assert_no_temporary_files (void)
{
    g_autoptr (GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);

    assert_non_null (dir);
    if (g_dir_read_name (dir) != NULL)
        fail_msg ("a temporary file was left in %s", g_get_tmp_dir ());
}

static char *
cell_name (guint column, guint row)
{
    return g_strdup_printf ("%c%u", 'A' + column, row);
}

/* --- Cleaning text for a cell. --- */

static const struct {
    const char *input;
    const char *expected;
    const char *why;
} clean_cases[] = {
    { "plain", "plain", "unchanged" },
    { "", "", "empty" },
    { "a\x01" "b\x1b[31mc", "ab[31mc", "C0 controls removed" },
    { "nul\x02\x08\x0b\x0c\x0e\x1f!", "nul!", "every forbidden C0 control" },
    { "tab\tlf\n", "tab\tlf\n", "XML allows tab and LF" },
    { "crlf\r\ncr\rend\r", "crlf\ncr\nend\n", "CR as LF, as cells break" },
    { "del\x7f c1\xc2\x9b", "del\x7f c1\xc2\x9b", "DEL and C1 are XML" },
    { "bad\xff", "bad\xef\xbf\xbd", "invalid UTF-8 replaced" },
    { "x\xef\xbf\xbfy\xef\xbf\xbez", "xyz", "U+FFFF and U+FFFE removed" },
    { "=1+1", "=1+1", "formulas are the writer's business, not text's" },
    { "\xe7\x94\xa8\xe6\x88\xb7", "\xe7\x94\xa8\xe6\x88\xb7", "UTF-8" },
};

static void
test_clean (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (clean_cases); i++) {
        g_autofree char *got = bs_xlsx_clean (clean_cases[i].input);

        if (strcmp (got, clean_cases[i].expected) != 0)
            fail_msg ("case %zu (%s): got \"%s\"", i, clean_cases[i].why, got);
    }
}

/* Cut to 32,767 UTF-16 units, between characters: 2-byte characters,
 * 4-byte ones (two units each) and ASCII. */
static const struct {
    const char *character;
    gsize repeat;
    gsize kept;
    const char *why;
} long_cases[] = {
    { "a", 40000, 32767, "ASCII" },
    { "\xc3\xa9", 40000, 32767, "two-byte" },
    { "\xf0\x9f\x98\x80", 20000, 16383, "outside the BMP: two units" },
    { "a", 32767, 32767, "exactly the limit" },
};

static void
test_clean_long (void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS (long_cases); i++) {
        g_autoptr (GString) input = g_string_new (NULL);
        g_autofree char *got = NULL;

        for (gsize n = 0; n < long_cases[i].repeat; n++)
            g_string_append (input, long_cases[i].character);
        got = bs_xlsx_clean (input->str);
        if (!g_utf8_validate (got, -1, NULL) ||
            strlen (got) != long_cases[i].kept *
                                strlen (long_cases[i].character))
            fail_msg ("case %zu (%s): %zu bytes", i, long_cases[i].why,
                      strlen (got));
    }
}

/* --- The scan's rows: one row per case, the case's value in its
 * column, read back from the workbook. --- */

typedef enum { TEXT, NUMBER, BLANK } Kind;

static const struct {
    BsColumn column;
    const char *value;
    Kind kind;
    const char *text;   /* TEXT: the string read back */
    double number;      /* NUMBER: the value; a date's is a serial day */
    const char *why;
} scan_cases[] = {
    { BS_COLUMN_STATUS, "5.1.1", TEXT, "5.1.1", 0, "a status, not a date" },
    { BS_COLUMN_REPLY_CODE, "550", TEXT, "550", 0, "a code, not a number" },
    { BS_COLUMN_DIAGNOSTIC, "=HYPERLINK(\"http://x.example\",\"y\")", TEXT,
      "=HYPERLINK(\"http://x.example\",\"y\")", 0, "not a formula" },
    { BS_COLUMN_DIAGNOSTIC, "+1", TEXT, "+1", 0, "plus" },
    { BS_COLUMN_DIAGNOSTIC, "-2", TEXT, "-2", 0, "minus" },
    { BS_COLUMN_DIAGNOSTIC, "@SUM(A1)", TEXT, "@SUM(A1)", 0, "at sign" },
    { BS_COLUMN_DIAGNOSTIC, "550 \x01oops\x1b[0m", TEXT, "550 oops[0m", 0,
      "C0 controls stripped" },
    { BS_COLUMN_DIAGNOSTIC, "a < b & \"c\"", TEXT, "a < b & \"c\"", 0,
      "XML escaping" },
    { BS_COLUMN_DIAGNOSTIC, "  padded ", TEXT, "  padded ", 0,
      "spaces kept" },
    { BS_COLUMN_RECIPIENT, "1e5", TEXT, "1e5", 0, "not a number" },
    { BS_COLUMN_ORIGINAL_SUBJECT, "TRUE", TEXT, "TRUE", 0, "not a boolean" },
    { BS_COLUMN_ORIGINAL_SUBJECT, "2026-01-05", TEXT, "2026-01-05", 0,
      "only bounce_date is a date" },
    { BS_COLUMN_BOUNCE_DATE, "2026-01-05T10:00:00+09:00", NUMBER, NULL,
      46027.0 + 1.0 / 24, "a date, in UTC" },
    { BS_COLUMN_BOUNCE_DATE, "2026-01-05T09:00:00Z", NUMBER, NULL, 46027.375,
      "Z" },
    { BS_COLUMN_BOUNCE_DATE, "2026-01-05", NUMBER, NULL, 46027.0,
      "a bare date is midnight UTC" },
    { BS_COLUMN_BOUNCE_DATE, "", BLANK, NULL, 0, "no date, no cell" },
    { BS_COLUMN_BOUNCE_DATE, "yesterday", TEXT, "yesterday", 0,
      "not a date: kept as text" },
    { BS_COLUMN_BOUNCE_DATE, "1899-12-31T00:00:00Z", TEXT,
      "1899-12-31T00:00:00Z", 0, "before Excel's dates" },
};

static GBytes *
write_scan_cases (void)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsWriter) writer = bs_xlsx_writer_new (out, NULL);

    assert_false (bs_writer_rows_stand_alone (writer));
    assert_true (bs_writer_begin (writer, NULL));
    for (gsize i = 0; i < G_N_ELEMENTS (scan_cases); i++) {
        g_autoptr (BsReport) report = bs_report_new ("case.eml");
        BsRecipient *recipient = bs_recipient_new ();

        g_ptr_array_add (report->recipients, recipient);
        bs_row_set (report, recipient, scan_cases[i].column,
                    scan_cases[i].value);
        assert_true (bs_writer_report (writer, report, NULL));
    }
    assert_true (bs_writer_end (writer, NULL));
    return take_bytes (out);
}

static void
check_cell (const Book *book, gsize i, const Cell *cell)
{
    g_autofree char *format = cell != NULL ? cell_format (book, cell) : NULL;

    if (scan_cases[i].kind == BLANK) {
        if (cell != NULL)
            fail_msg ("case %zu (%s): a cell [%s]", i, scan_cases[i].why,
                      cell->value->str);
        return;
    }
    if (cell == NULL || cell->formula)
        fail_msg ("case %zu (%s): no cell, or a formula", i,
                  scan_cases[i].why);
    if (scan_cases[i].kind == TEXT &&
        (g_strcmp0 (cell->type, "inlineStr") != 0 ||
         strcmp (cell->value->str, scan_cases[i].text) != 0 ||
         (strcmp (format, "@") != 0 && strcmp (format, "49") != 0)))
        fail_msg ("case %zu (%s): t=%s format %s [%s]", i, scan_cases[i].why,
                  cell->type, format, cell->value->str);
    if (scan_cases[i].kind == NUMBER &&
        (cell->type != NULL ||
         fabs (g_ascii_strtod (cell->value->str, NULL) -
               scan_cases[i].number) > 1e-6 ||
         strcmp (format, "yyyy-mm-dd hh:mm:ss \"UTC\"") != 0))
        fail_msg ("case %zu (%s): t=%s format %s [%s]", i, scan_cases[i].why,
                  cell->type, format, cell->value->str);
}

static void
test_scan_cells (void **state)
{
    g_autoptr (GBytes) bytes = write_scan_cases ();
    gsize length;
    const guchar *data = g_bytes_get_data (bytes, &length);
    g_autoptr (Book) book = book_read (data, length, 1);
    g_autofree char *xml = unzip (data, length, "xl/worksheets/sheet1.xml");

    for (gsize i = 0; i < G_N_ELEMENTS (scan_cases); i++) {
        g_autofree char *name = cell_name (scan_cases[i].column, i + 2);

        check_cell (book, i, g_hash_table_lookup (book->cells, name));
    }
    /* The remote text's control bytes are gone, not escaped (_x001B_). */
    assert_null (strchr (xml, '\x1b'));
    assert_null (strchr (xml, '\x01'));
    assert_null (strstr (xml, "_x00"));
    assert_no_temporary_files ();
}

/* The header row: the CSV's names, frozen, filtered, columns widened. */
static void
test_scan_layout (void **state)
{
    g_autoptr (GBytes) bytes = write_scan_cases ();
    gsize length;
    const guchar *data = g_bytes_get_data (bytes, &length);
    g_autoptr (Book) book = book_read (data, length, 1);
    g_autofree char *filter = g_strdup_printf (
        "A1:R%zu", G_N_ELEMENTS (scan_cases) + 1);

    for (int column = 0; column < BS_COLUMN_COUNT; column++) {
        g_autofree char *name = cell_name (column, 1);
        Cell *cell = g_hash_table_lookup (book->cells, name);

        assert_non_null (cell);
        assert_string_equal (cell->value->str, bs_row_column_name (column));
    }
    assert_int_equal (book->names->len, 1);
    assert_string_equal (g_ptr_array_index (book->names, 0), "bounces");
    assert_string_equal (book->pane, "A2");
    assert_string_equal (book->filter, filter);
    assert_int_equal (book->widths->len, BS_COLUMN_COUNT);
    /* "status" and its filter button; the date; a long diagnostic. */
    assert_true (g_array_index (book->widths, double, BS_COLUMN_STATUS) >= 9);
    assert_true (g_array_index (book->widths, double,
                                BS_COLUMN_BOUNCE_DATE) >= 23);
    assert_true (g_array_index (book->widths, double,
                                BS_COLUMN_DIAGNOSTIC) >= 35);
}

/* A diagnostic longer than a cell holds is cut, not refused. */
static void
test_scan_long_cell (void **state)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsWriter) writer = bs_xlsx_writer_new (out, NULL);
    g_autoptr (BsReport) report = bs_report_new ("long.eml");
    BsRecipient *recipient = bs_recipient_new ();
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (Book) book = NULL;
    gsize length;
    const guchar *data;
    Cell *cell;

    recipient->diagnostic = g_strnfill (100000, 'x');
    g_ptr_array_add (report->recipients, recipient);
    assert_true (bs_writer_begin (writer, NULL));
    assert_true (bs_writer_report (writer, report, NULL));
    assert_true (bs_writer_end (writer, NULL));
    bytes = take_bytes (out);
    data = g_bytes_get_data (bytes, &length);
    book = book_read (data, length, 1);
    cell = g_hash_table_lookup (book->cells, "I2");
    assert_non_null (cell);
    assert_int_equal (cell->value->len, BS_XLSX_MAX_CELL);
}

/* --- The report's sheets: typed columns, and rows past a worksheet's
 * size going on in the next. --- */

static const BsSheetColumn sheet_columns[] = {
    { "address", BS_CELL_TYPE_NAME },
    { "hard", BS_CELL_TYPE_NUMBER },
    { "score", BS_CELL_TYPE_NUMBER },
    { "last_seen", BS_CELL_TYPE_DATE },
};

static const struct {
    const char *cells[4];
    const char *types[4];   /* t= of each cell; "-" a number, "" none */
    const char *values[4];
    const char *why;
} sheet_cases[] = {
    { { "a@example.com", "3", "2.5", "2026-03-03T11:00:00Z" },
      { "inlineStr", "-", "-", "-" },
      { "a@example.com", "3", "2.5", "46084.458333333336" }, "typed" },
    { { "550", "0", "-1", "" }, { "inlineStr", "-", "-", "" },
      { "550", "0", "-1", "" }, "an address like a number; no date" },
    { { "", "", "x", "never" }, { "", "", "inlineStr", "inlineStr" },
      { "", "", "x", "never" }, "not numbers, not a date: text" },
    { { "b@example.com", "0x10", "inf", "1" },
      { "inlineStr", "inlineStr", "inlineStr", "inlineStr" },
      { "b@example.com", "0x10", "inf", "1" }, "hex and inf are not ours" },
    { { "c@example.com", "1", "1e2", "" }, { "inlineStr", "-", "-", "" },
      { "c@example.com", "1", "100", "" }, "exponent" },
};

static GBytes *
write_sheet_cases (guint rows_per_sheet)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (BsSheet) sheet = bs_xlsx_sheet_new (
        out, "addresses", sheet_columns, G_N_ELEMENTS (sheet_columns),
        rows_per_sheet, NULL);

    assert_true (bs_sheet_begin (sheet, NULL));
    for (gsize i = 0; i < G_N_ELEMENTS (sheet_cases); i++)
        assert_true (bs_sheet_row (sheet, sheet_cases[i].cells, NULL));
    assert_true (bs_sheet_end (sheet, NULL));
    return take_bytes (out);
}

/* Case I is at ROW of BOOK: each cell as the case says. */
static void
check_sheet_row (const Book *book, gsize i, guint row)
{
    for (guint column = 0; column < G_N_ELEMENTS (sheet_columns); column++) {
        g_autofree char *name = cell_name (column, row);
        Cell *cell = g_hash_table_lookup (book->cells, name);
        const char *type = sheet_cases[i].types[column];

        const char *want = sheet_cases[i].values[column];

        if (*type == '\0' && cell == NULL)
            continue;
        if (cell == NULL || cell->formula ||
            g_strcmp0 (cell->type, *type == '-' ? NULL : type) != 0 ||
            (*type == '-' ? fabs (g_ascii_strtod (cell->value->str, NULL) -
                                  g_ascii_strtod (want, NULL)) > 1e-9
                          : strcmp (cell->value->str, want) != 0))
            fail_msg ("case %zu (%s), %s: t=%s [%s]", i, sheet_cases[i].why,
                      name, cell ? cell->type : "(no cell)",
                      cell ? cell->value->str : "");
    }
}

static void
test_sheet_cells (void **state)
{
    g_autoptr (GBytes) bytes = write_sheet_cases (0);
    gsize length;
    const guchar *data = g_bytes_get_data (bytes, &length);
    g_autoptr (Book) book = book_read (data, length, 1);

    for (gsize i = 0; i < G_N_ELEMENTS (sheet_cases); i++)
        check_sheet_row (book, i, i + 2);
    assert_string_equal (book->pane, "A2");
    assert_string_equal (book->filter, "A1:D6");
}

/* Three rows a worksheet, the header included: two cases on each. */
static void
test_sheet_continues (void **state)
{
    g_autoptr (GBytes) bytes = write_sheet_cases (3);
    gsize length;
    const guchar *data = g_bytes_get_data (bytes, &length);
    const char *names[] = { "addresses", "addresses 2", "addresses 3" };

    for (int sheet = 1; sheet <= 3; sheet++) {
        g_autoptr (Book) book = book_read (data, length, sheet);
        gsize first = (sheet - 1) * 2;
        gsize rows = MIN (2, G_N_ELEMENTS (sheet_cases) - first);
        g_autofree char *filter = g_strdup_printf ("A1:D%zu", rows + 1);

        assert_int_equal (book->names->len, 3);
        assert_string_equal (g_ptr_array_index (book->names, sheet - 1),
                             names[sheet - 1]);
        assert_string_equal (((Cell *) g_hash_table_lookup (
                                  book->cells, "A1"))->value->str,
                             "address");
        for (gsize i = 0; i < rows; i++)
            check_sheet_row (book, first + i, i + 2);
        assert_string_equal (book->pane, "A2");
        assert_string_equal (book->filter, filter);
    }
}

/* A sheet freed before its end writes nothing and leaves no file. */
static void
test_sheet_abandoned (void **state)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    BsSheet *sheet = bs_xlsx_sheet_new (out, "addresses", sheet_columns,
                                        G_N_ELEMENTS (sheet_columns), 0,
                                        NULL);

    assert_true (bs_sheet_begin (sheet, NULL));
    assert_true (bs_sheet_row (sheet, sheet_cases[0].cells, NULL));
    bs_sheet_free (sheet);
    assert_int_equal (g_memory_output_stream_get_data_size (
                          G_MEMORY_OUTPUT_STREAM (out)), 0);
    assert_no_temporary_files ();
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_clean),
        cmocka_unit_test (test_clean_long),
        cmocka_unit_test (test_scan_cells),
        cmocka_unit_test (test_scan_layout),
        cmocka_unit_test (test_scan_long_cell),
        cmocka_unit_test (test_sheet_cells),
        cmocka_unit_test (test_sheet_continues),
        cmocka_unit_test (test_sheet_abandoned),
    };
    const char *base = g_getenv ("TMPDIR");
    g_autofree char *tmp = g_build_filename (base ? base : "/tmp",
                                             "test-xlsx-XXXXXX", NULL);
    int failed;

    /* The writer's temporary files go here, so that the tests can see
     * that none is left. g_get_tmp_dir() reads TMPDIR once: it must not
     * have been called before. */
    assert_non_null (g_mkdtemp (tmp));
    g_setenv ("TMPDIR", tmp, TRUE);
    failed = cmocka_run_group_tests (tests, NULL, NULL);
    g_rmdir (tmp);
    return failed;
}
