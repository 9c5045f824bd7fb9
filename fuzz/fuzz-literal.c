/* fuzz-literal.c: libFuzzer harness for the rules' literal prefilter. The
 * input is a pattern, a newline, and a text; whenever the pattern compiles
 * and matches the text, the prefilter must let the text through. A
 * prefilter that refuses a match would silently change a verdict, so this
 * is an abort, not a statistic. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bs-literal.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    const char *newline = memchr (data, '\n', size);
    g_autofree char *pattern = NULL;
    g_autofree char *text = NULL;
    g_autoptr (BsLiteralText) folded = NULL;
    g_auto (GStrv) needles = NULL;
    g_autoptr (BsLiteralFilter) filter = NULL;
    g_autoptr (GRegex) regex = NULL;
    gsize text_length;

    if (newline == NULL)
        return 0;
    pattern = g_strndup ((const char *) data, newline - (const char *) data);
    text_length = size - (newline - (const char *) data) - 1;
    text = g_strndup (newline + 1, text_length);
    text_length = strlen (text);
    if (!g_utf8_validate (pattern, -1, NULL) ||
        !g_utf8_validate (text, -1, NULL))
        return 0;
    regex = g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0,
                         NULL);
    if (regex == NULL)
        return 0;
    needles = bs_literal_needles (pattern);
    filter = bs_literal_filter_new (pattern);
    folded = bs_literal_fold (text, text_length);
    if (g_regex_match (regex, text, 0, NULL) &&
        (!bs_literal_any (needles, folded) ||
         !bs_literal_filter_passes (filter, folded)))
        abort ();
    return 0;
}
