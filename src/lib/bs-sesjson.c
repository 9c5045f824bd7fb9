/* bs-sesjson.c: Amazon SES event notifications. The JSON object sits in a
 * text/plain body, possibly followed by SNS's unsubscribe footer; long
 * lines may have been split by a relay with Sendmail's "!" continuation
 * (a '!', a line break and a space), which is undone before parsing. An
 * "email-json" subscription sends SNS's own envelope instead ({"Type" :
 * "Notification", ..., "Message" : "<the SES JSON as a string>"}), so the
 * event is decoded from that string. Field names follow the SES developer
 * guide (notification-contents.md; event-publishing-retrieving-sns-
 * contents.md for eventType and DeliveryDelay). */
#include <json-glib/json-glib.h>
#include <string.h>

#include "bs-address.h"
#include "bs-original.h"
#include "bs-sesjson.h"
#include "bs-text.h"

/* The keys an SES event or its SNS envelope opens with: notificationType
 * (notifications), eventType (event publishing), Type (SNS). */
static const char *const opening_keys[] = {
    "\"notificationType\"", "\"eventType\"", "\"Type\"", NULL,
};

/* The '{' that opens the object whose member starts at KEY in TEXT: the
 * one just before it, blanks aside, else the first of the text. */
static const char *
object_start (const char *text, const char *key)
{
    const char *start = key;

    while (start > text && g_ascii_isspace (start[-1]))
        start--;
    if (start > text && start[-1] == '{')
        return start - 1;
    start = strchr (text, '{');
    return start != NULL && start < key ? start : NULL;
}

/* The JSON object in TEXT: from the '{' that opens the first of the
 * opening_keys to the last '}', with split lines joined again (a line
 * break is never part of a JSON token or string). (transfer full) */
static char *
extract_json (const char *text)
{
    const char *key = NULL;
    const char *start;
    const char *end = strrchr (text, '}');
    GString *json;

    for (const char *const *name = opening_keys; *name != NULL; name++) {
        const char *hit = strstr (text, *name);

        if (hit != NULL && (key == NULL || hit < key))
            key = hit;
    }
    if (key == NULL || (start = object_start (text, key)) == NULL ||
        end == NULL || end < key)
        return NULL;
    json = g_string_new_len (start, end - start + 1);
    g_string_replace (json, "!\n ", "", 0);
    g_string_replace (json, "\r", "", 0);
    g_string_replace (json, "\n", "", 0);
    return g_string_free (json, FALSE);
}

/* The member NAME of OBJECT if it holds TYPE, else NULL; OBJECT may be
 * NULL, so lookups chain without checks. */
static JsonNode *
member (JsonObject *object, const char *name, JsonNodeType type)
{
    JsonNode *node = object != NULL ? json_object_get_member (object, name)
                                    : NULL;

    return node != NULL && JSON_NODE_TYPE (node) == type ? node : NULL;
}

