package dev.helpline.sample.cli;

import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.Submission;
import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.HelplineException;
import dev.helpline.Message;
import dev.helpline.OutboxFullException;
import dev.helpline.Preview;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.Submission;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.connector.Connector.TicketPage;
import dev.helpline.diagnostics.jvm.JvmProviders;
import dev.helpline.sample.demo.Demo;
import dev.helpline.status.Component;
import dev.helpline.status.Component;
import dev.helpline.status.Incident;
import dev.helpline.status.Maintenance;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeCenter;
import dev.helpline.notices.NoticeSource;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The commands of {@code helpline}. Results go to stdout (JSON for {@code file}, {@code reply} and {@code flush};
 * readable text for listings), progress and errors to stderr, so stdout stays machine-readable. Tokens come from
 * options or the environment and are never printed.
 */
final class Cli {
  static final String VERSION = "0.1.0";
  static final String ENV_TOKEN = "HELPLINE_TOKEN";
  static final String ENV_USER_TOKEN = "HELPLINE_USER_TOKEN";

  private static final String USAGE = String.join("\n",
      "usage: helpline COMMAND [OPTIONS]",
      "",
      "Commands:",
      "  file      --desk URL --subject S [--description D | --description-file F] [--category C]",
      "            [--priority low|normal|high|urgent] [--requester EMAIL] [--attach FILE]... [--diagnostics]",
      "            [--wait SECONDS]     file a ticket; prints {\"localId\",\"ticketId\",\"state\"}",
      "  tickets   --desk URL [--limit N] list the requester's tickets (needs a user token)",
      "  show ID   --desk URL          one ticket and its conversation (needs a user token)",
      "  reply ID  --desk URL --message TEXT | --message-file F [--attach FILE]...",
      "  status    --feed URL          service status (Statuspage page, summary.json URL or desk URL)",
      "  notices   --feed URL          active and upcoming maintenances and announcements",
      "  outbox [--retry ID|all] [--discard ID|all]",
      "                                submissions waiting in the outbox, and failed ones with reasons;",
      "                                --retry queues failed ones again, --discard deletes them",
      "  flush     --desk URL          deliver everything pending; non-zero exit if anything is left",
      "  desk      --port P [--data DIR] [--requester EMAIL]   run the test desk until killed",
      "  demo [--keep-open]            the whole ticket life cycle against an in-process desk; --keep-open keeps it",
      "                                running afterwards and prints its agent console's address",
      "",
      "Common options:",
      "  --desk URL        https://desk (native Support API), rt+https://rt.example.com/ (Request Tracker)",
      "  --data DIR        the data directory holding the outbox (default ~/.helpline)",
      "  --token T         the app key for filing (default: $HELPLINE_TOKEN); never printed",
      "  --user-token T    the requester's token for reading (default: $HELPLINE_USER_TOKEN); never printed",
      "  --requester R     the requester's e-mail (or id without '@')",
      "  --json            tickets, show, outbox, status, notices: print JSON instead of text",
      "",
      "Exit codes: 0 done/delivered, 1 other error, 2 rejected (bad input or permanent desk refusal),",
      "            3 queued but not delivered yet");

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final DeskResolver desks;
  private final Progress progress;

