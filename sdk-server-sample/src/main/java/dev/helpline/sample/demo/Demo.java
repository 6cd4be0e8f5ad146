package dev.helpline.sample.demo;

import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.Submission;
import dev.helpline.Helpline;
import dev.helpline.Message;
import dev.helpline.Preview;
import dev.helpline.Priority;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.jvm.JvmProviders;
import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeSource;
import dev.helpline.status.Component;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;

/**
 * The README demo: starts the test desk in this process, files a ticket with diagnostics, a log excerpt and an
 * attachment, shows it queued (the desk is briefly unavailable) and then delivered, plays the agent's reply and
 * resolution, rates it as the user, publishes a maintenance notice and a degraded component, and shows them as the
 * SDK sees them. Prints a transcript; takes a few seconds; leaves nothing behind (a temporary data directory).
 * With {@code keepOpen} the desk keeps serving afterwards, so its agent console can be looked at, until the process
 * is stopped (Ctrl+C or SIGTERM).
 */
public final class Demo {
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);

  private final PrintStream out;
  private final boolean keepOpen;
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private int step;

  public Demo(PrintStream out) {
    this(out, false);
  }

  public Demo(PrintStream out, boolean keepOpen) {
    this.out = out;
    this.keepOpen = keepOpen;
  }

  /** Runs the demo; throws when a step does not happen within its bounded wait. */
  public void run() throws Exception {
    long started = System.nanoTime();
    Path data = Files.createTempDirectory("helpline-demo");
    try (TestDesk desk = TestDesk.builder().start()) {
      section("A helpdesk is running at " + desk.baseUrl() + " (the in-process test desk)");

      RecentLogs logs = RecentLogs.create(200, 64 * 1024);
      logs.log("INFO", "acme.sync", "sync started for 3 folders", null);
      logs.log("WARN", "acme.sync", "upload of report.pdf slow: 48 s for 2 MB", null);
      logs.log("ERROR", "acme.sync", "sync stalled; giving up after 3 retries",
          new IOException("connection reset by peer"));

      CountDownLatch retrying = new CountDownLatch(1);
      SupportApiConnector connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
      String userToken = desk.issueUserToken("user-ada", "ada@example.com", Duration.ofHours(1));
      OkHttpClient http = new OkHttpClient();
      try (Helpline helpline = Helpline.builder()
          .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
          .connector(connector)
          .dataDirectory(data.resolve("helpline"))
          .requester(Requester.of("user-ada", "ada@example.com", "Ada"))
          .userToken(userToken)
          .recentLogs(logs)
          .addDiagnosticsProvider(JvmProviders.process())
          .statusSource(StatusSource.supportApi(desk.baseUrl(), http))
          .addNoticeSource(NoticeSource.supportApi(desk.baseUrl(), http))
          .addDeliveryListener(new Submission.Listener() {
            @Override public void onRetrying(Submission s, Instant next, Throwable cause) {
              retrying.countDown();
            }
          })
          .build()) {
        fileAndDeliver(desk, helpline, logs, data, retrying);
        statusAndNotices(desk, helpline);
      } finally {
        connector.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
      // The last line of the transcript comes before the desk is kept open: once the JVM is asked to stop, this
      // thread only cleans up, so nothing it prints can be cut off when the shutdown hook lets the JVM halt.
      out.println();
      out.printf(Locale.ROOT, "Demo finished in %.1f s.%n", (System.nanoTime() - started) / 1e9);
      out.flush();
      if (keepOpen) {
        keepServing(desk);
      }
    } finally {
      deleteTree(data);
      cleanedUp.countDown();
    }
  }

  /**
   * Blocks until the JVM is asked to stop; the shutdown hook waits (bounded) for the desk and data to be gone. Prints
   * nothing after the stop.
   */
  private void keepServing(TestDesk desk) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        cleanedUp.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "helpline-demo-shutdown"));
    out.println();
    out.println("The desk keeps running: look at the tickets, status and notices in its agent console");
    say("agent console: " + desk.consoleUrl() + " (sign in with the admin key)");
    say("admin key:     " + desk.adminKey());
    say("Press Ctrl+C to stop.");
    out.flush();
    stop.await();
  }

  private void fileAndDeliver(TestDesk desk, Helpline helpline, RecentLogs logs, Path data, CountDownLatch retrying)
      throws Exception {
    Path screenshot = data.resolve("sync-settings.txt");
    Files.write(screenshot, ("sync.interval=60s\nsync.folders=Notes,Drafts,Archive\nproxy=none\n")
        .getBytes(StandardCharsets.UTF_8));

    section("The user writes a ticket; the app previews exactly what will be sent");
    TicketDraft draft = TicketDraft.builder()
        .subject("Sync stops after an hour")
        .description("Since the update sync stops after about an hour. Reach me at ada@example.com if needed.")
        .category("sync")
        .priority(Priority.HIGH)
        .addAttachment(Attachment.ofFile(screenshot, "text/plain"))
        .includeDiagnostics(true)
        .includeLogs(true)
        .build();
    Preview preview = helpline.preview(draft);
    say("subject:      " + preview.subject());
    say("description:  " + preview.description() + "   <- personal data redacted before it is stored");
    String summary = preview.diagnosticsSummary();
    if (summary != null) {
      say("diagnostics:");
      for (String line : summary.split("\n")) say("    " + line);
    }
    say("log excerpt:  " + logs.lineCount() + " recent log entries (stack traces included):");
    for (String line : logs.snapshot().split("\n")) {
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) say("    " + line);
    }
    for (Attachment a : preview.attachments()) {
      say("attachment:   " + a.fileName() + " (" + a.mediaType() + ", " + a.size() + " bytes)");
    }

    section("The desk is briefly unavailable: the ticket waits in the durable outbox");
    desk.faults().forPath("POST", "/v1/tickets").failNext(1, 503);
    Submission submission = helpline.submit(preview);
    say("submit() returned after the local write: " + submission.state().name().toLowerCase(Locale.ROOT)
        + ", local id " + submission.id());
    await(retrying, "the first delivery attempt");
    for (Submission s : helpline.submissions()) {
      if (s.id().equals(submission.id())) {
        say("outbox: " + s.state().name().toLowerCase(Locale.ROOT) + " after " + s.attempts() + " attempt(s), last"
            + " error: " + s.lastError());
      }
    }

    section("The desk is back: the outbox delivers it, exactly once");
    helpline.networkAvailable();
    Ticket ticket = submission.delivery().get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    say("delivered as ticket #" + ticket.id() + " (" + ticket.status().name().toLowerCase(Locale.ROOT) + ")");
    DeskTicket atDesk = desk.ticket(ticket.id());
    say("the agent sees: \"" + atDesk.subject() + "\", priority " + atDesk.priority() + ", category "
        + atDesk.category() + ", " + atDesk.attachments().size() + " attachment(s):");
    for (DeskTicket.File f : atDesk.attachments()) say("    " + f.fileName() + " (" + f.size() + " bytes)");
    say("tickets created at the desk: " + desk.ticketCount() + " (create requests: " + desk.createRequestCount()
        + ")");

    section("An agent answers; the user reads and replies in the app");
    desk.admin().reply(ticket.id(), "Thanks Ada! Version 4.2.1 fixes the sync timeout. Could you update and retry?");
    for (Message m : helpline.messages(ticket.id())) say(who(m) + ": " + m.body());
    Message reply = helpline.reply(ticket.id(), "Updated to 4.2.1 and sync has been running for two hours. Thanks!");
    say("the user replied (message " + reply.id() + ")");

    section("The agent resolves it; the user rates the help");
    desk.admin().setStatus(ticket.id(), "solved");
    Ticket solved = helpline.ticket(ticket.id());
    say("ticket #" + solved.id() + " is now " + solved.status().name().toLowerCase(Locale.ROOT));
    helpline.rate(solved.id(), Rating.of(5, "Quick and friendly"));
    DeskTicket rated = desk.ticket(ticket.id());
    say("the desk recorded the rating: " + rated.ratingScore() + "/5 \"" + rated.ratingComment() + "\"");
    for (Ticket t : helpline.tickets()) {
      say("the user's tickets: #" + t.id() + " " + t.status().name().toLowerCase(Locale.ROOT) + " \"" + t.subject()
          + "\"");
    }
  }

  private void statusAndNotices(TestDesk desk, Helpline helpline) throws Exception {
    section("Operations publish a maintenance notice and a degraded component");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    desk.admin().publishNotice("{\"id\":\"maint-db\",\"type\":\"maintenance\",\"severity\":\"warning\","
        + "\"title\":\"Database maintenance tonight\",\"body\":\"Sync may pause for up to 10 minutes.\","
        + "\"startsAt\":\"" + now.plus(Duration.ofHours(6)) + "\",\"endsAt\":\""
        + now.plus(Duration.ofHours(7)) + "\"}");
    desk.admin().setComponent("API", "operational");
    desk.admin().setComponent("Sync", "degraded_performance");
    desk.admin().setIndicator("minor", "Sync is slower than usual");
    say("published: notice maint-db, component Sync degraded_performance, indicator minor");

    section("What the SDK sees: service status and notices");
    // The client polls both in the background; refresh() fetches now instead of waiting for the next poll.
    StatusSnapshot status = helpline.statusMonitor().refresh().get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    say("status: " + status.description() + " (indicator " + status.indicator().wireName() + ")");
    for (Component c : status.components()) {
      say(String.format(Locale.ROOT, "    %-8s %s", c.name(), c.status().wireName().replace('_', ' ')));
    }
    helpline.noticeCenter().refresh().get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    for (Notice n : helpline.notices()) {
      say(n.phase(Instant.now()).name().toLowerCase(Locale.ROOT) + " " + n.type().wireName() + " ("
          + n.severity().wireName() + "): " + n.title() + " - " + n.plainText() + " [" + n.startsAt() + " to "
          + n.endsAt() + "]");
    }
  }

  private static String who(Message m) {
    String role = m.author().name().toLowerCase(Locale.ROOT);
    return m.authorName() != null ? m.authorName() + " (" + role + ")" : role;
  }

  private void section(String title) {
    out.println();
    out.println(++step + ". " + title);
  }

  private void say(String line) {
    out.println("   " + line);
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(what + " did not happen within " + STEP_TIMEOUT.toSeconds() + " s");
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a leftover temporary file is harmless
        }
      });
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  /** Runs the demo standalone. */
  public static void main(String[] args) throws Exception {
    new Demo(System.out, Arrays.asList(args).contains("--keep-open")).run();
  }
}
