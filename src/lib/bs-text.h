/* bs-text.h: small text helpers shared by the readers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A copy of the LENGTH bytes at TEXT on one line: CR, LF and tabs become
 * spaces, runs of white space collapse to one, the ends are trimmed, and
 * invalid UTF-8 is replaced. (transfer full) */
char *bs_text_one_line (const char *text, gssize length);

/* Strips an RFC 3464 type prefix ("rfc822;", "dns;", "smtp;") from VALUE
 * and returns a pointer into VALUE after it and any white space; VALUE
 * itself when there is no prefix. If TYPE is not NULL it receives a newly
 * allocated lower-case copy of the type, or NULL. (transfer none) */
const char *bs_text_skip_type (const char *value, char **type);


/* The text of the HTML document HTML: tags dropped (script and style with
 * their content), block ends (br, p, div, tr, li, headings) as line breaks,
 * the common entities and numeric references decoded. Good enough for the
 * notices MTAs write, not a browser. (transfer full) */
char *bs_text_from_html (const char *html);

/* A copy of TEXT's first LENGTH bytes with ASCII letters in lower case:
 * g_ascii_strdown() without a call per byte, for the long texts folded
 * once per message. (transfer full) */
char *bs_text_ascii_down (const char *text, gsize length);

/* TRUE if the LENGTH bytes at TEXT are all ASCII and none is NUL, hence
 * valid UTF-8 as they stand. Eight bytes at a time: most mail is ASCII,
 * and g_utf8_validate_len() takes a byte at a time. */
gboolean bs_text_is_ascii (const char *text, gsize length);

/* TEXT lower-cased: ASCII letters in place of a copy when TEXT is all
 * ASCII, g_utf8_strdown() otherwise. TEXT must be valid UTF-8.
 * (transfer full) */
char *bs_text_down (const char *text);

/* DATE as ISO 8601 with its offset, "2026-01-05T10:00:00+09:00": what
 * g_date_time_format() gives for "%Y-%m-%dT%H:%M:%S%:z", without parsing
 * a format for every message. (transfer full) */
char *bs_text_iso_date (GDateTime *date);

G_END_DECLS
