/* bs-row.c: one table maps each column to its name and where its value
 * lives, so that every writer prints the same columns the same way. */
#include <stddef.h>

#include "bs-row.h"

typedef enum { IN_REPORT, IN_RECIPIENT, COMPUTED } Owner;

/* REMOTE: the value is a remote server's text, not checked by us. */
enum { NAME, REMOTE };

static const struct {
    BsColumn column;
    const char *name;
    Owner owner;
    size_t offset;
    int kind;
} columns[] = {
    { BS_COLUMN_SOURCE, "source", IN_REPORT, offsetof (BsReport, source),
      NAME },
    { BS_COLUMN_BOUNCE_DATE, "bounce_date", IN_REPORT,
      offsetof (BsReport, bounce_date), NAME },
    { BS_COLUMN_RECIPIENT, "recipient", IN_RECIPIENT,
      offsetof (BsRecipient, recipient), NAME },
    { BS_COLUMN_ACTION, "action", IN_RECIPIENT,
      offsetof (BsRecipient, action), NAME },
    { BS_COLUMN_STATUS, "status", IN_RECIPIENT,
      offsetof (BsRecipient, status), NAME },
    { BS_COLUMN_REPLY_CODE, "reply_code", IN_RECIPIENT,
      offsetof (BsRecipient, reply_code), NAME },
    { BS_COLUMN_CLASS, "class", COMPUTED, 0, NAME },
    { BS_COLUMN_REASON, "reason", IN_RECIPIENT,
      offsetof (BsRecipient, reason), NAME },
    { BS_COLUMN_DIAGNOSTIC, "diagnostic", IN_RECIPIENT,
      offsetof (BsRecipient, diagnostic), REMOTE },
    { BS_COLUMN_REMOTE_MTA, "remote_mta", IN_RECIPIENT,
      offsetof (BsRecipient, remote_mta), REMOTE },
    { BS_COLUMN_REPORTING_MTA, "reporting_mta", IN_REPORT,
      offsetof (BsReport, reporting_mta), REMOTE },
    { BS_COLUMN_ORIGINAL_SENDER, "original_sender", IN_REPORT,
      offsetof (BsReport, original_sender), NAME },
    { BS_COLUMN_ORIGINAL_MESSAGE_ID, "original_message_id", IN_REPORT,
      offsetof (BsReport, original_message_id), REMOTE },
    { BS_COLUMN_ORIGINAL_SUBJECT, "original_subject", IN_REPORT,
      offsetof (BsReport, original_subject), REMOTE },
    { BS_COLUMN_LIST_ID, "list_id", IN_REPORT, offsetof (BsReport, list_id),
      REMOTE },
    { BS_COLUMN_DETECTED_BY, "detected_by", IN_REPORT,
      offsetof (BsReport, detected_by), NAME },
    { BS_COLUMN_RULE, "rule", IN_RECIPIENT, offsetof (BsRecipient, rule),
      NAME },
    { BS_COLUMN_FEEDBACK_TYPE, "feedback_type", IN_RECIPIENT,
      offsetof (BsRecipient, feedback_type), REMOTE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (columns) == BS_COLUMN_COUNT);

gboolean
bs_row_column_is_remote (BsColumn column)
{
    return (guint) column < G_N_ELEMENTS (columns) &&
           columns[column].kind == REMOTE;
}

const char *
bs_row_column_name (BsColumn column)
{
    if ((guint) column >= G_N_ELEMENTS (columns))
        return NULL;
    return columns[column].name;
}

gboolean
bs_row_column_from_name (const char *name, BsColumn *column)
{
    for (gsize i = 0; name != NULL && i < G_N_ELEMENTS (columns); i++) {
        if (g_strcmp0 (columns[i].name, name) == 0) {
            *column = columns[i].column;
            return TRUE;
        }
    }
    return FALSE;
}

const char *
bs_row_get (const BsReport *report, const BsRecipient *recipient,
            BsColumn column)
{
    const char *value = NULL;

    if ((guint) column >= G_N_ELEMENTS (columns))
        return "";
    switch (columns[column].owner) {
    case IN_REPORT:
        value = *(char *const *) ((const char *) report +
                                  columns[column].offset);
        break;
    case IN_RECIPIENT:
        value = *(char *const *) ((const char *) recipient +
                                  columns[column].offset);
        break;
    case COMPUTED:
        value = bs_class_to_string (recipient->klass);
        break;
    }
    return value != NULL ? value : "";
}

void
bs_row_set (BsReport *report, BsRecipient *recipient, BsColumn column,
            const char *value)
{
    char **field = NULL;

    if ((guint) column >= G_N_ELEMENTS (columns))
        return;
    switch (columns[column].owner) {
    case IN_REPORT:
        field = (char **) ((char *) report + columns[column].offset);
        break;
    case IN_RECIPIENT:
        field = (char **) ((char *) recipient + columns[column].offset);
        break;
    case COMPUTED:
        bs_class_from_string (value, &recipient->klass);
        return;
    }
    bs_set_string (field, value != NULL && *value != '\0' ? value : NULL);
}
