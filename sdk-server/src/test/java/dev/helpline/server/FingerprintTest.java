package dev.helpline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.helpline.server.internal.Fingerprints;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
  @TempDir Path dir;

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

  @Test
  void aLambdaAddedAboveTheFailingOneKeepsTheFingerprint() throws Exception {
    String v1 = "package com.acme;\n"
        + "public class Billing {\n"
        + "  public static void charge() {\n"
        + "    Runnable r = () -> { throw new IllegalStateException(\"card declined\"); };\n"
        + "    r.run();\n"
        + "  }\n"
        + "}\n";
    // The next release adds an unrelated lambda above charge(): javac numbers charge's lambda $1, not $0.
    String v2 = v1.replace("public class Billing {\n",
        "public class Billing {\n  public static Runnable audit() { return () -> System.out.println(\"audit\"); }\n");
    assertEquals(fingerprintOfBuild("v1", v1), fingerprintOfBuild("v2", v2));
  }

  /** Compiles {@code source} as com.acme.Billing, runs its charge() and returns the fingerprint of its failure. */
  private String fingerprintOfBuild(String name, String source) throws Exception {
    Path src = dir.resolve(name + "/src/com/acme/Billing.java");
    Path out = dir.resolve(name + "/classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(out);
    Files.writeString(src, source);
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString()));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, null)) {
      loader.loadClass("com.acme.Billing").getMethod("charge").invoke(null);
      throw new AssertionError("charge() did not fail");
    } catch (InvocationTargetException e) {
      return Fingerprints.of(e.getCause(), List.of("com.acme."), 5);
    }
  }

  @Test
  void theNumbersOfSyntheticCodeDoNotCount() {
    assertEquals(fingerprintAt("com.acme.Billing", "lambda$charge$0"),
        fingerprintAt("com.acme.Billing", "lambda$charge$3"));
    assertEquals(fingerprintAt("com.acme.Billing", "access$100"), fingerprintAt("com.acme.Billing", "access$200"));
    assertEquals(fingerprintAt("com.acme.Billing$1", "run"), fingerprintAt("com.acme.Billing$2", "run"));
    assertEquals(fingerprintAt("com.acme.Billing$$Lambda$14/0x0000000800c02a00", "run"),
        fingerprintAt("com.acme.Billing$$Lambda$15/0x0000000800c03b18", "run"));
    assertEquals(fingerprintAt("com.acme.Billing$$Lambda$14/0x0000000800c02a00", "run"),
        fingerprintAt("com.acme.Billing$$Lambda/0x0000000800c03b18", "run"), "the JDK 21 form");
    assertNotEquals(fingerprintAt("com.acme.Billing", "lambda$charge$0"),
        fingerprintAt("com.acme.Billing", "lambda$refund$0"));
    assertNotEquals(fingerprintAt("com.acme.Billing$Card", "run"), fingerprintAt("com.acme.Billing$Iban", "run"));
  }

  private static String fingerprintAt(String className, String method) {
    IllegalStateException e = new IllegalStateException("card declined");
    e.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, method, "Billing.java", 1)});
    return Fingerprints.of(e, List.of(), 5);
  }

  public static void failingHandler() {
    throw new IllegalStateException("payment provider unavailable");
  }

  @Test
  void oneFailureReachedThroughReflectionHasOneFingerprint() throws Exception {
    // After some calls the JVM swaps its native method accessor for a generated one (on JDK 17: after 15).
    Method handler = FingerprintTest.class.getMethod("failingHandler");
    Set<String> fingerprints = new TreeSet<>();
    for (int i = 0; i < 30; i++) {
      try {
        handler.invoke(null);
      } catch (InvocationTargetException e) {
        fingerprints.add(Fingerprints.of(e.getCause(), List.of(), 5));
      }
    }
    assertEquals(1, fingerprints.size(), "fingerprints of one failure: " + fingerprints);
  }

  @Test
  void framesOfReflectionAndProxiesAreSkipped() {
    IllegalStateException direct = new IllegalStateException("boom");
    direct.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("com.acme.Billing", "charge", "Billing.java", 42),
        new StackTraceElement("com.acme.Jobs", "run", "Jobs.java", 7)});
    IllegalStateException reflected = new IllegalStateException("boom");
    reflected.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("com.acme.Billing", "charge", "Billing.java", 42),
        new StackTraceElement("jdk.internal.reflect.GeneratedMethodAccessor12", "invoke", null, -1),
        new StackTraceElement("jdk.internal.reflect.DelegatingMethodAccessorImpl", "invoke", null, 43),
        new StackTraceElement("java.lang.reflect.Method", "invoke", "Method.java", 568),
        new StackTraceElement("jdk.proxy2.$Proxy31", "charge", null, -1),
        new StackTraceElement("com.acme.Jobs", "run", "Jobs.java", 7)});
    assertEquals(Fingerprints.of(direct, List.of(), 5), Fingerprints.of(reflected, List.of(), 5));
  }

  @Test
  void aLongMessageWithAnIdKeepsItsFingerprint() {
    // The ids are replaced before the message is cut to 4,096 characters, so their lengths do not move the cut.
    String tail = " failed: insert into invoices values " + "(?, ?, ?), ".repeat(500);
    assertEquals(Fingerprints.ofMessage("com.acme.Import", "batch 7" + tail),
        Fingerprints.ofMessage("com.acme.Import", "batch 123456" + tail));
    assertNotEquals(Fingerprints.ofMessage("com.acme.Import", "batch 7" + tail),
        Fingerprints.ofMessage("com.acme.Import", "batch 7" + tail.replace("invoices", "payments")));
  }

  private static <T extends Throwable> T at(T error, String className) {
    error.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, "handle", "X.java", 1)});
    return error;
  }
}
