package dev.helpline.sample.cli;

import static dev.helpline.sample.cli.Cli.obj;
import static dev.helpline.sample.cli.Cli.str;
import static dev.helpline.sample.cli.Cli.time;
import static dev.helpline.sample.cli.TerminalText.MAX_ITEMS;
import static dev.helpline.sample.cli.TerminalText.block;
import static dev.helpline.sample.cli.TerminalText.line;
import static dev.helpline.sample.cli.TerminalText.more;

import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeCenter;
import dev.helpline.notices.NoticeSource;
import dev.helpline.status.Component;
import dev.helpline.status.Incident;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * {@code helpline status} and {@code notices}: one fetch of a status feed (and a desk's announcements), printed
 * as text or JSON.
 */
final class FeedCommands {
  static final Args.Spec STATUS = new Args.Spec(0, 0, "").value("--feed", "--desk").flag("--json");
  static final Args.Spec NOTICES = STATUS; // the same options

  private final Cli cli;
  private final PrintStream out;

  FeedCommands(Cli cli) {
    this.cli = cli;
    this.out = cli.out;
  }

  int status(List<String> argv) throws CliException {
    Args a = Args.parse("status", argv, STATUS);
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
    out.println((s.description().isEmpty() ? "Status" : line(s.description())) + " (indicator "
        + s.indicator().wireName() + ")");
    if (s.components().isEmpty()) out.println("  no components");
    int shown = 0;
    for (Component c : s.components()) {
      if (shown++ == MAX_ITEMS) {
        out.println("  " + more(s.components().size() - MAX_ITEMS, "component"));
        break;
      }
      out.printf(Locale.ROOT, "%s %-24s %s%n", c.status() == Component.Status.OPERATIONAL ? " " : "!", line(c.name()),
          c.status().wireName().replace('_', ' '));
    }
    shown = 0;
    for (Incident i : s.activeIncidents()) {
      if (shown++ == MAX_ITEMS) {
        out.println("  " + more(s.activeIncidents().size() - MAX_ITEMS, "incident"));
        break;
      }
      out.println("  incident: " + line(i.name()) + " [" + i.status().wireName() + ", impact " + i.impact().wireName()
          + "]" + affects(i.components()));
      indent(out, i.latestUpdatePlainText());
    }
    List<Maintenance> maintenances = maintenances(s);
    shown = 0;
    for (Maintenance m : maintenances) {
      if (shown++ == MAX_ITEMS) {
        out.println("  " + more(maintenances.size() - MAX_ITEMS, "maintenance"));
        break;
      }
      out.println("  maintenance: " + line(m.name()) + " [" + m.status().wireName().replace('_', ' ') + "]"
          + (m.scheduledFor() != null ? " " + time(m.scheduledFor()) + " to " + time(m.scheduledUntil()) : "")
          + affects(m.components()));
      indent(out, m.latestUpdatePlainText());
    }
  }

  private static String affects(List<String> components) {
    return components.isEmpty() ? "" : ", affects " + line(String.join(", ", components));
  }

  private static List<Maintenance> maintenances(StatusSnapshot s) {
    List<Maintenance> list = new ArrayList<>();
    for (Maintenance m : s.maintenances()) if (m.status() != Maintenance.Status.COMPLETED) list.add(m);
    return list;
  }

  private static void indent(PrintStream out, String text) {
    String block = block(text, "      ");
    if (!block.isEmpty()) out.println(block);
  }

  /**
   * Announcements (a native desk's {@code /v1/notices}) and the status feed's maintenances, merged, targeted and
   * ordered by a notice center without a store directory, so the command marks nothing as seen for anyone. Both are
   * fetched here first, so a failure ends the command with one error line.
   */
  int notices(List<String> argv) throws CliException {
    Args a = Args.parse("notices", argv, NOTICES);
    Feed feed = feed(a);
    StatusSnapshot status = snapshot(feed);
    String deskUrl = feed.deskUrl();
    List<Notice> announcements = new ArrayList<>();
    if (deskUrl != null) {
      try {
        announcements.addAll(NoticeSource.supportApi(deskUrl, feed.http()).fetch());
      } catch (IOException e) {
        throw new CliException(ExitCodes.ERROR, "could not read the notices: "
            + DeskResolver.withoutSecrets(Problems.describe(e), feed.url()), e);
      }
    }
    List<Notice> notices;
    try (NoticeCenter center = NoticeCenter.builder().addSource(() -> announcements)
        .addSource(NoticeSource.fromStatus(() -> status)).listenerExecutor(Runnable::run).build()) {
      notices = center.refresh().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new CliException(ExitCodes.ERROR, "could not merge the notices: " + Problems.describe(e), e);
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
    int shown = 0;
    for (Notice n : notices) {
      if (shown++ == MAX_ITEMS) {
        out.println(more(notices.size() - MAX_ITEMS, "notice"));
        break;
      }
      out.println("[" + n.phase(now).name().toLowerCase(Locale.ROOT) + "] " + n.type().wireName().replace('_', ' ')
          + " (" + n.severity().wireName() + "): " + line(n.title()));
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
      throw new CliException(ExitCodes.ERROR, "could not read the status feed: "
          + DeskResolver.withoutSecrets(Problems.describe(e), feed.url()), e);
    }
  }
}
