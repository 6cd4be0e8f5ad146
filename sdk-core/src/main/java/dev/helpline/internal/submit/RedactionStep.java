package dev.helpline.internal.submit;

import dev.helpline.TicketDraft;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.Redactor;
import dev.helpline.diagnostics.Redactor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Removes personal data from everything a report carries before it is stored or sent: the draft's
 * subject, description and custom fields, the diagnostics' strings, the recent logs, replies. Each
 * field is redacted with its {@link Redactor.Field}, so a host's opt-out per field applies.
 */
public final class RedactionStep {
  private final Redactor redactor;

  public RedactionStep(Redactor redactor) {
    this.redactor = redactor;
  }

  /** The draft with its subject, description and custom fields redacted. */
  public TicketDraft draft(TicketDraft draft) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : draft.customFields().entrySet()) {
      fields.put(e.getKey(), redactor.redact(Redactor.Field.CUSTOM_FIELDS, e.getValue()));
    }
    return draft.toBuilder()
        .subject(redactor.redact(Redactor.Field.SUBJECT, draft.subject()))
        .description(redactor.redact(Redactor.Field.DESCRIPTION, draft.description()))
        .customFields(fields)
        .build();
  }

  public Diagnostics diagnostics(Diagnostics diagnostics) {
    return diagnostics.mapStrings(s -> redactor.redact(Redactor.Field.DIAGNOSTICS, s));
  }

  public String logs(String logs) {
    return redactor.redact(Redactor.Field.LOGS, logs);
  }

  /** A reply's body, redacted like a description. */
  public String reply(String body) {
    return redactor.redact(Redactor.Field.DESCRIPTION, body);
  }
}
