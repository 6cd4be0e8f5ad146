package dev.helpline.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 1 MiB of a rule's trigger repeated, the input that makes a backtracking matcher quadratic. The
 * redactor reads each character a bounded number of times (every look-ahead is capped or consumes
 * what it read), so each text is redacted in one linear pass; the class timeout is a generous
 * guard against a regression, not a speed claim (speed is measured in sdk-benchmarks). Each case
 * also checks that the scan still reaches a secret planted after the adversarial part, and that a
 * second pass changes nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedactorAdversarialTest {
  private static final int SIZE = 1024 * 1024;
  private static final String PLANTED = "\npassword=Zq8wPlanted\n";

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
    "-----BEGIN PRIVATE KEY-----\n", "-----BEGIN ", "-----BEGIN PRIVATE KEY-----\\nAAAA",
    "-----END ", "password=", "password: a ", "\"password\":\"", "\\\"token\\\":\\\"",
    "<password>", "<add key=\"ClientSecret\" ", "key=\"Secret\" value=", "--password ", "-u a:",
    "mysql -p", "sshpass -p ", "postgres://", "a:b@", "https://u:", "hooks.slack.com/services/",
    "discord.com/api/webhooks/", "ghp_", "AKIA", "IQoJb3JpZ2luX2Vj", "sk-", "xoxb-", "eyJ",
    "eyJhbGciOi.", "a@", "a@b.", "%40", "a%3D", "x%40y.", "DE89 ", "de89", "4111 ", "4111.",
    "40817 ", "1.2.3.", "1.2.3.4-", "fe80::", "::1:", "+7 ", "8 (", "8 800 ", "138 1234 ",
    "Chrome/1.", "Bearer ", "Authorization: ", "Пароль ", "password for ", "密码：", "1234567890:AA",
    "/home/", "/Users/a", "https://h/home/", "C:\\Users\\", "C:\\Users\\a b", "C:\\Users\\a.",
    "C:\\\\Users\\\\", "a", "\\", "\"", "[", "]", "=", ":", " ", "key=", "password=a(", "token=x,",
    "-----BEGIN PRIVATE KEY-----|", "app-1  | -----BEGIN PRIVATE KEY-----\n", "\\/", "\\u003d", "https:\\/\\/",
    "Authorization: ApiKey ", "{noop}", "-u a@b:", "mongodb://a:b@", "phone=1 ", "lat=1.0001,",
    "Location[gps 1.0001,", "@1.0001,", "imei=", "android_id=a ", "ssn=", "123-45-", "https://a@b.co:",
    "%2B1+", "%2B1%20", "phone=1%20", "DE89-", "a%20", "1%20", "%3D1.", "x%3Dy%40", "a+1-"
  })
  void repeatedTriggerIsRedactedInOnePassAndPlantedSecretStillGoes(String unit) {
    StringBuilder sb = new StringBuilder(SIZE + 64);
    while (sb.length() < SIZE) {
      sb.append(unit);
    }
    String text = sb.append(PLANTED).toString();
    String once = Redactor.defaults().redact(text);
    assertFalse(once.contains("Zq8wPlanted"), "the planted secret after the repeated part leaked");
    assertEquals(once, Redactor.defaults().redact(once), "a second pass changed the text");
  }

  @ParameterizedTest(name = "[{index}] length {0}")
  @ValueSource(ints = {16 * 1024, 256 * 1024, 4 * 1024 * 1024})
  void longTokensAndValuesAreRemovedWhole(int length) {
    String body = "a1".repeat(length / 2);
    String[] texts = {
      "ghp_" + body, "sk-" + body, "password=" + body, "\"token\": \"" + body + "\"",
      "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----"
    };
    for (String text : texts) {
      String out = Redactor.defaults().redact("x " + text + " y");
      assertFalse(out.contains("a1a1a1a1a1a1"), text.substring(0, 12) + "… leaked at " + length);
      assertTrue(out.startsWith("x ") && out.endsWith(" y"), out.length() + " characters");
    }
  }
}
