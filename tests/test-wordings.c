/* test-wordings.c: the default rules on what mail systems actually say.
 * Each case is one diagnostic as an MTA or provider writes it (the source
 * named in the case), with the SMTP phase and Status field a bounce would
 * give, and the reason and class the rules must decide. The default rules
 * are read from the source tree ($top_srcdir/rules/default.rules). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bs-classify.h"
#include "bs-rules.h"

static const struct {
    const char *diagnostic;
    const char *status;     /* the Status field, or NULL */
    const char *command;    /* the SMTP phase, or NULL */
    const char *expected;   /* "reason class" */
    const char *why;
} cases[] = {
    /* The phase decides what "user unknown" words prove. */
    { "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown "
      "in virtual mailbox table", "5.1.1", "rcpt", "userunknown hard",
      "Postfix smtpd_check.c, at RCPT" },
    { "550 <a@example.com>: User unknown", "5.0.0", "rcpt",
      "userunknown hard", "no status, but at RCPT TO" },
    { "550 <a@example.com>: User unknown", "5.0.0", NULL, "filtered soft",
      "neither a phase nor x.1.1: a filter may say so" },
    { "550 Unknown user a@example.jp", "5.0.0", "data", "filtered soft",
      "after DATA: a carrier's reception refusal (NTT docomo FAQ)" },
    { "553 5.1.0 a@example.com does not exist", "5.1.0", "mail",
      "rejected soft", "Exim after MAIL FROM: our sender" },
    { "unknown user: \"anna\"", "5.1.1", NULL, "userunknown hard",
      "Postfix local(8) unknown.c" },
    { "Sorry, no mailbox here by that name. (#5.1.1)", NULL, NULL,
      "userunknown hard", "qmail-local.c" },
    { "User Harald Vogt not listed in Domino Directory", NULL, NULL,
      "userunknown hard", "Domino, the reporting system's own directory" },
    { "550 5.1.1 The email account that you tried to reach does not exist. "
      "Please try double-checking the recipient's email address", "5.1.1",
      "rcpt", "userunknown hard", "Gmail SMTP error reference" },
    { "554 delivery error: dd This user doesn't have a yahoo.com account "
      "(a@yahoo.com) [0]", "5.0.0", "data", "userunknown hard",
      "Yahoo help sln3275: refused after the message" },
    { "550 5.4.1 Recipient address rejected: Access denied. "
      "AS(201806281) [x.eop.example]", "5.4.1", "rcpt", "userunknown hard",
      "Microsoft 365 Directory Based Edge Blocking" },
    { "554 5.7.1 <a@example.org>: Recipient address rejected: Access denied",
      "5.7.1", "rcpt", "securityerror soft",
      "a Postfix check_recipient_access REJECT: policy" },
    { "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by "
      "SMTP address lookup", "5.1.10", NULL, "userunknown hard",
      "Exchange Online 5.1.10" },
    { "550 No mail box available for this user", "5.0.0", "rcpt",
      "userunknown hard", "a wording beyond the training files" },
    { "550 a@example.com is not an active address at this host", "5.0.0",
      "rcpt", "userunknown hard", "a wording beyond the training files" },
    { "550 5.1.1 BAD_RECIPIENT", "5.1.1", NULL, "userunknown hard",
      "a wording beyond the training files" },
    { "553 sorry, that domain isn't in my list of allowed rcpthosts; "
      "badrcptto", "5.0.0", "rcpt", "userunknown hard",
      "qmail's badrcptto patch" },
    /* Non-English wordings. */
    { "550 5.1.1 Benutzer nicht bekannt / User unknown", "5.1.1", NULL,
      "userunknown hard", "web.de, German" },
    { "550 Empf\xc3\xa4ngeradresse existiert nicht", "5.0.0", "rcpt",
      "userunknown hard", "German" },
    { "550 5.1.1 Adresse inconnue", "5.1.1", NULL, "userunknown hard",
      "French" },
    { "550 utilisateur inconnu", "5.0.0", "rcpt", "userunknown hard",
      "French, at RCPT" },
    { "550 Usuario desconocido", "5.0.0", "rcpt", "userunknown hard",
      "Spanish" },
    { "550 utente sconosciuto", "5.0.0", "rcpt", "userunknown hard",
      "Italian" },
    { "550 Usu\xc3\xa1rio desconhecido", "5.0.0", "rcpt", "userunknown hard",
      "Portuguese (Brazil)" },
    { "550 U\xc5\xbcytkownik nie istnieje", "5.0.0", "rcpt",
      "userunknown hard", "Polish" },
    { "550 \xe6\x8c\x87\xe5\xae\x9a\xe3\x81\x95\xe3\x82\x8c\xe3\x81\x9f"
      "\xe3\x83\xa6\xe3\x83\xbc\xe3\x82\xb6\xe3\x83\xbc\xe3\x81\xaf\xe5\xad"
      "\x98\xe5\x9c\xa8\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x9b\xe3\x82\x93",
      "5.0.0", "rcpt", "userunknown hard", "Japanese, does not exist" },
    { "550 \xd0\xa2\xd0\xb0\xd0\xba\xd0\xbe\xd0\xb3\xd0\xbe "
      "\xd0\xbf\xd0\xbe\xd0\xbb\xd1\x8c\xd0\xb7\xd0\xbe\xd0\xb2\xd0\xb0"
      "\xd1\x82\xd0\xb5\xd0\xbb\xd1\x8f \xd0\xbd\xd0\xb5\xd1\x82", "5.0.0",
      "rcpt", "userunknown hard", "Russian (Yandex), no such user" },
    { "552 5.2.2 Postfach voll", "5.2.2", NULL, "mailboxfull soft",
      "German, mailbox full" },
    { "550 Benutzer hat das Speichervolumen ueberschritten", "5.0.0", NULL,
      "mailboxfull soft", "web.de, storage exhausted" },
    { "452 4.2.2 A caixa de entrada do destinat\xc3\xa1rio est\xc3\xa1 sem "
      "espa\xc3\xa7o de armazenamento", "4.2.2", NULL, "mailboxfull soft",
      "Gmail, Portuguese" },
    { "552 bo\xc3\xaete aux lettres pleine", "5.0.0", NULL,
      "mailboxfull soft", "French, mailbox full" },
    { "552 \xd1\x8f\xd1\x89\xd0\xb8\xd0\xba \xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5"
      "\xd0\xbf\xd0\xbe\xd0\xbb\xd0\xbd\xd0\xb5\xd0\xbd", "5.0.0", NULL,
      "mailboxfull soft", "Russian, mailbox full" },
    /* Domains, connections, senders. */
    { "Host or domain name not found. Name service error for name=x.example "
      "type=MX: Host not found", "5.4.4", NULL, "hostunknown hard",
      "Postfix dns_lookup.c" },
    { "connect to mx.example.net: Name or service not known", "5.4.4", NULL,
      "hostunknown hard", "getaddrinfo's EAI_NONAME text" },
    { "Sorry, I couldn't find any host named example.invalid. (#5.1.2)",
      NULL, NULL, "hostunknown hard", "qmail-remote.c" },
    { "Domain example.org does not accept mail (nullMX)", "5.1.10", NULL,
      "notaccept hard", "Postfix dns_lookup.c, RFC 7505" },
    { "connect to mx.example.net[192.0.2.1]:25: Connection refused",
      "4.4.1", NULL, "networkerror soft", "Postfix smtp_connect.c, delayed" },
    { "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)",
      NULL, NULL, "networkerror soft", "qmail-remote.c" },
    { "554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using "
      "zen.spamhaus.org", "5.7.1", "rcpt", "blocked soft",
      "Postfix RBL reply" },
    { "554 mx.example.com ESMTP not accepting messages", "5.0.0", "connect",
      "blocked soft", "refused at the greeting" },
    { "550 5.1.8 Domain of sender address a@x.example does not exist",
      "5.1.8", "rcpt", "rejected soft", "Sendmail proto.m4" },
    { "550 sender rejected", "5.0.0", "mail", "rejected soft",
      "at MAIL FROM" },
    { "550 5.7.26 This message does not have authentication information or "
      "fails to pass authentication checks", "5.7.26", NULL,
      "authfailure soft", "Gmail, RFC 7372" },
    { "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due "
      "to unexpected volume or user complaints", "4.7.0", "mail",
      "badreputation soft", "Yahoo postmaster error codes" },
    { "552 5.3.4 Message size exceeds fixed limit", "5.3.4", NULL,
      "mesgtoobig soft", "Postfix smtpd_check.c" },
    { "550 5.2.1 The email account that you tried to reach is disabled.",
      "5.2.1", "rcpt", "suspend soft", "Gmail" },
    { "550 5.7.1 Relaying denied", "5.7.1", "rcpt", "norelaying soft",
      "Sendmail proto.m4" },
    { "I'm not going to try again; this message has been in the queue too "
      "long.", NULL, NULL, "expired soft", "qmail-send.c" },
    { "554 RTR:BB Not accepting mail from dynamic IP ranges", "5.0.0",
      "connect", "blocked soft", "AOL postmaster error codes" },
    { "554 5.7.1 ES000010 Comcast block for external dynamic space",
      "5.7.1", "rcpt", "blocked soft", "Comcast mail error codes" },
    { "450 Relaying temporarily denied. Cannot resolve PTR record for "
      "192.0.2.1", "4.0.0", "rcpt", "requireptr soft", "Sendmail proto.m4" },
    { "421 Max message per connection reached, closing transmission "
      "channel", "4.0.0", NULL, "toomanyconn soft", "Yahoo" },
    { "421 OFR004_104 Trop de connexions, veuillez verifier votre "
      "configuration", "4.0.0", "connect", "toomanyconn soft",
      "Orange, French" },
    { "550 5.2.122 Recipient's per hour message receive limit exceeded.",
      "5.2.122", "rcpt", "speeding soft", "Exchange Online 5.2.122" },
    { "Cannot send message for 5 days", "4.4.7", NULL, "expired soft",
      "Sendmail envelope.c" },
    { "SMTP timeout after RCPT TO:<a@example.com>", "4.4.2", NULL,
      "networkerror soft", "Exim transports/smtp.c" },
    { "conversation with mx.example.com[192.0.2.1] timed out while sending "
      "RCPT TO", "4.4.2", NULL, "networkerror soft",
      "Postfix smtp_trouble.c" },
    { "SMTP cannot transfer messages with partial final lines. (#5.6.2)",
      "5.6.2", NULL, "notcompliantrfc soft", "qmail-remote.c" },
    { "550 Rejected", NULL, NULL, "undefined soft",
      "a bare 5xx names no cause: never a removal" },
    { "551 User not local; please try <a@new.example>", "5.0.0", "rcpt",
      "hasmoved hard", "RFC 5321 551" },
    { "550 This address no longer accepts mail.", "5.0.0", NULL,
      "hasmoved hard", "qmail bouncesaying" },
    { "554 5.7.1 Message moved to quarantine by the content filter",
      "5.7.1", "data", "filtered soft",
      "'moved to' is no move of the mailbox" },
    { "550 a@aol.example is not accepting mail from this sender", "5.0.0",
      "rcpt", "rejected soft", "AOL help: the sender is refused" },
    { "556 5.1.10 Recipient address rejected: Domain example.org does not "
      "accept mail (nullMX)", "5.1.10", "rcpt", "notaccept hard",
      "Postfix smtpd_check.c, RFC 7505" },
};

