/* bs-charsets.c: converters held open so that glibc keeps the charset
 * modules loaded (see bs-charsets.h). */
#include <iconv.h>

#include "bs-charsets.h"
#include "bs-gmime.h"

/* Charsets of mail seen in the field, beyond UTF-8 and US-ASCII, which
 * glibc converts without loading a module. Latin-1 is not built in: left
 * out, its module was loaded and unloaded some 40 times per 10,000
 * messages, a few page faults and system calls each time. */
static const char *const held_charsets[] = {
    "ISO-8859-1", "ISO-2022-JP", "Shift_JIS", "EUC-JP", "ISO-8859-2",
    "ISO-8859-15", "windows-1250", "windows-1251", "windows-1252", "KOI8-R",
    "GB2312", "GB18030", "Big5", "EUC-KR", "ISO-2022-KR",
};

struct _BsCharsets {
    GArray *converters;   /* iconv_t */
};

static void
hold (BsCharsets *charsets, const char *charset)
{
    iconv_t converter = iconv_open ("UTF-8",
                                    g_mime_charset_iconv_name (charset));

    if (converter != (iconv_t) -1)
        g_array_append_val (charsets->converters, converter);
}

BsCharsets *
bs_charsets_hold (void)
{
    BsCharsets *charsets = g_new0 (BsCharsets, 1);

    charsets->converters = g_array_new (FALSE, FALSE, sizeof (iconv_t));
    for (gsize i = 0; i < G_N_ELEMENTS (held_charsets); i++)
        hold (charsets, held_charsets[i]);
    /* GMime tries the locale's charset on 8-bit header text. */
    hold (charsets, g_mime_locale_charset ());
    return charsets;
}

void
bs_charsets_release (BsCharsets *charsets)
{
    if (charsets == NULL)
        return;
    for (guint i = 0; i < charsets->converters->len; i++)
        iconv_close (g_array_index (charsets->converters, iconv_t, i));
    g_array_unref (charsets->converters);
    g_free (charsets);
}
