package dev.helpline.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two rules matching overlapping text: a key's value cut short must not hide a longer secret that
 * starts with it, and the value of a key runs as far as the shape of the text says.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedactorOverlapTest {
  private static final String BODY =
      "MIIEowIBAAKCAQEAvJ8bQ0uJ6x2KcV7Lq9aZy3W1pT4Rn8sX0dFgHjKl2MnBvC";
  private static final String RSA_KEY = "-----BEGIN RSA PRIVATE KEY-----\n" + BODY
      + "\n-----END RSA PRIVATE KEY-----";

  /** Redacts with the defaults and checks that a second pass changes nothing. */
  private static String redact(String text) {
    String once = Redactor.defaults().redact(text);
    assertEquals(once, Redactor.defaults().redact(once), "a second pass changed the text");
    return once;
  }

  @Test
  void privateKeyAfterYamlKeyIsRemovedWhole() {
    assertEquals("private_key: [private-key]\nhost: [ip]",
        redact("private_key: " + RSA_KEY + "\nhost: 10.1.2.3"));
    assertEquals("tls:\n  private_key: [private-key]\n  port: 443",
        redact("tls:\n  private_key: " + RSA_KEY.replace("\n", "\n    ") + "\n  port: 443"));
    assertEquals("private_key: [redacted]\n  [private-key]\nnext: 1",
        redact("private_key: |\n  " + RSA_KEY.replace("\n", "\n  ") + "\nnext: 1"));
  }

  @Test
  void privateKeyInServiceAccountJsonIsRemovedWhole() {
    // As in a Google service-account key file: the PEM's line breaks are \n escapes.
    String json = "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----"
        + "\\n" + BODY + "\\n-----END PRIVATE KEY-----\\n\", "
        + "\"client_email\": \"svc@proj.iam.gserviceaccount.com\"}";
    assertEquals("{\"type\": \"service_account\", \"private_key\": \"[redacted]\", "
        + "\"client_email\": \"[email]\"}", redact(json));
    // The same inside a JSON string, and printed with real line breaks in the value.
    assertEquals("{\\\"private_key\\\":\\\"[redacted]\\\"}", redact(
        "{\\\"private_key\\\":\\\"-----BEGIN PRIVATE KEY-----\\\\n" + BODY
            + "\\\\n-----END PRIVATE KEY-----\\\\n\\\"}"));
    assertEquals("\"private_key\": \"[private-key]\n\",",
        redact("\"private_key\": \"" + RSA_KEY + "\n\","));
  }

  @Test
  void privateKeyAfterKeyEqualsIsRemovedWhole() {
    assertEquals("key=[private-key]", redact("key=" + RSA_KEY));
    assertEquals("private_key=[private-key]\nuser=app", redact("private_key=" + RSA_KEY
        + "\nuser=app"));
    assertEquals("PRIVATE_KEY=[private-key]\\n", redact("PRIVATE_KEY=-----BEGIN PRIVATE KEY-----\\n"
        + BODY + "\\n-----END PRIVATE KEY-----\\n"));
    assertEquals("--private-key [private-key] --verbose",
        redact("--private-key " + RSA_KEY + " --verbose"));
  }

  @Test
  void ampersandIsPartOfAValueAfterAColonOrASpacedEquals() {
    assertEquals("PASSWORD: [redacted]", redact("PASSWORD: Tr0ub4dor&3"));
    assertEquals("db:\n  password: [redacted]\n  user: app",
        redact("db:\n  password: Tr0ub4dor&3\n  user: app"));
    assertEquals("X-Api-Key: [redacted]", redact("X-Api-Key: k3y&part2"));
    assertEquals("password = [redacted]", redact("password = Tr0ub4dor&3"));
    assertEquals("java -jar app.jar --password=[redacted] --port=8080",
        redact("java -jar app.jar --password=Tr0ub4dor&3 --port=8080"));
  }

  @Test
  void ampersandEndsAValueInAQueryString() {
    assertEquals("a=1&password=[redacted]&b=2", redact("a=1&password=x&b=2"));
    assertEquals("GET /cb?access_token=[redacted]&state=xyz HTTP/1.1",
        redact("GET /cb?access_token=abc123&state=xyz HTTP/1.1"));
    assertEquals("password=[redacted]", redact("password=Tr0ub4dor&3"));
    assertEquals("password=[redacted]&3d=1", redact("password=Tr0ub4dor&3d=1"));
    assertEquals("<a href=\"/cb?token=[redacted]&amp;next=%2F\">", redact("<a href=\"/cb?token=abc&amp;next=%2F\">"));
    // Commas and semicolons end a value in every shape.
    assertEquals("{password: [redacted], user: bob}", redact("{password: x1, user: bob}"));
    assertEquals("Cookie: sid=[redacted]; theme=dark", redact("Cookie: sid=abc; theme=dark"));
  }

  @Test
  void authSchemeAfterASecretKeyTakesItsCredentialAlong() {
    assertEquals("token: [redacted]", redact("token: Bearer abcdefg"));
    assertEquals("X-Auth-Token: [redacted] next", redact("X-Auth-Token: Basic dXNlcjpwYXNz next"));
    assertEquals("auth: [redacted]",
        redact("auth: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"));
    assertEquals("--token [token] --verbose", redact("--token Bearer abc123def --verbose"));
    // The Authorization header keeps its scheme, as before.
    assertEquals("Authorization: Bearer [token]", redact("Authorization: Bearer abc123def"));
  }

  @Test
  void groupedNumberAfterASecretKeyIsRemovedWhole() {
    assertEquals("password=[card] ok", redact("password=4111 1111 1111 1111 ok"));
    assertEquals("secret: [card]", redact("secret: 4111 1111 1111 1111"));
    assertEquals("curl -u admin:[card] https://x.example",
        redact("curl -u admin:4111 1111 1111 1111 https://x.example"));
  }

  @Test
  void valueEndedByItsOwnDelimiterIsNotExtended() {
    // '@' ends the password in a URL, a closing quote ends a quoted value: no overlap to resolve.
    assertEquals("https://u:[redacted]@example.com/x", redact("https://u:bob@example.com/x"));
    assertEquals("\"password\": \"[redacted]\" next", redact("\"password\": \"x\" next"));
  }

  @Test
  void markerOfAnotherKindIsNotRedactedAgain() {
    assertEquals("--password [private-key]", redact("--password [private-key]"));
    assertEquals("\"private_key\": \"[private-key]\"",
        redact("\"private_key\": \"[private-key]\""));
    assertEquals("password=[redacted]", redact("password=[redacted]"));
  }
}
