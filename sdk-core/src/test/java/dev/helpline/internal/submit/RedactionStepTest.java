package dev.helpline.internal.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helpline.TicketDraft;
import dev.helpline.diagnostics.Redactor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RedactionStepTest {
  @Test
  void aCustomFieldsNameIsTheKeyOfItsValue() {
    // What the rules find after a key in text ("phone=5551234567") they find in a field of that name.
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("phone", "5551234567");
    fields.put("Password", "correct horse battery staple");
    fields.put("android_id", "9774d56d682e549c");
    fields.put("lat", "37.421998");
    fields.put("api_key", "9f3Kx2Lq8Zt4Wn7Rb1Yc");
    fields.put("plan", "pro 2026");
    TicketDraft draft = TicketDraft.builder().subject("s").description("d").customFields(fields).build();

    RedactionStep step = new RedactionStep(Redactor.defaults());
    TicketDraft once = step.draft(draft);
    Map<String, String> redacted = once.customFields();

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("phone", "[phone]");
    expected.put("Password", "[redacted]");
    expected.put("android_id", "[device-id]");
    expected.put("lat", "[location]");
    expected.put("api_key", "[redacted]");
    expected.put("plan", "pro 2026");
    assertEquals(expected, redacted);
    assertEquals(redacted, step.draft(once).customFields(), "a second pass changed a field");
  }

  @Test
  void aCustomFieldsValueIsStillRedactedWhenItsNameIsRedacted() {
    TicketDraft draft = TicketDraft.builder().subject("s").description("d")
        .customField("contact carol@example.net", "call +49 30 1234567").build();

    Map<String, String> redacted = new RedactionStep(Redactor.defaults()).draft(draft).customFields();

    assertEquals(Map.of("contact [email]", "call [phone]"), redacted);
  }

  @Test
  void aSkippedCustomFieldKeepsItsValue() {
    TicketDraft draft = TicketDraft.builder().subject("s").description("d")
        .customField("phone", "5551234567").build();
    Redactor redactor = Redactor.builder().skipField(Redactor.Field.CUSTOM_FIELDS).build();

    assertEquals(Map.of("phone", "5551234567"), new RedactionStep(redactor).draft(draft).customFields());
  }
}
