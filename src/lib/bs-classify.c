/* bs-classify.c: derived fields and the fallback class. RFC 3463 section 3
 * gives the class digit's meaning: 2 success, 4 persistent transient
 * failure, 5 permanent failure. */
#include <string.h>

#include "bs-classify.h"
#include "bs-command.h"
#include "bs-smtpcode.h"

static gboolean
action_is_success (const char *action)
{
    return action != NULL &&
        (strcmp (action, "delivered") == 0 || strcmp (action, "relayed") == 0 ||
         strcmp (action, "expanded") == 0);
}

static gboolean
is_success (const BsSmtpCode *code)
{
    return code->reply_code[0] == '2' || code->reply_code[0] == '3' ||
           code->status[0] == '2';
}

/* The codes of TEXT, skipping the successes of a session transcript
 * ("250 2.1.5 Ok", "354 End data with ...") that come before the reply
 * that failed; the first codes when no failure follows (a delivery
 * notice). */
static gboolean
failure_codes (const char *text, BsSmtpCode *code)
{
    gsize length = strlen (text);
    gsize from = 0;
    BsSmtpCode later;

    if (!bs_smtpcode_scan (text, length, code))
        return FALSE;
    for (const BsSmtpCode *at = code; is_success (at);) {
        from += MAX (at->reply_offset, at->status_offset) + 3;
        if (from >= length || !bs_smtpcode_scan (text + from, length - from,
                                                 &later))
            break;
        if (!is_success (&later)) {
            *code = later;
            break;
        }
        at = &later;
    }
    return TRUE;
}

void
bs_classify_complete (BsRecipient *recipient)
{
    BsSmtpCode code;
    const char *best;

    bs_command_join_reply (recipient->diagnostic);
    if (recipient->command == NULL)
        recipient->command = g_strdup (bs_command_find (recipient->diagnostic));
    if (recipient->command == NULL)
        recipient->command = g_strdup (bs_command_find (recipient->status_note));

    if (recipient->diagnostic != NULL &&
        failure_codes (recipient->diagnostic, &code)) {
        if (*code.status && recipient->status_text == NULL)
            recipient->status_text = g_strdup (code.status);
        if (*code.reply_code && recipient->reply_code == NULL)
            recipient->reply_code = g_strdup (code.reply_code);
    }
    best = bs_smtpcode_more_specific (recipient->status_field,
                                      recipient->status_text);
    if (recipient->status == NULL && best != NULL && *best != '\0')
        recipient->status = g_strdup (best);
    if (recipient->action == NULL && recipient->status != NULL) {
        const char *inferred = recipient->status[0] == '2' ? "delivered"
                             : recipient->status[0] == '4' ? "delayed"
                                                           : "failed";
        recipient->action = g_strdup (inferred);
    }
}

void
bs_classify_infer_status (BsRecipient *recipient)
{
    /* No code anywhere: the action still tells the class, and RFC 3463's
     * X.0.0 ("other undefined status") says exactly that much. */
    if (recipient->status != NULL)
        return;
    /* A failure whose only code is a 4xx reply (a transcript's "421 ...
     * Deferred" after which the MTA gave up) says transient, as RFC 3463
     * 4.x.x does, whatever the action. */
    if (recipient->reply_code != NULL && recipient->reply_code[0] == '4' &&
        recipient->action != NULL && !action_is_success (recipient->action))
        recipient->status = g_strdup ("4.0.0");
    else if (recipient->action != NULL)
        recipient->status = g_strdup (
            action_is_success (recipient->action) ? "2.0.0"
            : strcmp (recipient->action, "delayed") == 0 ? "4.0.0"
            : "5.0.0");
}

void
bs_classify_fallback (BsRecipient *recipient)
{
    char digit = recipient->status != NULL ? recipient->status[0]
               : recipient->reply_code != NULL ? recipient->reply_code[0]
                                               : '\0';
    gboolean no_code = recipient->status_field == NULL &&
        recipient->status_text == NULL && recipient->reply_code == NULL;

    /* With no code at all nothing says the address is bad: soft. */
    if (action_is_success (recipient->action) || digit == '2')
        recipient->klass = BS_CLASS_DELIVERED;
    else if (digit == '5' && !no_code)
        recipient->klass = BS_CLASS_HARD;
    else
        recipient->klass = BS_CLASS_SOFT;
    bs_set_string (&recipient->reason,
                   recipient->klass == BS_CLASS_DELIVERED ? "delivered"
                   : no_code                              ? "onhold"
                                                          : "undefined");
    bs_set_string (&recipient->rule, "fallback");
}

