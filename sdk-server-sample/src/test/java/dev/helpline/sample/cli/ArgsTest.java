package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ArgsTest {
  private static Args.Spec spec() {
    return new Args.Spec(0, 1, "an ID").value("--subject", "--wait").secret("--token").repeated("--attach")
        .flag("--diagnostics");
  }

  private static Args parse(String... argv) throws CliException {
    return Args.parse("file", Arrays.asList(argv), spec());
  }

  @Test
  void parsesValuesInlineValuesRepeatsFlagsAndPositionals() throws CliException {
    Args a = parse("42", "--subject", "Hello", "--attach", "a.txt", "--attach=b.txt", "--diagnostics",
        "--wait=5");
    assertEquals("Hello", a.value("--subject"));
    assertEquals(List.of("a.txt", "b.txt"), a.values("--attach"));
    assertTrue(a.flag("--diagnostics"));
    assertEquals(5, a.seconds("--wait", 30, 100));
    assertFalse(a.has("--token"));
    assertThrows(CliException.class, () -> parse("42", "--", "x"), "one positional at most");
    assertEquals(List.of("--not-an-option"), parse("--", "--not-an-option").positional());
  }

  @Test
  void rejectsUnknownOptionsMissingValuesRepeatsAndBadNumbers() {
    assertMessage("unknown option --subjet for 'file'; expected one of --subject, --wait, --token, --attach,"
        + " --diagnostics", "--subjet", "x");
    assertMessage("--subject needs a value", "--subject");
    assertMessage("--subject needs a value", "--subject", "--diagnostics");
    assertMessage("--subject was given more than once", "--subject", "a", "--subject", "b");
    assertMessage("--diagnostics takes no value", "--diagnostics=yes");
    assertMessage("unexpected argument 'b' for 'file'", "a", "b");
  }

  @Test
  void aShortOptionIsAnUnknownOptionNamingItselfNotAnArgument() throws CliException {
    // As arguments, "show -j 42" blamed 42, and "show --desk URL -j" asked the desk for a ticket "-j".
    assertMessage("unknown option -j for 'file'; expected one of --subject, --wait, --token, --attach, --diagnostics"
        + " (an argument starting with '-' goes after --)", "-j", "42");
    assertMessage("unknown option -v for 'file'", "--subject", "s", "-v");
    assertMessage("unknown option -x for 'file'", "-x=1");
    assertEquals(List.of("-j"), parse("--", "-j").positional(), "after --");
    assertEquals(List.of("-"), parse("-").positional(), "a lone dash is an argument");
    assertEquals("-1", parse("--wait", "-1").value("--wait"), "the value of an option");
  }

  @Test
  void helpOrDashHWhereAnOptionCouldStandAsksForUsageWhateverElseIsGiven() throws CliException {
    for (String[] argv : new String[][] {{"--help"}, {"-h"}, {"42", "-h"}, {"--subjet", "x", "--help"},
        {"--subject", "--help"}, {"--help=yes"}}) {
      CliException e = assertThrows(CliException.class, () -> parse(argv), Arrays.toString(argv));
      assertEquals("file", e.helpFor(), Arrays.toString(argv));
      assertEquals(ExitCodes.OK, e.exitCode());
    }
    assertEquals("-h", parse("--subject", "-h").value("--subject"), "the value of an option");
    assertEquals(List.of("-h"), parse("--", "-h").positional(), "after --");
    assertEquals(null, assertThrows(CliException.class, () -> parse("--subjet", "x")).helpFor());
  }

  @Test
  void messagesNeverQuoteASecretValue() {
    CliException e = assertThrows(CliException.class,
        () -> parse("--token", "s3cr3t-value", "--token", "other-s3cr3t"));
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    assertEquals(ExitCodes.REJECTED, e.exitCode());
  }

  @Test
  void progressRewritesOneLineOnATerminalAndPrintsTenthsElsewhere() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    Progress onTerminal = new Progress(new PrintStream(terminal, true, StandardCharsets.UTF_8), true);
    for (int i = 1; i <= 100; i++) onTerminal.update("delivering", i, 100, false);
    String t = terminal.toString(StandardCharsets.UTF_8);
    assertEquals(100, t.chars().filter(c -> c == '\r').count());
    assertTrue(t.endsWith("delivering: 100 of 100 (100%)   \n"), t);

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Progress plain = new Progress(new PrintStream(log, true, StandardCharsets.UTF_8), false);
    for (long sent = 0; sent <= 4L * 1024 * 1024; sent += 64 * 1024) plain.update("uploading", sent, 4L << 20, true);
    String p = log.toString(StandardCharsets.UTF_8);
    assertFalse(p.contains("\r"));
    assertEquals(11, p.split("\n").length, p);
    assertTrue(p.contains("uploading: 2.0 MiB of 4.0 MiB (50%)"), p);
  }

  private static void assertMessage(String expected, String... argv) {
    CliException e = assertThrows(CliException.class, () -> parse(argv));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
