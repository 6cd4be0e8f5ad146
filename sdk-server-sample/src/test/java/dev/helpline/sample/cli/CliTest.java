package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.sample.cli.HelplineJar.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in this JVM, for what is decided before any desk is asked: usage, help and bad input. Nothing
 * here listens on 127.0.0.1:1, so a command that did send a request would fail with a different message.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class CliTest {
  private static final String NOWHERE = "http://127.0.0.1:1";

  @TempDir Path tmp;

  private static Result run(Map<String, String> env, String... argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), errStream, env, DeskResolver.defaults(),
        new Progress(errStream, false)).run(argv);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), List.of(argv));
  }

  private static void assertRejected(Result r, String message) {
    assertEquals(ExitCodes.REJECTED, r.code, r.toString());
    assertEquals("", r.out, r.toString());
    assertEquals(1, r.err.trim().split("\n").length, "one line on stderr: " + r);
    assertTrue(r.err.startsWith("helpline: " + message), "expected 'helpline: " + message + "…' in " + r);
  }

  // ---- reading needs a user token

  @Test
  void aBlankUserTokenIsRefusedLikeAMissingOneByEveryReadingCommand() {
    String expected = "reading tickets needs the requester's user token: pass --user-token or set HELPLINE_USER_TOKEN";
    Map<String, String> env = Map.of("HELPLINE_TOKEN", "app-key");
    for (String blank : new String[] {"", "  "}) {
      assertRejected(run(env, "tickets", "--desk", NOWHERE, "--user-token", blank), expected);
      assertRejected(run(env, "show", "42", "--desk", NOWHERE, "--user-token", blank), expected);
      assertRejected(run(env, "reply", "42", "--desk", NOWHERE, "--user-token", blank, "--message", "hi"), expected);
      Map<String, String> blankEnv = new HashMap<>(env);
      blankEnv.put("HELPLINE_USER_TOKEN", blank);
      assertRejected(run(blankEnv, "tickets", "--desk", NOWHERE), expected);
      assertRejected(run(blankEnv, "show", "42", "--desk", NOWHERE), expected);
    }
  }

  @Test
  void aBadRequesterTicketIdOrUserTokenOfAReadIsRejectedAsBadInput() {
    Map<String, String> env = Map.of();
    assertRejected(run(env, "tickets", "--desk", NOWHERE, "--user-token", "u", "--requester", "ada@"),
        "bad --requester or --user-token: requester.email 'ada@' is not an e-mail address");
    assertRejected(run(env, "show", "42", "--desk", NOWHERE, "--user-token", "line1\nline2"),
        "user token has an illegal character at index 5");
    assertRejected(run(env, "show", "", "--desk", NOWHERE, "--user-token", "u"), "ticketId is blank");
  }

  @Test
  void aBlankUserTokenOptionDoesNotFallBackToTheEnvironment() {
    // As with --token: an explicit empty value (an unset variable in a script) is a mistake to report.
    Map<String, String> env = Map.of("HELPLINE_USER_TOKEN", "user-token-from-env");
    assertRejected(run(env, "tickets", "--desk", NOWHERE, "--user-token", ""),
        "reading tickets needs the requester's user token");
  }

  @Test
  void theDeskRefusesAnEmptyKeyBeforeStarting() {
    for (String key : new String[] {"--app-key", "--admin-key", "--token-secret"}) {
      assertRejected(run(Map.of(), "desk", "--port", "0", key, " "),
          key + " is empty; leave it out and the desk makes one up");
    }
  }

  // ---- desks that cannot be read

  @Test
  void readingFromADeskThatOnlyTakesTicketsSaysSoInTheCommandsWords() {
    String mail = "smtp://app@127.0.0.1:1?from=app@example.com&to=support@example.com";
    Map<String, String> env = Map.of("HELPLINE_TOKEN", "smtp-password", "HELPLINE_USER_TOKEN", "user-token");
    String[][] commands = {{"tickets"}, {"show", "42"}, {"reply", "42", "--message", "hi"}};
    String[] needs = {"listing a requester's tickets", "reading a ticket", "replying to a ticket"};
    for (int i = 0; i < commands.length; i++) {
      List<String> argv = new ArrayList<>(List.of(commands[i]));
      argv.addAll(List.of("--desk", mail, "--requester", "ada@example.com"));
      Result r = run(env, argv.toArray(new String[0]));
      assertRejected(r, "helpline " + commands[i][0] + " needs a desk that supports " + needs[i]
          + ", and this --desk (E-mail) does not");
      assertFalse(r.err.contains("capabilities()"), r.toString());
    }
  }

  // ---- text from files

  @Test
  void aDescriptionOrMessageFileThatIsNotUtf8IsRejectedInsteadOfGarbled() throws Exception {
    Path latin1 = tmp.resolve("notes.txt");
    Files.write(latin1, "Stra\u00DFe: caf\u00E9 closed".getBytes(StandardCharsets.ISO_8859_1));
    Map<String, String> env = Map.of("HELPLINE_TOKEN", "app-key", "HELPLINE_USER_TOKEN", "user-token");
    assertRejected(run(env, "file", "--desk", NOWHERE, "--data", tmp.resolve("data").toString(), "--subject", "s",
        "--description-file", latin1.toString(), "--wait", "0"),
        "--description-file " + latin1 + " is not UTF-8 text (at byte offset 4); convert it to UTF-8,"
            + " for example with iconv (nothing was queued)");
    assertRejected(run(env, "reply", "42", "--desk", NOWHERE, "--message-file", latin1.toString()),
        "--message-file " + latin1 + " is not UTF-8 text (at byte offset 4); convert it to UTF-8,"
            + " for example with iconv (nothing was sent)");
    assertFalse(Files.exists(tmp.resolve("data")), "no outbox was opened");
  }

  @Test
  void aUtf8DescriptionFileIsReadAsItIs() throws Exception {
    Path notes = tmp.resolve("notes.txt");
    String text = "Stra\u00DFe: caf\u00E9 closed \uD83D\uDE00";
    Files.write(notes, text.getBytes(StandardCharsets.UTF_8));
    assertEquals(text, Cli.readText("--description-file", notes.toString(), "description", "nothing was queued"));
  }

  // ---- help

  @Test
  void everyCommandPrintsItsUsageOnStdoutForHelpAndDashH() {
    for (String command : new String[] {"file", "tickets", "show", "reply", "status", "notices", "outbox", "flush",
        "desk", "demo"}) {
      for (String[] argv : new String[][] {{command, "--help"}, {command, "-h"}, {"help", command},
          {command, "--desk", NOWHERE, "--unknown", "--help"}}) {
        Result r = run(Map.of(), argv);
        assertEquals(ExitCodes.OK, r.code, r.toString());
        assertTrue(r.out.startsWith("usage: helpline " + command + " "), r.toString());
        assertTrue(r.out.contains("Exit codes: "), r.toString());
        assertEquals("", r.err, r.toString());
      }
    }
  }

  @Test
  void helpOfAnUnknownCommandIsRejected() {
    assertRejected(run(Map.of(), "help", "frobnicate"), "unknown command 'frobnicate'; expected file, tickets,");
  }
}