static BsRules *
load_default (void)
{
    const char *top = g_getenv ("top_srcdir");
    g_autofree char *path = g_build_filename (top != NULL ? top : ".",
                                              "rules", "default.rules", NULL);
    BsRules *rules = bs_rules_new ();
    g_autoptr (GError) error = NULL;

    if (!bs_rules_load_file (rules, path, BS_RULES_APPEND, &error))
        fail_msg ("%s", error->message);
    return rules;
}

static void
test_wordings (void **state)
{
    g_autoptr (BsRules) rules = load_default ();
    guint failed = 0;

    /* Every case is tried and every miss shown, then the test fails. */
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (BsReport) report = bs_report_new ("t");
        g_autoptr (BsRecipient) r = bs_recipient_new ();
        g_autofree char *got = NULL;

        r->recipient = g_strdup ("a@example.com");
        r->action = g_strdup (cases[i].status != NULL &&
                              cases[i].status[0] == '4' ? "delayed"
                                                        : "failed");
        r->status_field = g_strdup (cases[i].status);
        r->command = g_strdup (cases[i].command);
        r->diagnostic = g_strdup (cases[i].diagnostic);
        bs_classify_complete (r);
        if (bs_rules_apply (rules, report, r) < 0)
            bs_classify_fallback (r);
        got = g_strdup_printf ("%s %s", r->reason,
                               bs_class_to_string (r->klass));
        if (strcmp (got, cases[i].expected) != 0) {
            print_message ("case %zu (%s): got \"%s\" by %s for \"%s\"\n",
                           i, cases[i].why, got, r->rule, cases[i].diagnostic);
            failed++;
        }
    }
    assert_int_equal (failed, 0);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test (test_wordings),
    };

    return cmocka_run_group_tests (tests, NULL, NULL);
}
