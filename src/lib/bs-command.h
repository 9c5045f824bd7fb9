/* bs-command.h: which SMTP command a remote server refused. */
#pragma once

#include <glib.h>

#include "bs-report.h"

G_BEGIN_DECLS

/* The SMTP command named in TEXT as the one refused, from the wordings MTAs
 * use ("in reply to end of DATA command", a ">>> RCPT TO" transcript line,
 * ...): "connect", "helo", "mail", "rcpt" or "data"; NULL when TEXT does
 * not say. (transfer none: a static string) */
const char *bs_command_find (const char *text);

/* Removes, in place, the reply-code prefixes that repeat on each line of a
 * multi-line SMTP reply once unfolded: "550-5.1.1 The account 550-5.1.1
 * does not exist" becomes "550-5.1.1 The account does not exist", so that
 * rules see the server's sentence whole. */
void bs_command_join_reply (char *text);

/* Sets the command of each recipient of REPORT that has none yet and
 * whose diagnostic names none to the one FOLDED names, if any: the
 * bounce's human-readable text (where Sendmail and others put the SMTP
 * transcript) with ASCII letters in lower case, bs_input_folded(). */
void bs_command_from_text (BsReport *report, const char *folded);

G_END_DECLS
