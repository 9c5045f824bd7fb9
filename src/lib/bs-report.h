/* bs-report.h: the result of reading one message. */
#pragma once

#include <glib.h>

#include "bs-class.h"

G_BEGIN_DECLS

/* One recipient the message reports on. Every string is owned by the
 * recipient and is NULL when the message did not say. */
typedef struct {
    char *recipient;           /* the address the list sent to (see
                                * bs-subscriber.h); NULL when the bounce
                                * names none that a list could hold */
    char *original_recipient;  /* Original-Recipient, address only */
    char *action;              /* failed, delayed, delivered, relayed, ... */
    char *status;              /* the most specific enhanced code known */
    char *status_field;        /* the Status field as the MTA wrote it */
    char *status_note;         /* the Status field's comment, its words
                                * for what the status means */
    char *status_text;         /* the enhanced code found in the diagnostic */
    char *reply_code;          /* SMTP reply code found in the diagnostic */
    char *diagnostic_type;     /* "smtp", "x-postfix", ... */
    char *command;             /* SMTP command refused: "rcpt", "data" */
    char *diagnostic;          /* the diagnostic text, on one line */
    char *remote_mta;
    char *last_attempt_date;
    char *will_retry_until;
    char *feedback_type;       /* ARF Feedback-Type, complaints only */
    char *reason;              /* reason word, from the rules */
    char *rule;                /* "file:line" of the deciding rule */
    BsClass klass;
} BsRecipient;

/* A newly allocated, empty recipient. (transfer full) */
BsRecipient *bs_recipient_new (void);

/* Frees RECIPIENT and everything it owns; NULL is fine. */
void bs_recipient_free (BsRecipient *recipient);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsRecipient, bs_recipient_free)

/* Everything learnt from one message. */
typedef struct {
    char *source;               /* where the message came from */
    char *bounce_date;          /* ISO 8601 */
    char *reporting_mta;
    char *received_from_mta;
    char *arrival_date;
    char *original_envelope_id;
    char *original_sender;      /* of the returned original message */
    char *original_message_id;
    char *original_subject;     /* decoded to UTF-8 */
    char *list_id;
    char *original_to;          /* the returned message's To, when it
                                 * names one mailbox */
    char *detected_by;          /* the reader that recognised it, or NULL */
    char *message_id;           /* the bounce's own Message-ID */
    char *fingerprint;          /* when asked for: identifies the message
                                 * (its Message-ID and a SHA-256 of its
                                 * bytes), so a history counts it once */
    GPtrArray *recipients;      /* of BsRecipient, owned */
    GPtrArray *notes;           /* of char *: why a field is missing, ... */
    GPtrArray *trace;           /* of char *: a step-by-step account, only
                                 * kept when BsOptions.trace is set */
} BsReport;

/* A newly allocated, empty report for SOURCE (copied; may be NULL).
 * (transfer full) */
BsReport *bs_report_new (const char *source);

/* Frees REPORT, its recipients and notes; NULL is fine. */
void bs_report_free (BsReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BsReport, bs_report_free)

/* Appends a printf-style note to REPORT: something a reader noticed about
 * the message (junk lines, a missing field) that the caller may show. */
void bs_report_note (BsReport *report, const char *format, ...)
    G_GNUC_PRINTF (2, 3);

/* Appends a printf-style line to REPORT's trace when tracing is on, and
 * does nothing otherwise, so callers need not check. */
void bs_report_trace (BsReport *report, const char *format, ...)
    G_GNUC_PRINTF (2, 3);

/* Replaces the string at *FIELD by a copy of VALUE (NULL clears it). */
void bs_set_string (char **field, const char *value);

G_END_DECLS
