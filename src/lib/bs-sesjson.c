/* bs-sesjson.c: Amazon SES event notifications. The JSON object sits in a
 * text/plain body, possibly followed by SNS's unsubscribe footer; long
 * lines may have been split by a relay with Sendmail's "!" continuation
 * (a '!', a line break and a space), which is undone before parsing. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "bs-address.h"
#include "bs-original.h"
#include "bs-sesjson.h"
#include "bs-text.h"


/* The JSON object in TEXT: from the first '{' to the last '}', with split
 * lines joined again. (transfer full) */
static char *
extract_json (const char *text)
{
    const char *start = strstr (text, "{\"notificationType\"");
    const char *end = strrchr (text, '}');
    GString *json;

    if (start == NULL || end == NULL || end < start)
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

    return node != NULL ? json_node_get_string (node) : NULL;
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

/* One row per element of LIST; ACTION, FEEDBACK and DEFAULT_DIAGNOSTIC
 * apply to all of them. */
static void
add_recipients (BsReport *report, JsonArray *list, const char *action,
                const char *feedback, const char *default_diagnostic)
{
    for (guint i = 0; list != NULL && i < json_array_get_length (list); i++) {
        JsonNode *node = json_array_get_element (list, i);
        JsonObject *item = JSON_NODE_HOLDS_OBJECT (node)
            ? json_node_get_object (node) : NULL;
        const char *address = JSON_NODE_HOLDS_VALUE (node)
            ? json_node_get_string (node) : member_string (item, "emailAddress");
        const char *diagnostic = member_string (item, "diagnosticCode");
        char *normalised = bs_address_parse (address);
        BsRecipient *recipient;

        if (normalised == NULL)
            continue;
        recipient = bs_recipient_new ();
        recipient->recipient = normalised;
        recipient->action = g_strdup (member_string (item, "action")
                                      ? member_string (item, "action")
                                      : action);
        recipient->status_field = g_strdup (member_string (item, "status"));
        recipient->diagnostic = bs_text_one_line (
            bs_text_skip_type (diagnostic ? diagnostic : default_diagnostic,
                               NULL), -1);
        recipient->feedback_type = g_strdup (feedback);
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

static void
read_event (BsReport *report, JsonObject *root)
{
    const char *type = member_string (root, "notificationType");
    JsonObject *bounce = member_object (root, "bounce");
    JsonObject *complaint = member_object (root, "complaint");
    JsonObject *delivery = member_object (root, "delivery");

    if (g_strcmp0 (type, "Bounce") == 0 && bounce != NULL) {
        bs_set_string (&report->reporting_mta, bs_text_skip_type (
                           member_string (bounce, "reportingMTA"), NULL));
        add_recipients (report, member_array (bounce, "bouncedRecipients"),
                        "failed", NULL, NULL);
    } else if (g_strcmp0 (type, "Complaint") == 0 && complaint != NULL) {
        const char *feedback = member_string (complaint,
                                              "complaintFeedbackType");

        add_recipients (report, member_array (complaint,
                                              "complainedRecipients"),
                        NULL, feedback ? feedback : "other", NULL);
    } else if (g_strcmp0 (type, "Delivery") == 0 && delivery != NULL) {
        add_recipients (report, member_array (delivery, "recipients"),
                        "delivered", NULL,
                        member_string (delivery, "smtpResponse"));
    }
    read_mail (report, member_object (root, "mail"));
}

gboolean
bs_sesjson_read (BsReport *report, BsInput *input)
{
    g_autofree char *json = extract_json (bs_input_text (input));
    g_autoptr (JsonParser) parser = NULL;
    JsonNode *root;

    if (json == NULL)
        return FALSE;
    parser = json_parser_new ();
    if (!json_parser_load_from_data (parser, json, -1, NULL))
        return FALSE;
    root = json_parser_get_root (parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return FALSE;
    read_event (report, json_node_get_object (root));
    return report->recipients->len > 0;
}
