package dev.helpline.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedactorTest {
  private static final String MIXED = "user bob@example.com at 10.0.0.12 password=hunter2 "
      + "card 4111 1111 1111 1111 phone +49 30 1234567";

  @Test
  void builtInKindsAreListedInPrecedenceOrder() {
    assertEquals(
        Arrays.asList("privatekey", "secret", "bearer", "jwt", "webhook", "apikey", "email", "iban",
            "account", "device", "ssn", "location", "card", "ip", "phone", "homedir"),
        Redactor.builtInKinds());
    assertThrows(UnsupportedOperationException.class, () -> Redactor.builtInKinds().add("x"));
  }

  @Test
  void defaultsRedactEveryKindInOneText() {
    assertEquals("user [email] at [ip] password=[redacted] card [card] phone [phone]",
        Redactor.defaults().redact(MIXED));
  }

  @Test
  void redactReturnsSameInstanceWhenNothingMatches() {
    String text = "nothing personal here, build 4711 at 12:30:45";
    assertSame(text, Redactor.defaults().redact(text));
    assertEquals("", Redactor.defaults().redact(""));
  }

  @Test
  void disabledChangesNothing() {
    Redactor disabled = Redactor.disabled();
    assertSame(MIXED, disabled.redact(MIXED));
    for (Redactor.Field field : Redactor.Field.values()) {
      assertFalse(disabled.appliesTo(field), field.name());
      assertSame(MIXED, disabled.redact(field, MIXED));
    }
  }

  @ParameterizedTest
  @EnumSource(Redactor.Field.class)
  void defaultsApplyToEveryField(Redactor.Field field) {
    assertTrue(Redactor.defaults().appliesTo(field));
    assertEquals(Redactor.defaults().redact(MIXED), Redactor.defaults().redact(field, MIXED));
  }

  @Test
  void skippedFieldIsReturnedUnchangedAndOthersStillRedacted() {
    Redactor redactor = Redactor.builder()
        .skipField(Redactor.Field.SUBJECT)
        .skipField(Redactor.Field.CUSTOM_FIELDS)
        .build();
    assertFalse(redactor.appliesTo(Redactor.Field.SUBJECT));
    assertFalse(redactor.appliesTo(Redactor.Field.CUSTOM_FIELDS));
    assertTrue(redactor.appliesTo(Redactor.Field.DESCRIPTION));
    assertTrue(redactor.appliesTo(Redactor.Field.LOGS));
    assertTrue(redactor.appliesTo(Redactor.Field.DIAGNOSTICS));
    assertSame(MIXED, redactor.redact(Redactor.Field.SUBJECT, MIXED));
    assertEquals("mail [email]", redactor.redact(Redactor.Field.LOGS, "mail a@b.example"));
    // The field-less overload has no field to skip.
    assertEquals("mail [email]", redactor.redact("mail a@b.example"));
  }

  @Test
  void disableKindTurnsOffOnlyThatKind() {
    Redactor noIp = Redactor.builder().disableKind("ip").build();
    assertEquals("user [email] at 10.0.0.12 and ::1",
        noIp.redact("user bob@example.com at 10.0.0.12 and ::1"));
  }

  @Test
  void disablingSecretPairsLetsValueBeMatchedByItsOwnKind() {
    Redactor redactor = Redactor.builder().disableKind("secret").build();
    assertEquals("password=hunter2 pan=[card]",
        redactor.redact("password=hunter2 pan=4111 1111 1111 1111"));
    assertEquals("token=[jwt]",
        redactor.redact("token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"));
  }

  @Test
  void bareKeyTakesAGeneratedValueInEveryForm() {
    String secret = "9f3Kx2Lq8Zt4Wn7Rb1Yc6Hd0";
    String[][] cases = {
      {"GET /geo?key=" + secret + "&q=berlin", "GET /geo?key=[redacted]&q=berlin"},
      {"stripe_key: " + secret, "stripe_key: [redacted]"},
      {"<add key=\"MapsKey\" value=\"" + secret + "\"/>", "<add key=\"MapsKey\" value=\"[redacted]\"/>"},
      {"<licenseKey>" + secret + "</licenseKey>", "<licenseKey>[redacted]</licenseKey>"},
      {"yarn config set key " + secret, "yarn config set key [redacted]"},
    };
    for (String[] c : cases) {
      assertEquals(c[1], Redactor.defaults().redact(c[0]), c[0]);
    }
    for (String kept : new String[] {"key=ArrowUp", "git config set key core.editor", "<key>ArrowUp</key>",
        "Idempotency-Key: 2fcf8117-9169-4ecc-a359-4549d2c1b428", "primaryKey=" + secret}) {
      assertEquals(kept, Redactor.defaults().redact(kept));
    }
  }

  @Test
  void everyBuiltInKindCanBeDisabledIndividually() {
    String[] samples = {
      "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oZKJ7dWyLLeAoAoGCCqGSM49\n"
          + "-----END EC PRIVATE KEY-----",
      "password=hunter2",
      "Authorization: Bearer abc123def",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
      "https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX",
      "AKIAIOSFODNN7EXAMPLE", "bob@example.com", "DE89370400440532013000",
      "40817810099910004312", "android_id=9774d56d682e549c", "123-45-6789", "lat=37.421998",
      "4111111111111111", "10.0.0.12", "+1-202-555-0143",
      "/home/ada/.config/acme"
    };
    List<String> kinds = Redactor.builtInKinds();
    for (int k = 0; k < kinds.size(); k++) {
      Redactor without = Redactor.builder().disableKind(kinds.get(k)).build();
      assertEquals(samples[k], without.redact(samples[k]), "with " + kinds.get(k) + " disabled");
      assertFalse(Redactor.defaults().redact(samples[k]).equals(samples[k]), kinds.get(k));
    }
  }

  @Test
  void disablingAllKindsAppliesToNoField() {
    Redactor.Builder b = Redactor.builder();
    for (String kind : Redactor.builtInKinds()) {
      b.disableKind(kind);
    }
    Redactor none = b.build();
    assertFalse(none.appliesTo(Redactor.Field.LOGS));
    assertSame(MIXED, none.redact(MIXED));
  }

  @Test
  void unknownKindIsRejectedListingKnownKinds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Redactor.builder().disableKind("ipv4"));
    assertTrue(e.getMessage().contains("'ipv4'"), e.getMessage());
    for (String kind : Redactor.builtInKinds()) {
      assertTrue(e.getMessage().contains(kind), e.getMessage());
    }
  }

  @Test
  void addedPatternIsReplacedByItsKind() {
    Redactor redactor = Redactor.builder()
        .addPattern("customer", Pattern.compile("CUST-\\d{6}"))
        .build();
    assertEquals("ticket for [customer] from [email]",
        redactor.redact("ticket for CUST-123456 from bob@example.com"));
    assertEquals("[customer]", redactor.redact(Redactor.Field.LOGS, "CUST-000001"));
  }

  @Test
  void addedPatternsRunBeforeBuiltInsAndSeeOriginalText() {
    Redactor redactor = Redactor.builder()
        .addPattern("employee", Pattern.compile("[a-z]+@corp\\.example\\.com"))
        .build();
    assertEquals("[employee] and [email]",
        redactor.redact("alice@corp.example.com and bob@example.com"));
  }

  @Test
  void addedPatternWorksOnDisabledRedactor() {
    Redactor redactor = Redactor.disabled().toBuilder()
        .addPattern("order", Pattern.compile("ORD-\\d+"))
        .build();
    assertTrue(redactor.appliesTo(Redactor.Field.LOGS));
    assertEquals("[order] by bob@example.com", redactor.redact("ORD-42 by bob@example.com"));
  }

  @Test
  void addedKindCanBeDisabledAgain() {
    Redactor redactor = Redactor.builder()
        .addPattern("order", Pattern.compile("ORD-\\d+"))
        .disableKind("order")
        .build();
    assertEquals("ORD-42", redactor.redact("ORD-42"));
    assertThrows(IllegalArgumentException.class,
        () -> Redactor.builder().disableKind("order"));
  }

  @Test
  void invalidAddedKindIsRejectedNamingTheRule() {
    for (String bad : new String[] {"", "Upper", "has space", "x".repeat(33), "[x]"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Redactor.builder().addPattern(bad, Pattern.compile("x")), bad);
      assertTrue(e.getMessage().contains("[a-z0-9_-]{1,32}"), e.getMessage());
    }
    Redactor.builder().addPattern("x".repeat(32), Pattern.compile("x")).build();
  }

  @Test
  void patternMatchingEmptyStringIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Redactor.builder().addPattern("digits", Pattern.compile("\\d*")));
    assertTrue(e.getMessage().contains("empty string"), e.getMessage());
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThrows(NullPointerException.class, () -> Redactor.defaults().redact(null));
    assertThrows(NullPointerException.class,
        () -> Redactor.defaults().redact(Redactor.Field.LOGS, null));
    assertThrows(NullPointerException.class, () -> Redactor.defaults().redact(null, "x"));
    assertThrows(NullPointerException.class, () -> Redactor.builder().skipField(null));
    assertThrows(NullPointerException.class, () -> Redactor.builder().disableKind(null));
    assertThrows(NullPointerException.class, () -> Redactor.builder().addPattern("x", null));
  }

  @Test
  void toBuilderKeepsSettingsAndLeavesOriginalUnchanged() {
    Redactor base = Redactor.builder()
        .skipField(Redactor.Field.SUBJECT)
        .disableKind("ip")
        .addPattern("order", Pattern.compile("ORD-\\d+"))
        .build();
    Redactor derived = base.toBuilder().disableKind("email").build();
    String text = "ORD-1 bob@example.com 10.0.0.12";
    assertEquals("[order] [email] 10.0.0.12", base.redact(text));
    assertEquals("[order] bob@example.com 10.0.0.12", derived.redact(text));
    assertFalse(derived.appliesTo(Redactor.Field.SUBJECT));
  }

  @Test
  void builderChangesAfterBuildDoNotAffectBuiltRedactor() {
    Redactor.Builder builder = Redactor.builder();
    Redactor first = builder.build();
    builder.disableKind("email").skipField(Redactor.Field.LOGS);
    assertEquals("[email]", first.redact(Redactor.Field.LOGS, "bob@example.com"));
    assertEquals("bob@example.com", builder.build().redact("bob@example.com"));
  }

  @Test
  void toStringNamesSettingsButNoText() {
    Redactor redactor = Redactor.builder().disableKind("phone")
        .addPattern("order", Pattern.compile("ORD-secret-\\d+")).build();
    String s = redactor.toString();
    assertTrue(s.contains("email") && s.contains("order"), s);
    assertFalse(s.contains("phone") || s.contains("ORD-secret"), s);
  }

  @Test
  void redactIsIdempotentOnMixedLog() {
    String once = Redactor.defaults().redact(MIXED);
    assertEquals(once, Redactor.defaults().redact(once));
  }

  @Test
  void redactIsIdempotentOnRandomMixturesOfFragments() {
    // Fragments chosen to collide: partial tokens, separators, and already redacted markers.
    String[] fragments = {
      "a", "Z", "1", "9", "0", " ", "-", ".", ":", "::", "@", "=", "\"", "'", "+", "(", ")", "/",
      "%", "\n", "\t", "_", "&", ",", ";", "[", "]", "\\", "#", "é", "東", "🚀", "\uD83D", "eyJ",
      "password", "token", "Bearer", "Basic", "Authorization: ", "AKIA", "ghp_", "xoxb-",
      "sk_live_", "AIza", "DE89", "GB82", "WEST", "fe80", "ff", "example.com", "version", "v",
      "2026", "12", "255", "4111", "0x", "10.0.0.1", "555-123-4567", "+49 30 1234567",
      "bob@example.com", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "2001:db8::1",
      "Bearer abc123def", "password=", "\"password\": \"", "AKIAIOSFODNN7EXAMPLE", "-11-24",
      " 12:30:45", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "[ip]", "[email]", "[redacted]"
    };
    Random random = new Random(20261124L);
    Redactor redactor = Redactor.defaults();
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int count = 1 + random.nextInt(20);
      for (int k = 0; k < count; k++) {
        text.append(fragments[random.nextInt(fragments.length)]);
      }
      String once = redactor.redact(text.toString());
      assertEquals(once, redactor.redact(once), "input: " + text);
    }
  }

  @Test
  void unicodeAroundMatchesSurvives() {
    assertEquals("Grüße 🚀 [email] 東京 [phone] é",
        Redactor.defaults().redact("Grüße 🚀 bob@example.com 東京 +49 30 1234567 é"));
    String surrogates = "🚀👩‍💻🇩🇪" + "\uD83D"; // ends with an unpaired high surrogate
    assertSame(surrogates, Redactor.defaults().redact(surrogates));
  }

  @Test
  void pathologicalInputsComeBackUnchanged() {
    String[] units = {"a.", "1-", "1 ", "eyJ-", "eyJa.", "a@", "@a.", "::", "1:", "ff:",
        "password", "Bearer ", "+1 ", "DE89 ", "4111 ", "x-", "%eth0", "\"", "token="};
    for (String unit : units) {
      String text = unit.repeat(20_000);
      String once = Redactor.defaults().redact(text);
      assertEquals(once, Redactor.defaults().redact(once), unit);
    }
    String dots = "a.".repeat(50_000);
    assertSame(dots, Redactor.defaults().redact(dots));
    String digits = "1".repeat(100_000);
    assertSame(digits, Redactor.defaults().redact(digits));
  }

  // Decisions on ambiguous input, stated as tests so a change is a visible choice.

  @Test
  void dottedQuadIsAnAddressUnlessIntroducedByAVersionWord() {
    Redactor r = Redactor.defaults();
    assertEquals("resolved [ip]", r.redact("resolved 1.2.3.4"));
    assertEquals("version 1.2.3.4", r.redact("version 1.2.3.4"));
    assertEquals("Version: 1.2.3.4", r.redact("Version: 1.2.3.4"));
    assertEquals("Android 10.0.0.1", r.redact("Android 10.0.0.1"));
    assertEquals("v1.2.3.4", r.redact("v1.2.3.4"));
    assertEquals("1.2.3.4.5", r.redact("1.2.3.4.5"));
    assertEquals("256.1.1.1", r.redact("256.1.1.1"));
  }

  @Test
  void luhnValidNumberOutsideCardNetworkRangesStays() {
    // 13-19 digits alone are common ids (epoch millis, order numbers); only 2-6 prefixes count.
    assertEquals("1234567890123007 7234567890123004 9234567890123000",
        Redactor.defaults().redact("1234567890123007 7234567890123004 9234567890123000"));
  }

  @Test
  void bearerOutsideAHeaderNeedsATokenShapedCredential() {
    Redactor r = Redactor.defaults();
    assertEquals("the bearer of bad news", r.redact("the bearer of bad news"));
    assertEquals("Bearer abcdefgh", r.redact("Bearer abcdefgh"));
    assertEquals("Bearer [token]", r.redact("Bearer abc-defgh"));
    assertEquals("Authorization: Bearer [token]", r.redact("Authorization: Bearer abc"));
    assertEquals("Basic setup", r.redact("Basic setup"));
    assertEquals("Authorization: Basic [token]", r.redact("Authorization: Basic setup"));
  }

  @Test
  void plainDigitRunsAndSpacedThousandsAreNotPhones() {
    Redactor r = Redactor.defaults();
    assertEquals("id 5551234567", r.redact("id 5551234567"));
    assertEquals("12 345 678 items", r.redact("12 345 678 items"));
    assertEquals("[phone]", r.redact("+5551234567"));
    assertEquals("[phone]", r.redact("555 123 4567"));
  }

  @Test
  void digitsAfterAPhoneKeyAreAPhoneNumberInAnyGrouping() {
    Redactor r = Redactor.defaults();
    assertEquals("user phone=[phone] saved", r.redact("user phone=5551234567 saved"));
    assertEquals("{\"mobile\":\"[phone]\",\"phone\":[phone]}",
        r.redact("{\"mobile\":\"0612345678\",\"phone\":5551234567}"));
    assertEquals("contact_phone: [phone] added", r.redact("contact_phone: 555 123-4567 added"));
    assertEquals("userPhoneNumber=[phone]&x=1", r.redact("userPhoneNumber=5551234567&x=1"));
    assertEquals("PHONE_NO: [phone] 2026-11-24 12:00", r.redact("PHONE_NO: 0612345678 2026-11-24 12:00"));
    // Words that only end in a phone key, and runs too short to be a number, are left alone.
    assertEquals("smartphone=1234567890 hotel=1234567890 phone: 12345",
        r.redact("smartphone=1234567890 hotel=1234567890 phone: 12345"));
  }

  @Test
  void aUrlEncodedPhoneNumberInAQueryOrFormBodyGoes() {
    Redactor r = Redactor.defaults();
    // OkHttp's FormBody and query strings encode '+' as %2B and a blank as %20; URLEncoder writes '+'.
    assertEquals("To=[phone]&From=[phone]&Body=hi",
        r.redact("To=%2B14155550123&From=%2b442079460958&Body=hi"));
    assertEquals("GET /users?phone=[phone]&page=2 HTTP/1.1",
        r.redact("GET /users?phone=%2B44%2020%207946%200958&page=2 HTTP/1.1"));
    assertEquals("phone=[phone]&name=x", r.redact("phone=%2B49+30+1234567&name=x"));
    assertEquals("mobile=[phone]&x=1", r.redact("mobile=415%20555%200123&x=1"));
    // An encoded '+' before a short count, or one inside a longer value, is no phone number.
    assertEquals("q=%2B1&n=%2B123456&c=a%2B12345678",
        r.redact("q=%2B1&n=%2B123456&c=a%2B12345678"));
  }

  @Test
  void urlEncodedTextIsReadWordByWordAfterEncodedBlanksAndSeparators() {
    Redactor r = Redactor.defaults();
    assertEquals("Body=Call%20me%20at%20[phone]%20please",
        r.redact("Body=Call%20me%20at%20%2B14155550123%20please"));
    assertEquals("text=my%20number%20is%20[phone]", r.redact("text=my%20number%20is%20555-123-4567"));
    assertEquals("q=card%20[card]", r.redact("q=card%204111111111111111"));
    assertEquals("note=iban%20[iban]", r.redact("note=iban%20DE89370400440532013000"));
    // What stands before an address is read too, in the first pass as in a second one.
    String both = "q=555-123-4567%20jane@example.com";
    assertEquals("q=[phone]%20[email]", r.redact(both));
    assertEquals(r.redact(both), r.redact(r.redact(both)));
    assertEquals("login%3Fuser%3D[email]", r.redact("login%3Fuser%3Djane%40example.com"));
    // Keys and version words are read across an encoded separator as across a plain one.
    assertEquals("msg=phone%3D[phone]%26x", r.redact("msg=phone%3D5551234567%26x"));
    assertEquals("filter=version%3D1.2.3.4", r.redact("filter=version%3D1.2.3.4"));
  }

  @Test
  void aFormEncodedBlankBeforeANumberIsABlank() {
    Redactor r = Redactor.defaults();
    // URLEncoder and HTML forms write a blank as '+'.
    assertEquals("msg=Call+me+at+[phone]&x=1", r.redact("msg=Call+me+at+555-123-4567&x=1"));
    assertEquals("q=card+[card]", r.redact("q=card+4111111111111111"));
    // A version word is read across it, and an offset after a zone is no number.
    assertEquals("q=build+1.2.3.4 1+2", r.redact("q=build+1.2.3.4 1+2"));
    assertEquals("tz=GMT+0800 2026 UTC+0100 20261206", r.redact("tz=GMT+0800 2026 UTC+0100 20261206"));
  }

  @Test
  void anIbanGroupedByDashesGoesLikeOneGroupedBySpaces() {
    Redactor r = Redactor.defaults();
    assertEquals("pay to [iban] today", r.redact("pay to GB82-WEST-1234-5698-7654-32 today"));
    assertEquals("iban=[iban]&bic=x", r.redact("iban=de89-3704-0044-0532-0130-00&bic=x"));
    // One kind of separator per number, and the check digits must still hold.
    assertEquals("GB82-WEST 1234-5698-7654-32", r.redact("GB82-WEST 1234-5698-7654-32"));
    assertEquals("GB83-WEST-1234-5698-7654-32", r.redact("GB83-WEST-1234-5698-7654-32"));
  }

  @Test
  void anInternationalNumberAsAUrlPathSegmentGoes() {
    Redactor r = Redactor.defaults();
    // Phone lookup APIs take the number as a path segment.
    assertEquals("GET https://lookups.twilio.com/v2/PhoneNumbers/[phone]?Fields=caller_name",
        r.redact("GET https://lookups.twilio.com/v2/PhoneNumbers/+14159929960?Fields=caller_name"));
    assertEquals("GET /v2/PhoneNumbers/[phone] HTTP/1.1",
        r.redact("GET /v2/PhoneNumbers/%2B14159929960 HTTP/1.1"));
    // Without the '+', digits after a slash continue a path or a fraction.
    assertEquals("/orders/14159929960 1/555-123-4567", r.redact("/orders/14159929960 1/555-123-4567"));
  }

  @Test
  void aLogcatTagThatEndsLikeASecretKeyKeepsItsMessage() {
    Redactor r = Redactor.defaults();
    String[] lines = {
      "12-06 11:56:04.123 12345 12400 I FirebaseAuth: Notifying id token listeners about user ( x ).",
      "12-06 11:56:04.123 12345 12400 D Auth    : Signing in with Google",
      "12-06 11:56:04.123  1234  1234 D Session : Started new activity",
      "12-06 11:56:04.123  1234  1234 D Password: Strength check passed",
      "2026-12-06 11:56:04.123 12345-12400/com.example.app D/Auth: Signing in with Google",
      "I/Token: refreshed",
    };
    for (String line : lines) {
      assertEquals(line, r.redact(line));
    }
    // A tag is a key like a bare "key": a message that looks generated is still a secret.
    assertEquals("12-06 11:56:04.123  1234  1234 D Token   : [redacted]",
        r.redact("12-06 11:56:04.123  1234  1234 D Token   : 9f3Kx2Lq8Zt4Wn7Rb1Yc"));
    assertEquals("D/session: [redacted] saved", r.redact("D/session: s3ss10nAbCdEfGh1234 saved"));
    // Inside the message, keys are keys as anywhere else.
    assertEquals("12-06 11:56:04.123  1234  1234 D Auth    : login password=[redacted] user=x",
        r.redact("12-06 11:56:04.123  1234  1234 D Auth    : login password=hunter2 user=x"));
  }

  @Test
  void keysWrittenWithHyphensAsInHeadersAndOptionsAreKeys() {
    Redactor r = Redactor.defaults();
    assertEquals("X-Phone-Number: [phone]", r.redact("X-Phone-Number: 5551234567"));
    assertEquals("--mobile-number=[phone] x-phone: [phone]",
        r.redact("--mobile-number=0612345678 x-phone: 555 123-4567"));
    assertEquals("X-Android-Id: [device-id]", r.redact("X-Android-Id: 9774d56d682e549c"));
    assertEquals("X-Geo-Lat: [location]", r.redact("X-Geo-Lat: 37.421998"));
    assertEquals("social-security-number: [ssn]", r.redact("social-security-number: 078051120"));
    // A hyphenated word that only ends in a key's letters is still not the key.
    assertEquals("X-Smartphone: 1234567890", r.redact("X-Smartphone: 1234567890"));
  }

  @Test
  void secretValueIsReplacedWhateverItContains() {
    // The pair rule runs first, so digits or addresses inside a secret are never half-redacted.
    assertEquals("password=[redacted]", Redactor.defaults().redact("password=+49301234567"));
    assertEquals("pwd=[redacted]", Redactor.defaults().redact("pwd=bob@example.com"));
    assertEquals("password   =   [redacted]", Redactor.defaults().redact("password   =   x"));
  }

  @Test
  void credentialsAndShortPasswordKeysNameSecrets() {
    Redactor r = Redactor.defaults();
    assertEquals("-Dcredentials=[redacted] -Dapp.credential=[redacted]",
        r.redact("-Dcredentials=c3VwZXJzZWNyZXQ -Dapp.credential=AKIAxyz/abc"));
    assertEquals("--db-pw=[redacted] DB_PW=[redacted] dbPw: [redacted]", r.redact("--db-pw=hunter2 DB_PW=hunter2 dbPw: hunter2"));
    // Words that only end in the same letters are not keys.
    assertEquals("cpw=1 cpw: 2 npw=3", r.redact("cpw=1 cpw: 2 npw=3"));
  }

  @Test
  void userinfoPasswordInUrlIsRedactedWhateverTheHost() {
    Redactor r = Redactor.defaults();
    assertEquals("https://user:[redacted]@db.example.com/path",
        r.redact("https://user:secret@db.example.com/path"));
    assertEquals("postgres://app:[redacted]@[ip]:5432/db",
        r.redact("postgres://app:pw@10.0.3.7:5432/db"));
    assertEquals("redis://:[redacted]@localhost:6379", r.redact("redis://:pw@localhost:6379"));
    assertEquals("https://example.com/a@b", r.redact("https://example.com/a@b"));
  }

  @Test
  void preciseLocationsGoAfterTheirKeysInAndroidsLocationAndInMapLinks() {
    Redactor r = Redactor.defaults();
    assertEquals("onLocationChanged lat=[location] lng=[location]",
        r.redact("onLocationChanged lat=37.421998 lng=-122.084000"));
    assertEquals("{\"latitude\":[location],\"GPSLongitude\":\"[location]\"}",
        r.redact("{\"latitude\":48.858370,\"GPSLongitude\":\"2.294481\"}"));
    assertEquals("coords=[location] ok", r.redact("coords=52.520008, 13.404954 ok"));
    assertEquals("Location[fused [location] hAcc=20 alt=34.0]",
        r.redact("Location[fused 52.520008,13.404954 hAcc=20 alt=34.0]"));
    assertEquals("https://www.google.com/maps/@[location],15z",
        r.redact("https://www.google.com/maps/@52.5200066,13.404954,15z"));
    // Floats elsewhere, keys that only end in "lat", and a city's few decimals stay.
    assertEquals("scores 0.8123,0.1877 took 12.345 ms flat=12.345 lat=52.5 lng=13.4",
        r.redact("scores 0.8123,0.1877 took 12.345 ms flat=12.345 lat=52.5 lng=13.4"));
  }

  @Test
  void socialSecurityNumbersGoDashedAnywhereAndSolidAfterTheirKey() {
    Redactor r = Redactor.defaults();
    assertEquals("ssn=[ssn], SSN [ssn], on file: [ssn]",
        r.redact("ssn=078051120, SSN 078 05 1120, on file: 123-45-6789"));
    // Never issued (area 000, 666 or 9xx; group 00; serial 0000), or not shaped 3-2-4.
    assertEquals("666-12-3456 900-12-3456 123-00-4567 123-45-0000 123-45-67890 id 123451234",
        r.redact("666-12-3456 900-12-3456 123-00-4567 123-45-0000 123-45-67890 id 123451234"));
  }

  @Test
  void deviceAndAdvertisingIdentifiersGoAfterTheirKeys() {
    Redactor r = Redactor.defaults();
    assertEquals("imei=[device-id] IMEI: [device-id] android_id=[device-id]",
        r.redact("imei=490154203237518 IMEI: 35-209900-176148-1 android_id=9774d56d682e549c"));
    assertEquals("advertisingId=[device-id] IDFA=[device-id]",
        r.redact("advertisingId=38400000-8cf0-11bd-b23e-10b96e40000d"
            + " IDFA=6D92078A-8246-4BA4-AE5B-76104861E7DC"));
    // Other ids keep their values: they are what support needs to find a request.
    assertEquals("requestId=38400000-8cf0-11bd-b23e-10b96e40000d paid=12345678",
        r.redact("requestId=38400000-8cf0-11bd-b23e-10b96e40000d paid=12345678"));
  }

  @Test
  void anIpv6AddressWithAZoneAndAPortGoesAndThePortStays() {
    Redactor r = Redactor.defaults();
    assertEquals("connecting to [ip]:8080", r.redact("connecting to fe80::1%eth0:8080"));
    assertEquals("[[ip]]:443", r.redact("[2001:db8::1]:443"));
  }

  @Test
  void anEmailAddressAsAUrlsUserNameGoesWholeWithOrWithoutAPassword() {
    Redactor r = Redactor.defaults();
    assertEquals("imaps://[email]@imap.example.com:993/INBOX",
        r.redact("imaps://jane%40example.com@imap.example.com:993/INBOX"));
    assertEquals("GET https://[redacted]@api.example.org/v1",
        r.redact("GET https://john.doe@example.com:hunter2@api.example.org/v1"));
    assertEquals("fetching https://[email]@repo.example.org/pkg.tgz",
        r.redact("fetching https://jane.smith@gmail.com@repo.example.org/pkg.tgz"));
    assertEquals("https://user@example.com:8080/x", r.redact("https://user@example.com:8080/x"));
  }

  @Test
  void userNameInAHomeDirectoryPathIsRedactedAndTheRestOfThePathKept() {
    Redactor r = Redactor.defaults();
    assertEquals("java.nio.file.AccessDeniedException: /home/[user]/Documents/taxes.pdf",
        r.redact("java.nio.file.AccessDeniedException: /home/ada/Documents/taxes.pdf"));
    assertEquals("java.io.FileNotFoundException: C:\\Users\\[user]\\AppData\\Local\\Acme\\notes.db"
            + " (Access is denied)",
        r.redact("java.io.FileNotFoundException: C:\\Users\\Ada Lovelace\\AppData\\Local\\Acme\\notes.db"
            + " (Access is denied)"));
    assertEquals("cwd /Users/[user]/Projects", r.redact("cwd /Users/ada.lovelace/Projects"));
    assertEquals("-javaagent:/home/[user]/agents/trace.jar", r.redact("-javaagent:/home/ada/agents/trace.jar"));
    assertEquals("jar:file:///home/[user]/app.jar!/", r.redact("jar:file:///home/ada/app.jar!/"));
    assertEquals("file:///C:/Users/[user]/app.jar", r.redact("file:///C:/Users/ada/app.jar"));
    assertEquals("{\"path\":\"C:\\\\Users\\\\[user]\\\\x\"}", r.redact("{\"path\":\"C:\\\\Users\\\\ada\\\\x\"}"));
    assertEquals("home is C:\\Users\\[user]. Done", r.redact("home is C:\\Users\\Ada. Done"));
    assertEquals("(/home/[user])", r.redact("(/home/ada)"));
    for (String once : new String[] {"C:\\Users\\[user].", "C:\\Users\\[user]) x", "/home/[user]/x"}) {
      assertEquals(once, r.redact(once));
    }
  }

  @Test
  void sharedProfilesAndWebPathsAreNotHomeDirectories() {
    Redactor r = Redactor.defaults();
    for (String kept : new String[] {
        "C:\\Users\\Public\\Documents", "/Users/Shared/Acme", "C:\\Users\\Default\\NTUSER.DAT",
        "https://example.com/home/ada/index.html", "GET https://api.example.com/Users/42/orders",
        "/var/lib/acme", "/data/user/0/com.acme.notes/files", "/homes/ada", "/home", "C:\\Program Files\\Acme"}) {
      assertEquals(kept, r.redact(kept));
    }
  }

  @Test
  void concurrentUseGivesSameResults() throws Exception {
    Redactor redactor = Redactor.builder().addPattern("order", Pattern.compile("ORD-\\d+")).build();
    String text = (MIXED + " ORD-7\n").repeat(200);
    String expected = redactor.redact(text);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<String>> tasks = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        tasks.add(() -> redactor.redact(text));
      }
      for (Future<String> f : pool.invokeAll(tasks, 20, TimeUnit.SECONDS)) {
        assertEquals(expected, f.get(1, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
  @Test
  void jsonEscapesAreReadAsTheCharactersTheyStandForAndKeptInTheOutput() {
    Redactor r = Redactor.defaults();
    // Python's json.dumps and Jackson's ASCII mode escape every non-ASCII letter; Gson escapes = and &.
    assertEquals("{\"\\u043f\\u0430\\u0440\\u043e\\u043b\\u044c\": \"[redacted]\"}",
        r.redact("{\"\\u043f\\u0430\\u0440\\u043e\\u043b\\u044c\": \"Zq8wPx72Lm\"}"));
    assertEquals("{\"user\": \"[email]\"}", r.redact("{\"user\": \"j\\u00f6rg.m\\u00fcller@example.com\"}"));
    assertEquals("cb?access_token\\u003d[redacted]\\u0026state\\u003dxyz",
        r.redact("cb?access_token\\u003d8f14e45fceea167a5a36dedd4bea2543\\u0026state\\u003dxyz"));
    // An escaped backslash before "u0041" or "/" escapes nothing.
    String literal = "{\"pattern\":\"a \\\\/ b \\\\u003d c\"}";
    assertEquals(literal, r.redact(literal));
  }
}
