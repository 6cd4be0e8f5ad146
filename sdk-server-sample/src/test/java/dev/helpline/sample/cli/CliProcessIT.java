package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import dev.helpline.sample.cli.HelplineJar.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code target/helpline.jar} as a separate process against a test desk in this JVM: every command, the exit
 * codes, bad input, and that no token ever appears in stdout or stderr.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CliProcessIT {
  private static final String APP_KEY = "app_SECRET_k3y_for_cli_tests";
  private static final String WRONG_KEY = "app_SECRET_wrong_k3y";
  private static final String EMAIL = "ada@example.com";
  private static final Pattern FILE_JSON =
      Pattern.compile("\\{\"localId\":\"([0-9a-f-]{36})\",\"ticketId\":(null|\"([^\"]+)\"),\"state\":\"(\\w+)\"");

  private static TestDesk desk;
  private static String userToken;

  @TempDir Path tmp;
  private Path data;

  @BeforeAll
  static void startDesk() throws IOException {
    desk = TestDesk.builder().appKey(APP_KEY).start();
    userToken = desk.issueUserToken("user-ada", EMAIL, Duration.ofHours(1));
  }

  @AfterAll
  static void stopDesk() {
    desk.close();
  }

  @BeforeEach
  void setUp() {
    data = tmp.resolve("data");
    desk.faults().clear();
  }

  // ---- file

  @Test
  void fileDeliversAndPrintsTheResultAsJson() throws Exception {
    Path attachment = tmp.resolve("settings.txt");
    Files.write(attachment, "sync.interval=60s\n".getBytes(StandardCharsets.UTF_8));
    Result r = run(env(), "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject", "Sync stops",
        "--description", "After an hour.", "--category", "sync", "--priority", "high", "--requester", EMAIL,
        "--attach", attachment.toString(), "--diagnostics");
    assertEquals(0, r.code, r.toString());
    Matcher m = fileJson(r);
    assertEquals("delivered", m.group(4));
    DeskTicket t = desk.ticket(m.group(3));
    assertEquals("Sync stops", t.subject());
    assertEquals("high", t.priority());
    assertEquals("sync", t.category());
    assertEquals(EMAIL, t.requesterEmail());
    assertEquals(m.group(1), t.idempotencyKey());
    assertTrue(t.attachments().stream().anyMatch(f -> f.fileName().equals("settings.txt")), t.toString());
    assertTrue(t.attachments().stream().anyMatch(f -> f.fileName().equals("diagnostics.json")), t.toString());
    assertOutboxEmpty();
  }

  @Test
  void fileShowsUploadProgressForABigAttachment() throws Exception {
    Path big = tmp.resolve("heap.hprof");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(3L * 1024 * 1024);
    }
    Result r = run(env(), "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject", "Heap dump",
        "--attach", big.toString());
    assertEquals(0, r.code, r.toString());
    assertTrue(r.err.contains("uploading: "), r.toString());
    assertTrue(r.err.contains("(100%)"), r.toString());
    assertEquals(3L * 1024 * 1024, desk.ticket(fileJson(r).group(3)).attachments().get(0).size());
  }

  @Test
  void fileTakesTheTokenFromTheEnvironmentAndTheDescriptionFromAFile() throws Exception {
    Path description = tmp.resolve("description.md");
    Files.write(description, "Steps:\n1. open\n2. wait".getBytes(StandardCharsets.UTF_8));
    Map<String, String> env = new HashMap<>();
    env.put("HELPLINE_TOKEN", APP_KEY);
    Result r = runWith(env, "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject", "From env",
        "--description-file", description.toString());
    assertEquals(0, r.code, r.toString());
    assertEquals("Steps:\n1. open\n2. wait", desk.ticket(fileJson(r).group(3)).description());
  }

  @Test
  void missingSubjectIsRejectedBeforeAnythingIsQueued() throws Exception {
    int before = desk.createRequestCount();
    Result r = run(env(), "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--description", "x");
    assertRejected(r, "--subject is required");
    assertEquals(before, desk.createRequestCount());
    assertOutboxEmpty();
  }

  @Test
  void unreadableAttachmentIsRejectedBeforeAnythingIsQueued() throws Exception {
    int before = desk.createRequestCount();
    Result missing = run(env(), "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject", "s",
        "--attach", tmp.resolve("nope.log").toString());
    assertRejected(missing, "nope.log: no such file");
    Result directory = run(env(), "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject", "s",
        "--attach", tmp.toString());
    assertRejected(directory, "not a regular file");
    assertEquals(before, desk.createRequestCount());
    assertOutboxEmpty();
  }

  @Test
  void aDescriptionOrMessageFileFarOverTheLimitIsRejectedWithoutReadingItWhole() throws Exception {
    // 3 GiB, sparse (no disk space used): more than a byte array holds, like a device without end (/dev/zero).
    Path huge = tmp.resolve("huge.log");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(3L << 30);
    }
    int before = desk.createRequestCount();
    Result description = run(env(), "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject", "s",
        "--description-file", huge.toString());
    assertRejected(description, "--description-file " + huge + " holds more than 65536 bytes, the limit of a"
        + " description (nothing was queued)");
    Result message = run(env(), "reply", "42", "--desk", desk.baseUrl(), "--message-file", huge.toString());
    assertRejected(message, "--message-file " + huge + " holds more than 65536 bytes, the limit of a reply"
        + " (nothing was sent)");
    assertEquals(before, desk.createRequestCount());
    assertOutboxEmpty();
  }

  @Test
  void oversizedAttachmentIsRejectedWithTheLimit() throws Exception {
    Path big = tmp.resolve("big.bin");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(10L * 1024 * 1024 + 1); // sparse: no disk space used
    }
    int before = desk.createRequestCount();
    Result r = run(env(), "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject", "s",
        "--attach", big.toString());
    assertRejected(r, "10485761 bytes; the limit is 10485760");
    assertTrue(r.err.contains("nothing was queued"), r.toString());
    assertEquals(before, desk.createRequestCount());
    assertOutboxEmpty();
  }

  @Test
  void badDeskUrlIsRejected() throws Exception {
    assertRejected(run(env(), "file", "--desk", "not a url", "--data", data.toString(), "--subject", "s"),
        "--desk 'not a url' is not an http:// or https:// URL");
    assertRejected(run(env(), "file", "--desk", "ftp://desk.example.com", "--data", data.toString(), "--subject",
        "s"), "no connector for desk scheme 'ftp' on the class path (available: ");
    assertRejected(run(env(), "file", "--data", data.toString(), "--subject", "s"), "--desk is required");
    assertOutboxEmpty();
  }

  @Test
  void requestTrackerNeedsItsTokenAndAnUnreachableRtKeepsTheTicketQueued() throws Exception {
    assertRejected(runWith(new HashMap<>(), "file", "--desk", "rt+http://127.0.0.1:1/", "--data", data.toString(),
        "--subject", "s"), "HELPLINE_TOKEN");
    Map<String, String> env = new HashMap<>();
    env.put("HELPLINE_TOKEN", "1-14-00000000000000000000000000000000");
    Result r = runWith(env, "file", "--desk", "rt+http://127.0.0.1:1/REST/2.0", "--data", data.toString(),
        "--subject", "Printer on fire", "--wait", "1");
    assertEquals(3, r.code, r.toString());
    assertEquals("queued", fileJson(r).group(4));
  }

  @Test
  void wrongTokenIsAPermanentRefusalAndLeavesNothingBehind() throws Exception {
    int tickets = desk.ticketCount();
    Map<String, String> env = new HashMap<>();
    env.put("HELPLINE_TOKEN", WRONG_KEY);
    Result r = runWith(env, "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject", "s");
    assertEquals(2, r.code, r.toString());
    assertEquals("rejected", fileJson(r).group(4));
    assertOneLine(r.err);
    assertTrue(r.err.contains("HTTP 401"), r.toString());
    assertTrue(r.err.contains("check the app key"), r.toString());
    assertEquals(tickets, desk.ticketCount());
    assertOutboxEmpty();
  }

  @Test
  void missingTokenIsRejected() throws Exception {
    Result r = runWith(new HashMap<>(), "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject", "s");
    assertRejected(r, "pass --token or set HELPLINE_TOKEN");
  }

  @Test
  void unknownOptionsMissingValuesAndUnknownCommandsAreRejected() throws Exception {
    assertRejected(run(env(), "file", "--subjet", "s"), "unknown option --subjet for 'file'");
    assertRejected(run(env(), "file", "--desk", desk.baseUrl(), "--subject"), "--subject needs a value");
    assertRejected(run(env(), "file", "--wait", "soon", "--subject", "s", "--desk", desk.baseUrl()),
        "--wait is 'soon'");
    assertRejected(run(env(), "frobnicate"), "unknown command 'frobnicate'");
    assertRejected(run(env(), "show"), "'show' needs a ticket ID");
  }

  // ---- queued, outbox, flush

  @Test
  void unreachableDeskQueuesThenFlushDelivers() throws Exception {
    String dead = deadUrl();
    Result r = run(env(), "file", "--desk", dead, "--data", data.toString(), "--subject", "While offline",
        "--wait", "1");
    assertEquals(3, r.code, r.toString());
    Matcher m = fileJson(r);
    assertEquals("queued", m.group(4));
    assertEquals("null", m.group(2));
    String localId = m.group(1);
    assertTrue(r.err.contains("stays queued"), r.toString());

    Result outbox = run(env(), "outbox", "--data", data.toString());
    assertEquals(0, outbox.code, outbox.toString());
    assertTrue(outbox.out.contains("1 pending, 0 failed"), outbox.toString());
    assertTrue(outbox.out.contains("pending " + localId), outbox.toString());
    assertTrue(outbox.out.contains("last error:"), outbox.toString());
    Result outboxJson = run(env(), "outbox", "--data", data.toString(), "--json");
    assertTrue(outboxJson.out.startsWith("{\"submissions\":[{\"localId\":\"" + localId + "\",\"state\":\"pending\","
        + "\"subject\":\"While offline\""), outboxJson.toString());

    Result flush = run(env(), "flush", "--desk", desk.baseUrl(), "--data", data.toString());
    assertEquals(0, flush.code, flush.toString());
    assertEquals("{\"delivered\":1,\"pending\":0,\"failed\":0}", flush.out.trim());
    assertTrue(desk.tickets().stream().anyMatch(t -> t.idempotencyKey().equals(localId)));
    assertOutboxEmpty();
  }

  @Test
  void flushShowsProgressAndFailsWhenTheDeskRefuses() throws Exception {
    String dead = deadUrl();
    for (int i = 0; i < 3; i++) {
      assertEquals(3, run(env(), "file", "--desk", dead, "--data", data.toString(), "--subject", "queued " + i,
          "--wait", "0").code);
    }
    Map<String, String> wrong = new HashMap<>();
    wrong.put("HELPLINE_TOKEN", WRONG_KEY);
    Result refused = runWith(wrong, "flush", "--desk", desk.baseUrl(), "--data", data.toString());
    assertEquals(2, refused.code, refused.toString());
    assertEquals("{\"delivered\":0,\"pending\":0,\"failed\":3}", refused.out.trim());
    assertTrue(refused.err.contains("delivering the outbox: 3 of 3 (100%)"), refused.toString());
    assertTrue(refused.err.contains("3 submission(s) refused by the desk"), refused.toString());

    Result outbox = run(env(), "outbox", "--data", data.toString());
    assertTrue(outbox.out.contains("0 pending, 3 failed"), outbox.toString());
    assertTrue(outbox.out.contains("reason: desk refused the request: HTTP 401"), outbox.toString());

    String firstFailed = outbox.out.split("\n")[1].split("\\s+")[1];
    Result discard = run(env(), "outbox", "--data", data.toString(), "--discard", firstFailed);
    assertEquals(0, discard.code, discard.toString());
    assertTrue(discard.out.contains("0 pending, 2 failed"), discard.toString());
    Result retry = run(env(), "outbox", "--data", data.toString(), "--retry", "all");
    assertEquals(0, retry.code, retry.toString());
    assertTrue(retry.out.contains("2 pending, 0 failed"), retry.toString());
    Result unknown = run(env(), "outbox", "--data", data.toString(), "--retry", "no-such-id");
    assertEquals(2, unknown.code, unknown.toString());
    Result delivered = run(env(), "flush", "--desk", desk.baseUrl(), "--data", data.toString());
    assertEquals(0, delivered.code, delivered.toString());
    assertEquals("{\"delivered\":2,\"pending\":0,\"failed\":0}", delivered.out.trim());
  }

  @Test
  void progressRedirectedToAFileIsPlainLinesEvenWhenTheCommandRunsOnATerminal() throws Exception {
    // script(1) gives the command a terminal for stdin and stdout; stderr goes to a file, as in "2>flush.log".
    assertTrue(Files.isExecutable(Paths.get("/usr/bin/script")),
        "needs script(1) (Debian's essential package bsdutils, util-linux elsewhere)");
    String dead = deadUrl();
    for (int i = 0; i < 3; i++) {
      assertEquals(3, run(env(), "file", "--desk", dead, "--data", data.toString(), "--subject", "queued " + i,
          "--wait", "0").code);
    }
    Path log = tmp.resolve("flush.log");
    String command = String.join(" ", quoted(HelplineJar.java()), quoted("-Duser.home=" + tmp.resolve("home")),
        "-jar", quoted(HelplineJar.jar()), "flush", "--desk", quoted(desk.baseUrl()), "--data",
        quoted(data.toString()), "2>" + quoted(log.toString()));
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null")
        .redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(tmp.resolve("terminal.txt").toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().keySet().removeIf(name -> name.startsWith("HELPLINE_"));
    pb.environment().putAll(env());
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "flush did not end");
    assertEquals(0, p.exitValue(), read(tmp.resolve("terminal.txt")));
    String progress = read(log);
    assertTrue(progress.contains("delivering the outbox: 3 of 3 (100%)\n"), progress);
    assertFalse(progress.contains("\r"), "a terminal's carriage returns in a file: " + progress.replace("\r", "\\r"));
  }

  private static String quoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @Test
  void flushOfAnUnreachableDeskExitsWithPending() throws Exception {
    assertEquals(3, run(env(), "file", "--desk", deadUrl(), "--data", data.toString(), "--subject", "s",
        "--wait", "0").code);
    Result r = run(env(), "flush", "--desk", deadUrl(), "--data", data.toString(), "--wait", "10");
    assertEquals(3, r.code, r.toString());
    assertEquals("{\"delivered\":0,\"pending\":1,\"failed\":0}", r.out.trim());
  }

  @Test
  void emptyOutboxListsNothingAndFlushesCleanly() throws Exception {
    Result outbox = run(env(), "outbox", "--data", data.toString());
    assertEquals(0, outbox.code, outbox.toString());
    assertTrue(outbox.out.contains("The outbox is empty"), outbox.toString());
    Result flush = run(env(), "flush", "--desk", desk.baseUrl(), "--data", data.toString());
    assertEquals(0, flush.code, flush.toString());
  }

  // ---- reading tickets

  @Test
  void ticketsShowAndReplyReadTheRequestersTickets() throws Exception {
    Result filed = run(env(), "file", "--desk", desk.baseUrl(), "--data", data.toString(), "--subject",
        "Printing fails", "--requester", EMAIL);
    String id = fileJson(filed).group(3);
    desk.admin().reply(id, "Which printer model?");

    Result list = run(env(), "tickets", "--desk", desk.baseUrl(), "--requester", EMAIL);
    assertEquals(0, list.code, list.toString());
    assertTrue(list.out.contains("Printing fails"), list.toString());

    Result show = run(env(), "show", id, "--desk", desk.baseUrl());
    assertEquals(0, show.code, show.toString());
    assertTrue(show.out.contains("Ticket " + id + ": Printing fails"), show.toString());
    assertTrue(show.out.contains("Which printer model?"), show.toString());

    Result listJson = run(env(), "tickets", "--desk", desk.baseUrl(), "--json");
    assertEquals(0, listJson.code, listJson.toString());
    assertTrue(listJson.out.startsWith("{\"tickets\":[{\"id\":"), listJson.toString());
    assertTrue(listJson.out.contains("\"subject\":\"Printing fails\""), listJson.toString());
    Result showJson = run(env(), "show", id, "--desk", desk.baseUrl(), "--json");
    assertEquals(0, showJson.code, showJson.toString());
    assertTrue(showJson.out.startsWith("{\"ticket\":{\"id\":\"" + id + "\""), showJson.toString());
    assertTrue(showJson.out.contains("\"author\":\"agent\",\"authorName\":\"Support\",\"body\":\"Which printer"
        + " model?\""), showJson.toString());

    Result reply = run(env(), "reply", id, "--desk", desk.baseUrl(), "--message", "An HP LaserJet 4");
    assertEquals(0, reply.code, reply.toString());
    assertTrue(reply.out.startsWith("{\"ticketId\":\"" + id + "\",\"messageId\":"), reply.toString());
    assertTrue(desk.ticket(id).messages().stream().anyMatch(msg -> msg.body().equals("An HP LaserJet 4")));
  }

  @Test
  void readingWithoutAUserTokenIsRejectedAndAWrongOneIsRefused() throws Exception {
    Map<String, String> noUserToken = new HashMap<>();
    noUserToken.put("HELPLINE_TOKEN", APP_KEY);
    assertRejected(runWith(noUserToken, "tickets", "--desk", desk.baseUrl()),
        "pass --user-token or set HELPLINE_USER_TOKEN");
    Result wrong = runWith(noUserToken, "tickets", "--desk", desk.baseUrl(), "--user-token", WRONG_KEY);
    assertRejected(wrong, "HTTP 401");
    assertFalse(wrong.out.contains(WRONG_KEY) || wrong.err.contains(WRONG_KEY));
  }

  @Test
  void showOfAnUnknownTicketIsRefused() throws Exception {
    assertRejected(run(env(), "show", "999999", "--desk", desk.baseUrl()), "HTTP 404");
  }

  // ---- status and notices

  @Test
  void statusAndNoticesShowTheFeed() throws Exception {
    desk.admin().setComponent("Sync", "degraded_performance");
    desk.admin().publishNotice("{\"id\":\"n-cli\",\"type\":\"announcement\",\"title\":\"New sync engine\","
        + "\"body\":\"Faster uploads.\"}");
    Result status = run(env(), "status", "--feed", desk.baseUrl());
    assertEquals(0, status.code, status.toString());
    assertTrue(status.out.contains("Sync"), status.toString());
    assertTrue(status.out.contains("degraded performance"), status.toString());

    Result summaryJson = run(env(), "status", "--feed", desk.baseUrl() + "/api/v2/summary.json");
    assertEquals(0, summaryJson.code, summaryJson.toString());
    assertTrue(summaryJson.out.contains("degraded performance"), summaryJson.toString());

    Result statusJson = run(env(), "status", "--desk", desk.baseUrl(), "--json");
    assertEquals(0, statusJson.code, statusJson.toString());
    assertTrue(statusJson.out.contains("{\"name\":\"Sync\",\"status\":\"degraded_performance\"}"),
        statusJson.toString());
    Result noticesJson = run(env(), "notices", "--feed", desk.baseUrl(), "--json");
    assertTrue(noticesJson.out.contains("\"id\":\"n-cli\",\"type\":\"announcement\""), noticesJson.toString());

    Result notices = run(env(), "notices", "--feed", desk.baseUrl());
    assertEquals(0, notices.code, notices.toString());
    assertTrue(notices.out.contains("[active] announcement (info): New sync engine"), notices.toString());
  }

  @Test
  void statusShowsIncidentsWithTheirLatestUpdateAndNoticesShowTheMaintenanceWithItsPhase() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    desk.admin().publishStatus("{\"page\":{\"id\":\"p\",\"name\":\"Acme\"},"
        + "\"status\":{\"indicator\":\"major\",\"description\":\"Partial System Outage\"},"
        + "\"components\":[{\"id\":\"c1\",\"name\":\"Uploads\",\"status\":\"partial_outage\"},"
        + "{\"id\":\"c2\",\"name\":\"Search\",\"status\":\"operational\"}],"
        + "\"incidents\":[{\"id\":\"i1\",\"name\":\"Uploads failing\",\"status\":\"identified\","
        + "\"impact\":\"major\",\"components\":[{\"id\":\"c1\",\"name\":\"Uploads\"}],\"incident_updates\":["
        + "{\"id\":\"u1\",\"body\":\"Looking into it.\",\"display_at\":\"" + now.minusSeconds(600) + "\"},"
        + "{\"id\":\"u2\",\"body\":\"<p>Cause found &amp; fix deploying.</p>\",\"display_at\":\""
        + now.minusSeconds(60) + "\"}]},"
        + "{\"id\":\"i0\",\"name\":\"Old outage\",\"status\":\"resolved\",\"impact\":\"minor\"}],"
        + "\"scheduled_maintenances\":[{\"id\":\"m1\",\"name\":\"Search reindex\",\"status\":\"scheduled\","
        + "\"impact\":\"maintenance\",\"scheduled_for\":\"" + now.plusSeconds(7200) + "\",\"scheduled_until\":\""
        + now.plusSeconds(10800) + "\",\"components\":[{\"id\":\"c2\",\"name\":\"Search\"}]}]}");

    Result status = run(env(), "status", "--feed", desk.baseUrl());
    assertEquals(0, status.code, status.toString());
    assertTrue(status.out.startsWith("Partial System Outage (indicator major)"), status.toString());
    assertTrue(status.out.contains("! Uploads                  partial outage"), status.toString());
    assertTrue(status.out.contains("  Search                   operational"), status.toString());
    assertTrue(status.out.contains("incident: Uploads failing [identified, impact major], affects Uploads\n"
        + "      Cause found & fix deploying."), status.toString());
    assertFalse(status.out.contains("Old outage"), "resolved incidents are left out: " + status);
    assertTrue(status.out.contains("maintenance: Search reindex [scheduled] " + now.plusSeconds(7200) + " to "
        + now.plusSeconds(10800) + ", affects Search"), status.toString());

    Result json = run(env(), "status", "--feed", desk.baseUrl(), "--json");
    assertTrue(json.out.contains("\"name\":\"Uploads failing\",\"status\":\"identified\",\"impact\":\"major\","
        + "\"components\":[\"Uploads\"],\"update\":\"Cause found & fix deploying.\""), json.toString());

    Result notices = run(env(), "notices", "--feed", desk.baseUrl());
    assertEquals(0, notices.code, notices.toString());
    assertTrue(notices.out.contains("[upcoming] maintenance (warning): Search reindex\n      from "
        + now.plusSeconds(7200) + " until " + now.plusSeconds(10800)), notices.toString());
    Result noticesJson = run(env(), "notices", "--feed", desk.baseUrl(), "--json");
    assertTrue(noticesJson.out.contains("\"id\":\"status-maintenance:m1\",\"type\":\"maintenance\""),
        noticesJson.toString());
    assertTrue(noticesJson.out.contains("\"phase\":\"upcoming\""), noticesJson.toString());
  }

  @Test
  void unreachableOrMissingFeedIsAnError() throws Exception {
    Result missing = run(env(), "status", "--feed", desk.baseUrl() + "/nothing/summary.json");
    assertEquals(1, missing.code, missing.toString());
    assertOneLine(missing.err);
    assertTrue(missing.err.contains("HTTP 404"), missing.toString());
    assertRejected(run(env(), "notices", "--feed", "::"), "--feed '::' is not an http:// or https:// URL");
    assertRejected(run(env(), "status"), "--feed is required");
  }

  // ---- desk and demo

  @Test
  void deskRunsStandaloneUntilStopped() throws Exception {
    Process p = new ProcessBuilder(HelplineJar.java(), "-jar", HelplineJar.jar(), "desk", "--port", "0", "--app-key", APP_KEY,
        "--admin-key", "admin_SECRET_key").redirectErrorStream(true).start();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String first = lines.readLine();
      assertTrue(first != null && first.startsWith("Helpline test desk listening at http://127.0.0.1:"), first);
      String url = first.substring(first.indexOf("http://"));
      Result r = run(env(), "file", "--desk", url, "--data", data.toString(), "--subject", "Standalone desk");
      assertEquals(0, r.code, r.toString());
      assertEquals("delivered", fileJson(r).group(4));
      assertEquals("agent console: " + url + "/ (sign in with the admin key)", lines.readLine());
      String third = lines.readLine();
      assertEquals("Press Ctrl+C to stop.", third, "given keys are not echoed");
    } finally {
      p.destroy();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the desk stops on SIGTERM");
    }
  }

  @Test
  void demoRunsToCompletion() throws Exception {
    Result r = run(new HashMap<>(), Duration.ofSeconds(60), "demo");
    assertEquals(0, r.code, r.toString());
    for (String expected : new String[] {"delivered as ticket #", "Support (agent):", "is now solved",
        "the desk recorded the rating: 5/5", "Sync     degraded performance", "upcoming maintenance (warning)",
        "Demo finished in"}) {
      assertTrue(r.out.contains(expected), "missing '" + expected + "' in\n" + r);
    }
  }

  @Test
  void demoKeepOpenKeepsTheDeskAndPrintsItsAgentConsole() throws Exception {
    Process p = new ProcessBuilder(HelplineJar.java(), "-jar", HelplineJar.jar(), "demo", "--keep-open").redirectErrorStream(true).start();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null && !line.contains("agent console: ")) {
        // the demo's transcript
      }
      assertTrue(line != null, "no console address printed");
      String console = line.substring(line.indexOf("http://"), line.indexOf(' ', line.indexOf("http://")));
      String adminKey = lines.readLine().replace("admin key:", "").trim();
      assertEquals("Press Ctrl+C to stop.", lines.readLine().trim());
      okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
      try (okhttp3.Response page = http.newCall(new okhttp3.Request.Builder().url(console).build()).execute()) {
        assertEquals(200, page.code());
        assertTrue(page.body().string().contains("/console/app.js"));
      }
      try (okhttp3.Response session = http.newCall(new okhttp3.Request.Builder().url(console + "console/session")
          .post(okhttp3.RequestBody.create("{\"adminKey\":\"" + adminKey + "\"}",
              okhttp3.MediaType.get("application/json"))).build()).execute()) {
        assertEquals(200, session.code(), "the printed admin key signs in");
      }
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    } finally {
      p.destroy();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the demo stops on SIGTERM");
    }
  }

  @Test
  void demoKeepOpenEndsItsTranscriptBeforeWaitingAndPrintsNothingOnceStopped() throws Exception {
    Path err = tmp.resolve("demo-err.txt");
    Process p = new ProcessBuilder(HelplineJar.java(), "-jar", HelplineJar.jar(), "demo", "--keep-open")
        .redirectError(err.toFile()).start();
    StringBuilder transcript = new StringBuilder();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      try {
        String line;
        while ((line = lines.readLine()) != null) {
          transcript.append(line).append('\n');
          if (line.trim().equals("Press Ctrl+C to stop.")) break;
        }
        assertTrue(line != null, "the demo ended before waiting:\n" + transcript + read(err));
        assertTrue(Pattern.compile("(?m)^Demo finished in \\d+\\.\\d s\\.$").matcher(transcript).find(),
            "the transcript's last line comes before the desk is kept open:\n" + transcript);
      } finally {
        // SIGTERM through the handle: Process.destroy() would also close our end of the demo's stdout.
        p.toHandle().destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the demo stops on SIGTERM");
      }
      StringBuilder afterStop = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) afterStop.append(line).append('\n');
      assertEquals("", afterStop.toString(), "nothing is printed once stopped, so nothing can be cut off");
    }
  }

  @Test
  void helpAndVersion() throws Exception {
    Result help = run(env(), "help");
    assertEquals(0, help.code);
    assertTrue(help.out.contains("usage: helpline COMMAND"), help.toString());
    Result none = run(env());
    assertEquals(2, none.code);
    assertTrue(none.err.contains("usage: helpline COMMAND"), none.toString());
    Result fileHelp = run(env(), "file", "--help");
    assertEquals(0, fileHelp.code, fileHelp.toString());
    assertTrue(fileHelp.out.startsWith("usage: helpline file --desk URL --subject S"), fileHelp.toString());
    assertEquals("", fileHelp.err, fileHelp.toString());
  }

  // ---- helpers

  /** The environment with both tokens, as a script would set it. */
  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HELPLINE_TOKEN", APP_KEY);
    env.put("HELPLINE_USER_TOKEN", userToken);
    return env;
  }

  private HelplineJar.Result run(Map<String, String> env, String... args) throws Exception {
    return run(env, Duration.ofSeconds(60), args);
  }

  private HelplineJar.Result runWith(Map<String, String> env, String... args) throws Exception {
    return run(env, Duration.ofSeconds(60), args);
  }

  private HelplineJar.Result run(Map<String, String> env, Duration timeout, String... args) throws Exception {
    Result r = HelplineJar.run(tmp, List.of(), env, timeout, args);
    for (String secret : new String[] {APP_KEY, WRONG_KEY, userToken}) {
      assertFalse(r.out.contains(secret) || r.err.contains(secret), "a token was printed: " + r);
    }
    // Problems are told in words: never a stack trace or an exception's class name.
    assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), "a stack trace or class name was printed: " + r);
    return r;
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static Matcher fileJson(Result r) {
    Matcher m = FILE_JSON.matcher(r.out.trim());
    assertTrue(m.lookingAt(), "not the file result JSON: " + r);
    return m;
  }

  private static void assertRejected(Result r, String message) {
    assertEquals(2, r.code, r.toString());
    assertOneLine(r.err);
    assertTrue(r.err.startsWith("helpline: "), r.toString());
    assertTrue(r.err.contains(message), "expected '" + message + "' in " + r);
  }

  private static void assertOneLine(String err) {
    assertEquals(1, err.trim().split("\n").length, "expected one line on stderr:\n" + err);
  }

  private void assertOutboxEmpty() throws Exception {
    Result outbox = run(env(), "outbox", "--data", data.toString());
    assertEquals(0, outbox.code, outbox.toString());
    assertTrue(outbox.out.contains("The outbox is empty") || outbox.out.startsWith("0 pending, 0 failed"),
        outbox.toString());
  }

  /** A URL where nothing listens: the port was free a moment ago. */
  private static String deadUrl() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }
}
