package dev.helpline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.helpline.server.internal.Fingerprints;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  @Test
  void messagesLoseTheirVaryingParts() {
    assertEquals("user <n> not found in <q> at <ts> (<uuid>, <hex>, <hex>)",
        Fingerprints.normalizeMessage("user 4711 not found in 'eu-west' at 2026-11-24T10:00:00.123Z "
            + "(6f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c, 0x7ffe12, deadbeef42)"));
    assertEquals("timeout after <n> ms at <ts>", Fingerprints.normalizeMessage("timeout after 30.5 ms at 10:01:02"));
    assertEquals("object@<hex> is closed", Fingerprints.normalizeMessage("object@1b6d3586 is closed"));
    assertEquals("", Fingerprints.normalizeMessage(null));
    // An apostrophe inside a word opens no quoted value.
    assertEquals("Can't find user <q>", Fingerprints.normalizeMessage("Can't find user 'alice'"));
  }

  @Test
  void oneFailureWithDifferentIdsHasOneFingerprint() {
    String a = Fingerprints.of(at(new IllegalStateException("order 17 of \"ada\" failed"), "com.acme.Shop"),
        List.of(), 5);
    String b = Fingerprints.of(at(new IllegalStateException("order 99 of \"bob\" failed"), "com.acme.Shop"),
        List.of(), 5);
    assertEquals(a, b);
    assertEquals(16, a.length());
    assertNotEquals(a, Fingerprints.of(at(new IllegalArgumentException("order 17 of \"ada\" failed"),
        "com.acme.Shop"), List.of(), 5), "another type");
    assertNotEquals(a, Fingerprints.of(at(new IllegalStateException("order 17 was refunded"), "com.acme.Shop"),
        List.of(), 5), "another message");
    assertNotEquals(a, Fingerprints.of(at(new IllegalStateException("order 17 of \"ada\" failed"), "com.acme.Cart"),
        List.of(), 5), "another place");
  }

  @Test
  void onlyTheApplicationsOwnFramesCountWhenItsPackagesAreGiven() {
    IllegalStateException viaOldFramework = new IllegalStateException("boom");
    viaOldFramework.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("org.framework.v1.Invoker", "invoke", "Invoker.java", 10),
        new StackTraceElement("com.acme.Billing", "charge", "Billing.java", 42),
        new StackTraceElement("com.acme.Jobs", "run", "Jobs.java", 7)});
    IllegalStateException viaNewFramework = new IllegalStateException("boom");
    viaNewFramework.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("org.framework.v2.Dispatcher", "dispatch", "Dispatcher.java", 99),
        new StackTraceElement("org.framework.v2.Invoker", "call", "Invoker.java", 12),
        new StackTraceElement("com.acme.Billing", "charge", "Billing.java", 44),
        new StackTraceElement("com.acme.Jobs", "run", "Jobs.java", 9)});
    assertEquals(Fingerprints.of(viaOldFramework, List.of("com.acme."), 5),
        Fingerprints.of(viaNewFramework, List.of("com.acme."), 5));
    assertNotEquals(Fingerprints.of(viaOldFramework, List.of(), 5), Fingerprints.of(viaNewFramework, List.of(), 5));
    // No frame in the application's packages: the top frames count rather than none.
    assertNotEquals(Fingerprints.of(viaOldFramework, List.of("org.other."), 5),
        Fingerprints.of(viaNewFramework, List.of("org.other."), 5));
  }

  @Test
  void errorsLoggedWithoutAThrowableAreFingerprintedBySourceAndMessage() {
    assertEquals(Fingerprints.ofMessage("com.acme.Sync", "sync of 12 items failed"),
        Fingerprints.ofMessage("com.acme.Sync", "sync of 400 items failed"));
    assertNotEquals(Fingerprints.ofMessage("com.acme.Sync", "sync failed"),
        Fingerprints.ofMessage("com.acme.Other", "sync failed"));
  }

  private static <T extends Throwable> T at(T error, String className) {
    error.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, "handle", "X.java", 1)});
    return error;
  }
}