  Cli(PrintStream out, PrintStream err, Map<String, String> env, DeskResolver desks, Progress progress) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.desks = desks;
    this.progress = progress;
  }

  /** Runs one command and returns its exit code; never throws for bad input. */
  int run(String[] argv) {
    if (argv.length == 0) {
      err.println(USAGE);
      return ExitCodes.REJECTED;
    }
    String command = argv[0];
    List<String> rest = Arrays.asList(argv).subList(1, argv.length);
    try {
      switch (command) {
        case "file": return file(rest);
        case "tickets": return tickets(rest);
        case "show": return show(rest);
        case "reply": return reply(rest);
        case "status": return status(rest);
        case "notices": return notices(rest);
        case "outbox": return outbox(rest);
        case "flush": return flush(rest);
        case "desk": return desk(rest);
        case "demo": return demo(rest);
        case "help": case "--help": case "-h":
          out.println(USAGE);
          return ExitCodes.OK;
        case "version": case "--version":
          out.println("helpline " + VERSION);
          return ExitCodes.OK;
        default:
          throw CliException.badInput("unknown command '" + command + "'; expected file, tickets, show, reply,"
              + " status, notices, outbox, flush, desk or demo (helpline help lists them)");
      }
    } catch (CliException e) {
      progress.end();
      err.println("helpline: " + e.getMessage());
      return e.exitCode();
    }
  }

  // ---- file

  private int file(List<String> argv) throws CliException {
    Args a = Args.parse("file", argv, common(new Args.Spec(0, 0, ""))
        .value("--subject", "--description", "--description-file", "--category", "--priority", "--wait")
        .repeated("--attach")
        .flag("--diagnostics"));
    String subject = a.value("--subject");
    if (subject == null || subject.trim().isEmpty()) throw CliException.badInput("--subject is required");
    if (a.has("--description") && a.has("--description-file")) {
      throw CliException.badInput("give either --description or --description-file, not both");
    }
    String description = a.value("--description", "");
    String descriptionFile = a.value("--description-file");
    if (descriptionFile != null) description = readText("--description-file", descriptionFile);
    long waitSeconds = a.seconds("--wait", 30, 24 * 3600);
    TicketDraft.Builder draft = TicketDraft.builder()
        .subject(subject)
        .description(description)
        .category(a.value("--category"))
        .priority(priority(a.value("--priority")))
        .includeDiagnostics(a.flag("--diagnostics"));
    String requester = a.value("--requester");
    if (requester != null) draft.requester(requester(requester));
    for (String file : a.values("--attach")) draft.addAttachment(attachment(file));
    String token = token(a);
    if (token == null) throw CliException.badInput("filing needs the app key: pass --token or set " + ENV_TOKEN);
    DeskResolver.Desk desk = desks.resolve(a.value("--desk"), new DeskResolver.Credentials(token));
    Path data = dataDirectory(a);

    try (Helpline helpline = client(desk, data, null, null, null)) {
      Preview preview;
      try {
        preview = helpline.preview(draft.build());
      } catch (IllegalArgumentException e) {
        throw CliException.badInput(e.getMessage() + " (nothing was queued)");
      }
      Submission submission;
      try {
        submission = helpline.submit(preview);
      } catch (IllegalArgumentException e) {
        throw CliException.badInput(e.getMessage() + " (nothing was queued)");
      } catch (OutboxFullException e) {
        throw new CliException(ExitCodes.ERROR, e.getMessage() + "; run helpline flush or helpline outbox", e);
      } catch (IOException e) {
        throw new CliException(ExitCodes.ERROR, "could not queue the ticket in " + data + ": " + e, e);
      }
      JsonOut result = new JsonOut().put("localId", submission.id());
      try {
        Ticket ticket = submission.delivery().get(waitSeconds, TimeUnit.SECONDS);
        progress.end();
        out.println(result.put("ticketId", ticket.id()).put("state", "delivered"));
        return ExitCodes.OK;
      } catch (ExecutionException e) {
        progress.end();
        Throwable cause = e.getCause();
        if (cause instanceof DeskException) {
          discardQuietly(helpline, submission.id());
          out.println(result.put("ticketId", null).put("state", "rejected").put("error", cause.getMessage()));
          String hint = ((DeskException) cause).httpStatus() == 401 || ((DeskException) cause).httpStatus() == 403
              ? "; check the app key (--token or " + ENV_TOKEN + ")" : "";
          throw new CliException(ExitCodes.REJECTED, cause.getMessage() + hint + " (not kept in the outbox)");
        }
        throw new CliException(ExitCodes.ERROR, "delivery failed: " + cause, cause);
      } catch (TimeoutException e) {
        progress.end();
        String lastError = lastError(helpline, submission.id());
        out.println(result.put("ticketId", null).put("state", "queued"));
        throw new CliException(ExitCodes.QUEUED, "not delivered within " + waitSeconds + " s"
            + (lastError != null ? " (last error: " + lastError + ")" : "")
            + "; it stays queued in " + data + " and is delivered by helpline flush");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCodes.QUEUED, "interrupted; the ticket stays queued in " + data);
      }
    }
  }

  private void discardQuietly(Helpline helpline, String id) {
    try {
      helpline.discard(id);
    } catch (IOException | RuntimeException e) {
      err.println("helpline: could not remove the refused submission " + id + " from the outbox: " + e);
    }
  }

  private static @Nullable String lastError(Helpline helpline, String id) {
    try {
      for (Submission s : helpline.submissions()) if (s.id().equals(id)) return s.lastError();
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private static Priority priority(@Nullable String value) throws CliException {
    if (value == null) return Priority.NORMAL;
    try {
      return Priority.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw CliException.badInput("--priority is '" + value + "'; expected low, normal, high or urgent");
    }
  }

  private static Requester requester(String value) throws CliException {
    String v = value.trim();
    if (v.isEmpty()) throw CliException.badInput("--requester is empty");
    return v.contains("@") ? Requester.ofEmail(v) : Requester.of(v, null, null);
  }

  private static Attachment attachment(String file) throws CliException {
    Path path = Paths.get(file);
    if (!Files.exists(path)) throw CliException.badInput("--attach " + file + ": no such file");
    if (!Files.isRegularFile(path)) throw CliException.badInput("--attach " + file + ": not a regular file");
    if (!Files.isReadable(path)) throw CliException.badInput("--attach " + file + ": not readable (permission denied)");
    String type = null;
    try {
      type = Files.probeContentType(path);
    } catch (IOException e) {
      // fall back to the generic type below
    }
    try {
      return Attachment.ofFile(path, type != null ? type : "application/octet-stream");
    } catch (IllegalArgumentException e) {
      return Attachment.ofFile(path, "application/octet-stream");
    }
  }

  private static String readText(String option, String file) throws CliException {
    try {
      return new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.badInput(option + " " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  // ---- reading tickets

  private int tickets(List<String> argv) throws CliException {
    Args a = Args.parse("tickets", argv, common(new Args.Spec(0, 0, "")).value("--limit").flag("--json"));
    int limit = a.integer("--limit", 50, 1, 1000);
    try (Reader r = reader(a)) {
      List<Ticket> all = new ArrayList<>();
      String cursor = null;
      do {
        TicketPage page = r.helpline.tickets(cursor);
        all.addAll(page.tickets());
        cursor = page.nextCursor();
      } while (cursor != null && all.size() < limit);
      if (all.size() > limit) all = all.subList(0, limit);
      if (a.flag("--json")) {
        List<Object> list = new ArrayList<>();
        for (Ticket t : all) list.add(ticketJson(t));
        out.println(new JsonOut().put("tickets", list));
        return ExitCodes.OK;
      }
      if (all.isEmpty()) {
        out.println("No tickets.");
        return ExitCodes.OK;
      }
      out.printf(Locale.ROOT, "%-10s %-9s %-20s %s%n", "ID", "STATUS", "UPDATED", "SUBJECT");
      for (Ticket t : all) {
        out.printf(Locale.ROOT, "%-10s %-9s %-20s %s%n", t.id(), t.status().name().toLowerCase(Locale.ROOT),
            time(t.updatedAt() != null ? t.updatedAt() : t.createdAt()), t.subject());
      }
      return ExitCodes.OK;
    } catch (IOException | HelplineException e) {
      throw readFailure(e);
    }
  }

  private int show(List<String> argv) throws CliException {
    Args a = Args.parse("show", argv,
        common(new Args.Spec(1, 1, "a ticket ID, e.g. helpline show 42")).flag("--json"));
    String id = a.positional().get(0);
    try (Reader r = reader(a)) {
      Ticket t = r.helpline.ticket(id);
      if (a.flag("--json")) {
        List<Object> list = new ArrayList<>();
        for (Message m : r.helpline.messages(id)) list.add(messageJson(m));
        Map<String, @Nullable Object> ticket = ticketJson(t);
        ticket.put("messages", list);
        out.println(new JsonOut().put("ticket", ticket));
        return ExitCodes.OK;
      }
      out.println("Ticket " + t.id() + ": " + t.subject());
      out.println("  status:   " + t.status().name().toLowerCase(Locale.ROOT)
          + (t.priority() != null ? "   priority: " + t.priority().name().toLowerCase(Locale.ROOT) : ""));
      out.println("  created:  " + time(t.createdAt()) + "   updated: " + time(t.updatedAt()));
      if (t.url() != null) out.println("  url:      " + t.url());
      List<Message> messages = r.helpline.messages(id);
      out.println(messages.isEmpty() ? "  (no messages yet)" : "  conversation:");
      for (Message m : messages) {
        String who = m.authorName() != null ? m.authorName() + " (" + author(m) + ")" : author(m);
        out.println("  [" + time(m.createdAt()) + "] " + who + ":");
        for (String line : m.body().split("\n", -1)) out.println("      " + line);
        if (!m.attachments().isEmpty()) out.println("      attachments: " + m.attachments().size());
      }
      return ExitCodes.OK;
    } catch (IOException | HelplineException e) {
      throw readFailure(e);
    }
  }

  private int reply(List<String> argv) throws CliException {
    Args a = Args.parse("reply", argv, common(new Args.Spec(1, 1, "a ticket ID, e.g. helpline reply 42 --message ..."))
        .value("--message", "--message-file").repeated("--attach"));
    String id = a.positional().get(0);
    if (a.has("--message") == a.has("--message-file")) {
      throw CliException.badInput("give the reply as --message TEXT or --message-file FILE (one of them)");
    }
    String body = a.has("--message") ? a.value("--message", "") : readText("--message-file", a.value("--message-file", ""));
    if (body.trim().isEmpty()) throw CliException.badInput("the reply is empty");
    List<Attachment> attachments = new ArrayList<>();
    for (String file : a.values("--attach")) attachments.add(attachment(file));
    try (Reader r = reader(a)) {
      Message m;
      try {
        m = r.helpline.reply(id, body, attachments);
      } catch (IllegalArgumentException e) {
        throw CliException.badInput(e.getMessage() + " (nothing was sent)");
      }
      progress.end();
      out.println(new JsonOut().put("ticketId", id).put("messageId", m.id())
          .put("createdAt", m.createdAt() != null ? m.createdAt().toString() : null));
      return ExitCodes.OK;
    } catch (IOException | HelplineException e) {
      throw readFailure(e);
    }
  }

  private static String author(Message m) {
    return m.author().name().toLowerCase(Locale.ROOT);
  }

  /** A client for reads on a throwaway data directory, so reading never delivers (or touches) the outbox. */
  private final class Reader implements AutoCloseable {
    final Helpline helpline;
    final Path tempData;

    Reader(Helpline helpline, Path tempData) {
      this.helpline = helpline;
      this.tempData = tempData;
    }

    @Override
    public void close() {
      helpline.close();
      deleteTree(tempData);
    }
  }

  private Reader reader(Args a) throws CliException {
    String userToken = a.value("--user-token");
    if (userToken == null) userToken = blankToNull(env.get(ENV_USER_TOKEN));
    DeskResolver.Desk desk = desks.resolve(a.value("--desk"), new DeskResolver.Credentials(token(a)));
    if (desk.readsNeedUserToken && userToken == null) {
      throw CliException.badInput("reading tickets needs the requester's user token: pass --user-token or set "
          + ENV_USER_TOKEN);
    }
    String requesterValue = a.value("--requester");
    if (desk.readsNeedRequester && requesterValue == null) {
      throw CliException.badInput("reading tickets from this desk needs --requester EMAIL (whose tickets to read)");
    }
    // The native desk identifies the reader by the user token alone; desks that search by requester need --requester.
    Requester requester = requesterValue != null ? requester(requesterValue) : Requester.of("token-holder", null, null);
    Path temp;
    try {
      temp = Files.createTempDirectory("helpline-read");
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "cannot create a temporary directory: " + e, e);
    }
    return new Reader(client(desk, temp, requester, userToken, null), temp);
  }

  private static CliException readFailure(Exception e) {
    if (e instanceof DeskException) {
      DeskException d = (DeskException) e;
      String hint = d.httpStatus() == 401 ? "; check the user token (--user-token or " + ENV_USER_TOKEN + ")" : "";
      return new CliException(d.isRetryable() ? ExitCodes.ERROR : ExitCodes.REJECTED, d.getMessage() + hint, e);
    }
    if (e instanceof HelplineException) return new CliException(ExitCodes.REJECTED, e.getMessage(), e);
    return new CliException(ExitCodes.ERROR, "the desk could not be reached: " + e, e);
  }

  // ---- status and notices

  private int status(List<String> argv) throws CliException {
    Args a = Args.parse("status", argv, new Args.Spec(0, 0, "").value("--feed", "--desk").flag("--json"));
    StatusSnapshot s = snapshot(feed(a));
    if (a.flag("--json")) {
      List<Object> components = new ArrayList<>();
      for (Component c : s.components()) components.add(obj("name", c.name(), "status", c.status().wireName()));
      List<Object> incidents = new ArrayList<>();
      for (Incident i : s.activeIncidents()) {
        incidents.add(obj("id", i.id(), "name", i.name(), "status", i.status().wireName(), "impact",
            i.impact().wireName(), "components", i.components(), "update", i.latestUpdatePlainText(),
            "updatedAt", str(i.updatedAt()), "url", i.shortlink()));
      }
      List<Object> maintenances = new ArrayList<>();
      for (Maintenance m : maintenances(s)) {
        maintenances.add(obj("id", m.id(), "name", m.name(), "status", m.status().wireName(), "scheduledFor",
            str(m.scheduledFor()), "scheduledUntil", str(m.scheduledUntil()), "components", m.components(),
            "update", m.latestUpdatePlainText(), "url", m.shortlink()));
      }
      out.println(new JsonOut().put("indicator", s.indicator().wireName()).put("description", s.description())
          .put("components", components).put("incidents", incidents).put("maintenances", maintenances));
      return ExitCodes.OK;
    }
    printStatus(out, s);
    return ExitCodes.OK;
  }

  /**
   * Prints a status snapshot readably: components that are not operational are marked with {@code !}, unresolved
   * incidents come with their latest update, and maintenances that are not completed with their window.
   */
  static void printStatus(PrintStream out, StatusSnapshot s) {
    out.println((s.description().isEmpty() ? "Status" : s.description()) + " (indicator "
        + s.indicator().wireName() + ")");
    if (s.components().isEmpty()) out.println("  no components");
    for (Component c : s.components()) {
      out.printf(Locale.ROOT, "%s %-24s %s%n", c.status() == Component.Status.OPERATIONAL ? " " : "!", c.name(),
          c.status().wireName().replace('_', ' '));
    }
    for (Incident i : s.activeIncidents()) {
      out.println("  incident: " + i.name() + " [" + i.status().wireName() + ", impact " + i.impact().wireName()
          + "]" + (i.components().isEmpty() ? "" : ", affects " + String.join(", ", i.components())));
      indent(out, i.latestUpdatePlainText());
    }
    for (Maintenance m : maintenances(s)) {
      out.println("  maintenance: " + m.name() + " [" + m.status().wireName().replace('_', ' ') + "]"
          + (m.scheduledFor() != null ? " " + time(m.scheduledFor()) + " to " + time(m.scheduledUntil()) : "")
          + (m.components().isEmpty() ? "" : ", affects " + String.join(", ", m.components())));
      indent(out, m.latestUpdatePlainText());
    }
  }

  private static List<Maintenance> maintenances(StatusSnapshot s) {
    List<Maintenance> list = new ArrayList<>();
    for (Maintenance m : s.maintenances()) if (m.status() != Maintenance.Status.COMPLETED) list.add(m);
    return list;
  }

  private static void indent(PrintStream out, String text) {
    for (String line : text.split("\n")) if (!line.trim().isEmpty()) out.println("      " + line);
  }

  /**
   * Announcements (a native desk's {@code /v1/notices}) and the status feed's maintenances, merged, targeted and
   * ordered by a notice center without a store directory, so the command marks nothing as seen for anyone. Both are
   * fetched here first, so a failure ends the command with one error line.
   */
  private int notices(List<String> argv) throws CliException {
    Args a = Args.parse("notices", argv, new Args.Spec(0, 0, "").value("--feed", "--desk").flag("--json"));
    Feed feed = feed(a);
    StatusSnapshot status = snapshot(feed);
    String deskUrl = feed.deskUrl();
    List<Notice> announcements = new ArrayList<>();
    if (deskUrl != null) {
      try {
        announcements.addAll(NoticeSource.supportApi(deskUrl, feed.http()).fetch());
      } catch (IOException e) {
        throw new CliException(ExitCodes.ERROR, "could not read the notices: " + e.getMessage(), e);
      }
    }
    List<Notice> notices;
    try (NoticeCenter center = NoticeCenter.builder().addSource(() -> announcements)
        .addSource(NoticeSource.fromStatus(() -> status)).listenerExecutor(Runnable::run).build()) {
      notices = center.refresh().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new CliException(ExitCodes.ERROR, "could not merge the notices: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.ERROR, "interrupted", e);
    }
    Instant now = Instant.now();
    if (a.flag("--json")) {
      List<Object> list = new ArrayList<>();
      for (Notice n : notices) {
        list.add(obj("id", n.id(), "type", n.type().wireName(), "severity", n.severity().wireName(), "title",
            n.title(), "body", n.plainText(), "startsAt", str(n.startsAt()), "endsAt", str(n.endsAt()), "phase",
            n.phase(now).name().toLowerCase(Locale.ROOT), "url", n.url()));
      }
      out.println(new JsonOut().put("notices", list));
      return ExitCodes.OK;
    }
    if (notices.isEmpty()) out.println("No active or upcoming notices.");
    for (Notice n : notices) {
      out.println("[" + n.phase(now).name().toLowerCase(Locale.ROOT) + "] " + n.type().wireName().replace('_', ' ')
          + " (" + n.severity().wireName() + "): " + n.title());
      indent(out, n.plainText());
      if (n.startsAt() != null || n.endsAt() != null) {
        out.println(("      " + (n.startsAt() != null ? "from " + time(n.startsAt()) + " " : "")
            + (n.endsAt() != null ? "until " + time(n.endsAt()) : "")).replaceAll("\\s+$", ""));
      }
    }
    return ExitCodes.OK;
  }

  private Feed feed(Args a) throws CliException {
    String feed = a.value("--feed");
    String option = "--feed";
    if (feed == null && a.value("--desk") != null) {
      feed = a.value("--desk");
      option = "--desk";
      if (feed.toLowerCase(Locale.ROOT).matches("^[a-z]+\\+.*")) {
        throw CliException.badInput("--feed is required for this desk: give its status page URL");
      }
    }
    if (feed == null) throw CliException.badInput("--feed is required: a status page, summary.json or desk URL");
    HttpUrl url = DeskResolver.parseUrl(option, feed);
    OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(20)).callTimeout(Duration.ofSeconds(30)).build();
    return new Feed(url, http);
  }

  /** One fetch, on this thread: a command shows the status once and needs no monitor, cache or poll thread. */
  private static StatusSnapshot snapshot(Feed feed) throws CliException {
    try {
      StatusSnapshot s = feed.fetch(null).snapshot();
      if (s == null) throw new IOException("the feed answered 'not modified' to a request without validators");
      return s;
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "could not read the status feed: " + e.getMessage(), e);
    }
  }

  // ---- outbox and flush

  private int outbox(List<String> argv) throws CliException {
    Args a = Args.parse("outbox", argv, new Args.Spec(0, 0, "").value("--data", "--desk").flag("--json")
        .repeated("--retry", "--discard"));
    Path data = dataDirectory(a);
    if (a.has("--retry") || a.has("--discard")) changeOutbox(data, a.values("--retry"), a.values("--discard"));
    List<Submission> list = Files.isDirectory(data) ? listOutbox(data) : new ArrayList<>();
    if (a.flag("--json")) {
      List<Object> entries = new ArrayList<>();
      for (Submission s : list) {
        entries.add(obj("localId", s.id(), "state", s.state() == Submission.State.QUEUED ? "pending" : "failed",
            "subject", s.subject(), "queuedAt", str(s.createdAt()), "attempts", s.attempts(),
            "nextAttemptAt", str(s.nextAttemptAt()), "error", s.lastError()));
      }
      out.println(new JsonOut().put("submissions", entries));
      return ExitCodes.OK;
    }
    if (!Files.isDirectory(data)) {
      out.println("The outbox is empty (" + data + " does not exist).");
      return ExitCodes.OK;
    }
    long pending = list.stream().filter(s -> s.state() == Submission.State.QUEUED).count();
    long failed = list.stream().filter(s -> s.state() == Submission.State.FAILED).count();
    out.println(pending + " pending, " + failed + " failed in " + data);
    for (Submission s : list) {
      StringBuilder line = new StringBuilder(s.state() == Submission.State.QUEUED ? "pending " : "failed  ");
      line.append(s.id()).append("  \"").append(s.subject()).append("\"  queued ").append(time(s.createdAt()))
          .append("  attempts ").append(s.attempts());
      if (s.nextAttemptAt() != null) line.append("  next attempt ").append(time(s.nextAttemptAt()));
      if (s.lastError() != null) line.append(s.state() == Submission.State.FAILED ? "  reason: " : "  last error: ")
          .append(s.lastError());
      out.println(line);
    }
    return ExitCodes.OK;
  }

  /**
   * Puts failed submissions back in the queue ({@code --retry}) or deletes them ({@code --discard}); "all" means
   * every failed one. Nothing is delivered here: the next {@code flush} does that.
   */
  private void changeOutbox(Path data, List<String> retry, List<String> discard) throws CliException {
    if (!Files.isDirectory(data)) throw CliException.badInput("there is no outbox in " + data);
    try (Helpline helpline = client(new DeskResolver.Desk(new OfflineConnector()), data, null, null,
        null)) {
      List<String> failed = new ArrayList<>();
      for (Submission s : helpline.submissions()) if (s.state() == Submission.State.FAILED) failed.add(s.id());
      for (String id : expand(retry, failed)) {
        helpline.retry(id);
        err.println("helpline: " + id + " is queued again; helpline flush delivers it");
      }
      for (String id : expand(discard, failed)) {
        helpline.discard(id);
        err.println("helpline: " + id + " was discarded");
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CliException.badInput(e.getMessage());
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "could not change the outbox in " + data + ": " + e, e);
    }
  }

  private static List<String> expand(List<String> ids, List<String> failed) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (id.equals("all")) out.addAll(failed); else out.add(id);
    }
    return out;
  }

  /** The outbox's pending and failed submissions, read without delivering or changing anything. */
  private List<Submission> listOutbox(Path data) throws CliException {
    try (Helpline helpline = client(new DeskResolver.Desk(new OfflineConnector()), data, null, null, null)) {
      return helpline.submissions();
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "could not read the outbox in " + data + ": " + e, e);
    }
  }

  private int flush(List<String> argv) throws CliException {
    Args a = Args.parse("flush", argv, common(new Args.Spec(0, 0, "")).value("--wait"));
    long waitSeconds = a.seconds("--wait", 300, 24 * 3600);
    String token = token(a);
    if (token == null) throw CliException.badInput("flushing needs the app key: pass --token or set " + ENV_TOKEN);
    DeskResolver.Desk desk = desks.resolve(a.value("--desk"), new DeskResolver.Credentials(token));
    Path data = dataDirectory(a);
    if (!Files.isDirectory(data)) {
      out.println(new JsonOut().put("delivered", 0).put("pending", 0).put("failed", 0));
      return ExitCodes.OK;
    }
    AtomicInteger done = new AtomicInteger();
    AtomicInteger total = new AtomicInteger();
    Submission.Listener drain = new Submission.Listener() {
      @Override public void onDelivered(Submission s, Ticket t) {
        progress.update("delivering the outbox", done.incrementAndGet(), total.get(), false);
      }

      @Override public void onFailed(Submission s, DeskException reason) {
        progress.update("delivering the outbox", done.incrementAndGet(), total.get(), false);
      }
    };
    // Listed before the delivering client exists: it starts delivering as soon as it is built.
    Set<String> before = new HashSet<>();
    for (Submission s : listOutbox(data)) if (s.state() == Submission.State.QUEUED) before.add(s.id());
    total.set(before.size());
    try (Helpline helpline = client(desk, data, null, null, drain)) {
      try {
        helpline.flush().get(waitSeconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // reported below as pending
      } catch (ExecutionException e) {
        throw new CliException(ExitCodes.ERROR, "flushing the outbox in " + data + " failed: " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      progress.end();
      List<Submission> after = helpline.submissions();
      int pending = 0;
      int failed = 0;
      Set<String> left = new HashSet<>();
      for (Submission s : after) {
        left.add(s.id());
        if (s.state() == Submission.State.QUEUED) pending++; else failed++;
      }
      int delivered = 0;
      for (String id : before) if (!left.contains(id)) delivered++;
      out.println(new JsonOut().put("delivered", delivered).put("pending", pending).put("failed", failed));
      if (failed > 0) {
        throw new CliException(ExitCodes.REJECTED, failed + " submission(s) refused by the desk; see helpline outbox");
      }
      if (pending > 0) {
        throw new CliException(ExitCodes.QUEUED, pending + " submission(s) still pending; see helpline outbox");
      }
      return ExitCodes.OK;
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "could not read the outbox in " + data + ": " + e, e);
    }
  }

  // ---- desk and demo

  private int desk(List<String> argv) throws CliException {
    Args a = Args.parse("desk", argv, new Args.Spec(0, 0, "")
        .value("--port", "--data", "--requester").secret("--app-key", "--admin-key", "--token-secret"));
    int port = a.integer("--port", 8080, 0, 65535);
    TestDesk.Builder b = TestDesk.builder().port(port);
    String data = a.value("--data");
    if (data != null) b.dataDirectory(Paths.get(data));
    if (a.value("--app-key") != null) b.appKey(a.value("--app-key", ""));
    if (a.value("--admin-key") != null) b.adminKey(a.value("--admin-key", ""));
    if (a.value("--token-secret") != null) b.tokenSecret(a.value("--token-secret", "").getBytes(StandardCharsets.UTF_8));
    TestDesk desk;
    try {
      desk = b.start();
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "cannot start the desk on port " + port + ": " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.ERROR, "cannot start the desk: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      desk.close();
      stopped.countDown();
    }, "helpline-desk-shutdown"));
    out.println("Helpline test desk listening at " + desk.baseUrl());
    out.println("agent console: " + desk.consoleUrl() + " (sign in with the admin key)");
    // Keys the user chose are never echoed; generated ones are shown once, as nobody else knows them.
    if (a.value("--app-key") == null) out.println("app key:   " + desk.appKey());
    if (a.value("--admin-key") == null) out.println("admin key: " + desk.adminKey());
    String requester = a.value("--requester");
    if (requester != null) {
      out.println("user token for " + requester + ": "
          + desk.issueUserToken(requester, requester.contains("@") ? requester : null, Duration.ofDays(30)));
    }
    out.println("Press Ctrl+C to stop.");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  private int demo(List<String> argv) throws CliException {
    Args a = Args.parse("demo", argv, new Args.Spec(0, 0, "").flag("--keep-open"));
    try {
      new Demo(out, a.flag("--keep-open")).run();
      return ExitCodes.OK;
    } catch (Exception e) {
      throw new CliException(ExitCodes.ERROR, "the demo failed: " + e, e);
    }
  }

  // ---- shared

  private static Map<String, @Nullable Object> obj(@Nullable Object... keysAndValues) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
    return m;
  }

  private static @Nullable String str(@Nullable Object o) {
    return o == null ? null : o.toString();
  }

  private static Map<String, @Nullable Object> ticketJson(Ticket t) {
    return obj("id", t.id(), "subject", t.subject(), "status", t.status().name().toLowerCase(Locale.ROOT),
        "priority", t.priority() == null ? null : t.priority().name().toLowerCase(Locale.ROOT),
        "createdAt", str(t.createdAt()), "updatedAt", str(t.updatedAt()), "url", t.url());
  }

  private static Map<String, @Nullable Object> messageJson(Message m) {
    return obj("id", m.id(), "author", author(m), "authorName", m.authorName(), "body", m.body(),
        "createdAt", str(m.createdAt()), "attachments", m.attachments().size());
  }

  private static Args.Spec common(Args.Spec spec) {
    return spec.value("--desk", "--data", "--requester").secret("--token", "--user-token");
  }

  private @Nullable String token(Args a) {
    String token = a.value("--token");
    return token != null ? blankToNull(token) : blankToNull(env.get(ENV_TOKEN));
  }

  private Path dataDirectory(Args a) {
    String data = a.value("--data");
    if (data != null) return Paths.get(data);
    return Paths.get(System.getProperty("user.home"), ".helpline");
  }

  private Helpline client(DeskResolver.Desk desk, Path data, @Nullable Requester requester,
      @Nullable String userToken, Submission.@Nullable Listener listener) {
    Helpline.Builder b = Helpline.builder()
        .app(AppInfo.of("helpline-cli", VERSION))
        .connector(new ObservedConnector(desk.connector,
            (sent, totalBytes) -> {
              // Small tickets finish in one step; a line is worth showing for uploads of 1 MiB and more.
              if (totalBytes >= 1024 * 1024) progress.update("uploading", sent, totalBytes, true);
            }))
        .dataDirectory(data)
        // Callbacks run on the delivery thread, so every event of a pass is reported before the pass (and a
        // flush waiting for it) completes and the process exits; the listeners here only print a line.
        .callbackExecutor(Runnable::run)
        .addDiagnosticsProvider(JvmProviders.process())
        .requester(requester)
        .userToken(userToken);
    if (listener != null) b.addDeliveryListener(listener);
    b.addDeliveryListener(new Submission.Listener() {
      @Override public void onRetrying(Submission s, Instant next, Throwable cause) {
        progress.end();
        err.println("helpline: delivery of " + s.id() + " failed (" + cause.getMessage() + "); next attempt "
            + time(next));
      }
    });
    return b.build();
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.trim().isEmpty() ? null : s.trim();
  }

  static String time(@Nullable Instant instant) {
    if (instant == null) return "-";
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
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
}
