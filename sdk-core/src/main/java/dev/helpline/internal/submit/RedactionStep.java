package dev.helpline.internal.submit;

import dev.helpline.Requester;
import dev.helpline.TicketDraft;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Removes personal data from everything a report carries before it is stored or sent: the draft's
 * subject, description, category, tags, custom-field names and values and the requester's name, the
 * diagnostics' strings, the recent logs, replies. Each part is redacted with its
 * {@link Redactor.Field}, so a host's opt-out per field applies. The requester's e-mail address and
 * id stay as given: they are how the desk answers the user. A custom field's value is redacted as it
 * would be in text after its name ({@code phone: 5551234567}), so what a rule finds only after a key
 * (a password, a phone number or device id written plainly, a location) is found in a field of that
 * name too.
 *
 * <p>Redaction replaces a match with a marker that can be longer than the match, so a redacted draft
 * can break a limit its original kept; {@link TicketPipeline} validates the redacted draft again.
 */
public final class RedactionStep {
  private final Redactor redactor;

  public RedactionStep(Redactor redactor) {
    this.redactor = redactor;
  }

  /** The draft with every free-text part redacted (see the class comment). */
  public TicketDraft draft(TicketDraft draft) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : draft.customFields().entrySet()) {
      String name = redactor.redact(Redactor.Field.CUSTOM_FIELDS, e.getKey());
      String value = fieldValue(e.getKey(), e.getValue());
      // Two names that redact to the same marker must not overwrite each other silently.
      String key = name;
      for (int n = 2; fields.containsKey(key); n++) key = name + " (" + n + ")";
      fields.put(key, value);
    }
    List<String> tags = new ArrayList<>(draft.tags().size());
    for (String tag : draft.tags()) tags.add(redactor.redact(Redactor.Field.TAGS, tag));
    String category = draft.category();
    return draft.toBuilder()
        .subject(redactor.redact(Redactor.Field.SUBJECT, draft.subject()))
        .description(redactor.redact(Redactor.Field.DESCRIPTION, draft.description()))
        .category(category == null ? null : redactor.redact(Redactor.Field.TAGS, category))
        .tags(tags)
        .customFields(fields)
        .requester(requester(draft.requester()))
        .build();
  }

  /**
   * A custom field's value redacted after its name, as {@code name: value}. When redaction changes the
   * name itself (it holds an address, say), the value is redacted alone.
   */
  private String fieldValue(String name, String value) {
    String prefix = name + ": ";
    String joined = redactor.redact(Redactor.Field.CUSTOM_FIELDS, prefix + value);
    if (joined.startsWith(prefix)) return joined.substring(prefix.length());
    return redactor.redact(Redactor.Field.CUSTOM_FIELDS, value);
  }

  /** {@code requester} with its name redacted; its e-mail address and id are how the desk answers, so they stay. */
  @Nullable Requester requester(@Nullable Requester requester) {
    if (requester == null || requester.name() == null) return requester;
    String name = redactor.redact(Redactor.Field.REQUESTER_NAME, requester.name());
    return name.equals(requester.name()) ? requester : Requester.of(requester.id(), requester.email(), name);
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