static const char *
member_string (JsonObject *object, const char *name)
{
    JsonNode *node = member (object, name, JSON_NODE_VALUE);

    return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING
        ? json_node_get_string (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object, const char *name)
{
    JsonNode *node = member (object, name, JSON_NODE_OBJECT);

    return node != NULL ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object, const char *name)
{
    JsonNode *node = member (object, name, JSON_NODE_ARRAY);

    return node != NULL ? json_node_get_array (node) : NULL;
}

/* What every row of one event shares. */
typedef struct {
    const char *action;       /* when a recipient names none */
    const char *feedback;     /* complaints only */
    const char *diagnostic;   /* when a recipient gives none */
    const char *note;         /* SES's own reading of the event */
} Event;

/* One row per element of LIST, an address or an object with one. */
static void
add_recipients (BsReport *report, JsonArray *list, const Event *event)
{
    for (guint i = 0; list != NULL && i < json_array_get_length (list); i++) {
        JsonNode *node = json_array_get_element (list, i);
        JsonObject *item = JSON_NODE_HOLDS_OBJECT (node)
            ? json_node_get_object (node) : NULL;
        const char *address = JSON_NODE_HOLDS_VALUE (node)
            ? json_node_get_string (node)
            : member_string (item, "emailAddress");
        const char *diagnostic = member_string (item, "diagnosticCode");
        const char *action = member_string (item, "action");
        char *normalised = bs_address_parse (address);
        BsRecipient *recipient;

        if (normalised == NULL)
            continue;
        recipient = bs_recipient_new ();
        recipient->recipient = normalised;
        recipient->action = g_strdup (action ? action : event->action);
        recipient->status_field = g_strdup (member_string (item, "status"));
        recipient->status_note = g_strdup (event->note);
        recipient->diagnostic = bs_text_one_line (
            bs_text_skip_type (diagnostic ? diagnostic : event->diagnostic,
                               NULL), -1);
        recipient->feedback_type = g_strdup (event->feedback);
        g_ptr_array_add (report->recipients, recipient);
    }
}

static void
read_mail (BsReport *report, JsonObject *mail)
{
    JsonObject *common = member_object (mail, "commonHeaders");
    JsonArray *from = member_array (common, "from");

    bs_set_string (&report->original_message_id,
                   member_string (mail, "messageId"));
    bs_set_string (&report->original_subject,
                   member_string (common, "subject"));
    if (from != NULL && json_array_get_length (from) > 0)
        report->original_sender = bs_address_parse (
            json_array_get_string_element (from, 0));
    if (report->original_sender == NULL)
        report->original_sender = bs_address_parse (
            member_string (mail, "source"));
}

/* What SES means by each bounce type and subtype, in the guide's words
 * (notification-contents.md, "Bounce types"): the rules read them with
 * the remote server's. General and Undetermined say nothing more. */
static const struct {
    const char *type;
    const char *subtype;
    const char *meaning;
} bounce_types[] = {
    { "Permanent", "NoEmail", "permanent bounce: the target email address "
      "does not exist" },
    { "Permanent", "Suppressed", "permanent bounce: suppressed, the "
      "address is on the SES suppression list" },
    { "Permanent", "OnAccountSuppressionList", "permanent bounce: "
      "suppressed, the address is on the account-level suppression list" },
    { "Transient", "MailboxFull", "transient bounce: mailbox full" },
    { "Transient", "MessageTooLarge", "transient bounce: message too large" },
    { "Transient", "ContentRejected", "transient bounce: content rejected" },
    { "Transient", "AttachmentRejected", "transient bounce: attachment "
      "rejected" },
};

/* The meaning of BOUNCE's bounceType and bounceSubType, or NULL. */
static const char *
bounce_meaning (JsonObject *bounce)
{
    const char *type = member_string (bounce, "bounceType");
    const char *subtype = member_string (bounce, "bounceSubType");

    for (gsize i = 0; i < G_N_ELEMENTS (bounce_types); i++)
        if (g_strcmp0 (type, bounce_types[i].type) == 0 &&
            g_strcmp0 (subtype, bounce_types[i].subtype) == 0)
            return bounce_types[i].meaning;
    return NULL;
}

/* A delay type (event publishing's DeliveryDelay: "MailboxFull",
 * "SpamDetected", "RecipientServerError", ...) in words: "delayed:
 * mailbox full". (transfer full) */
static char *
delay_meaning (JsonObject *delay)
{
    const char *type = member_string (delay, "delayType");
    GString *words;

    if (type == NULL)
        return NULL;
    words = g_string_new ("delayed:");
    for (const char *p = type; *p != '\0' && words->len < 80; p++) {
        if (g_ascii_isupper (*p) || p == type)
            g_string_append_c (words, ' ');
        g_string_append_c (words, g_ascii_tolower (*p));
    }
    return g_string_free (words, FALSE);
}

static void
read_bounce (BsReport *report, JsonObject *bounce)
{
    Event event = { "failed", NULL, NULL, bounce_meaning (bounce) };

    bs_set_string (&report->reporting_mta, bs_text_skip_type (
                       member_string (bounce, "reportingMTA"), NULL));
    add_recipients (report, member_array (bounce, "bouncedRecipients"),
                    &event);
}

static void
read_complaint (BsReport *report, JsonObject *complaint)
{
    const char *feedback = member_string (complaint, "complaintFeedbackType");
    Event event = { NULL, feedback ? feedback : "other", NULL, NULL };

    add_recipients (report, member_array (complaint, "complainedRecipients"),
                    &event);
}

static void
read_delivery (BsReport *report, JsonObject *delivery)
{
    Event event = { "delivered", NULL,
                     member_string (delivery, "smtpResponse"), NULL };

    add_recipients (report, member_array (delivery, "recipients"), &event);
}

static void
read_delay (BsReport *report, JsonObject *delay)
{
    g_autofree char *meaning = delay_meaning (delay);
    Event event = { "delayed", NULL, NULL, meaning };

    bs_set_string (&report->reporting_mta, bs_text_skip_type (
                       member_string (delay, "reportingMTA"), NULL));
    add_recipients (report, member_array (delay, "delayedRecipients"),
                    &event);
}

/* Each event type that reports on recipients: its name (notificationType
 * or eventType), the member that describes it, and how to read that. */
static const struct {
    const char *type;
    const char *member;
    void (*read) (BsReport *report, JsonObject *object);
} event_types[] = {
    { "Bounce", "bounce", read_bounce },
    { "Complaint", "complaint", read_complaint },
    { "Delivery", "delivery", read_delivery },
    { "DeliveryDelay", "deliveryDelay", read_delay },
};

static void
read_event (BsReport *report, JsonObject *root)
{
    const char *type = member_string (root, "notificationType");

    if (type == NULL)
        type = member_string (root, "eventType");
    for (gsize i = 0; i < G_N_ELEMENTS (event_types); i++) {
        JsonObject *object = member_object (root, event_types[i].member);

        if (g_strcmp0 (type, event_types[i].type) == 0 && object != NULL) {
            event_types[i].read (report, object);
            break;
        }
    }
    read_mail (report, member_object (root, "mail"));
}

/* The root object of JSON, parsed by PARSER, or NULL. */
static JsonObject *
parse_object (JsonParser *parser, const char *json)
{
    JsonNode *root;

    if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
        return NULL;
    root = json_parser_get_root (parser);
    return root != NULL && JSON_NODE_HOLDS_OBJECT (root)
        ? json_node_get_object (root) : NULL;
}

gboolean
bs_sesjson_read (BsReport *report, BsInput *input)
{
    g_autofree char *json = extract_json (bs_input_text (input));
    g_autoptr (JsonParser) parser = NULL;
    g_autoptr (JsonParser) inner = NULL;
    JsonObject *root;

    if (json == NULL)
        return FALSE;
    parser = json_parser_new ();
    if ((root = parse_object (parser, json)) == NULL)
        return FALSE;
    /* SNS's envelope holds the SES event as a string (SNS developer
     * guide, HTTP/HTTPS notification JSON format). */
    if (g_strcmp0 (member_string (root, "Type"), "Notification") == 0) {
        inner = json_parser_new ();
        root = parse_object (inner, member_string (root, "Message"));
        if (root == NULL)
            return FALSE;
        bs_report_trace (report, "  SES event inside an SNS notification");
    }
    read_event (report, root);
    return report->recipients->len > 0;
}
