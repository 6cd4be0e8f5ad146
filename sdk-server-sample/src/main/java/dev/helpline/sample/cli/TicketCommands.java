package dev.helpline.sample.cli;

import static dev.helpline.sample.cli.Cli.ENV_USER_TOKEN;
import static dev.helpline.sample.cli.Cli.attachment;
import static dev.helpline.sample.cli.Cli.common;
import static dev.helpline.sample.cli.Cli.deleteTree;
import static dev.helpline.sample.cli.Cli.obj;
import static dev.helpline.sample.cli.Cli.readText;
import static dev.helpline.sample.cli.Cli.requester;
import static dev.helpline.sample.cli.Cli.str;
import static dev.helpline.sample.cli.Cli.time;
import static dev.helpline.sample.cli.TerminalText.MAX_ITEMS;
import static dev.helpline.sample.cli.TerminalText.block;
import static dev.helpline.sample.cli.TerminalText.line;
import static dev.helpline.sample.cli.TerminalText.more;

import dev.helpline.Attachment;
import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.HelplineException;
import dev.helpline.Message;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector.TicketPage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code helpline tickets}, {@code show} and {@code reply}: reads and replies through a client on a throwaway
 * data directory, so reading never delivers (or touches) the outbox.
 */
final class TicketCommands {
  static final Args.Spec TICKETS = common(new Args.Spec(0, 0, "")).value("--limit").flag("--json");
  static final Args.Spec SHOW = common(new Args.Spec(1, 1, "a ticket ID, e.g. helpline show 42")).flag("--json");
  static final Args.Spec REPLY = common(new Args.Spec(1, 1, "a ticket ID, e.g. helpline reply 42 --message ..."))
      .value("--message", "--message-file").repeated("--attach");

  private final Cli cli;
  private final PrintStream out;
  private final PrintStream err;
  private final Progress progress;

  TicketCommands(Cli cli) {
    this.cli = cli;
    this.out = cli.out;
    this.err = cli.err;
    this.progress = cli.progress;
  }

  int tickets(List<String> argv) throws CliException {
    Args a = Args.parse("tickets", argv, TICKETS);
    int limit = a.integer("--limit", 50, 1, 1000);
    try (Reader r = reader(a, Capability.LIST_TICKETS)) {
      List<Ticket> all = new ArrayList<>();
      String cursor = null;
      do {
        String asked = cursor;
        TicketPage page = r.helpline.tickets(cursor);
        all.addAll(page.tickets());
        cursor = page.nextCursor();
        // A page that goes on must move on: else the desk would be asked for ever (or up to --limit times).
        if (cursor != null && (page.tickets().isEmpty() || cursor.equals(asked))) {
          throw new CliException(ExitCodes.ERROR, "the desk's list of tickets does not end: a page of "
              + page.tickets().size() + " tickets names " + (cursor.equals(asked) ? "the cursor it was asked with"
              : "a next page") + "; nothing is shown");
        }
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
        out.printf(Locale.ROOT, "%-10s %-9s %-20s %s%n", line(t.id()), t.status().name().toLowerCase(Locale.ROOT),
            time(t.updatedAt() != null ? t.updatedAt() : t.createdAt()), line(t.subject()));
      }
      return ExitCodes.OK;
    } catch (IOException | HelplineException | IllegalArgumentException e) {
      throw readFailure(e);
    }
  }

  int show(List<String> argv) throws CliException {
    Args a = Args.parse("show", argv, SHOW);
    String id = a.positional().get(0);
    try (Reader r = reader(a, Capability.GET_TICKET, Capability.MESSAGES)) {
      Ticket t = r.helpline.ticket(id);
      if (a.flag("--json")) {
        List<Object> list = new ArrayList<>();
        for (Message m : r.helpline.messages(id)) list.add(messageJson(m));
        Map<String, @Nullable Object> ticket = ticketJson(t);
        ticket.put("messages", list);
        out.println(new JsonOut().put("ticket", ticket));
        return ExitCodes.OK;
      }
      out.println("Ticket " + line(t.id()) + ": " + line(t.subject()));
      out.println("  status:   " + t.status().name().toLowerCase(Locale.ROOT)
          + (t.priority() != null ? "   priority: " + t.priority().name().toLowerCase(Locale.ROOT) : ""));
      out.println("  created:  " + time(t.createdAt()) + "   updated: " + time(t.updatedAt()));
      if (t.url() != null) out.println("  url:      " + line(t.url()));
      List<Message> messages = r.helpline.messages(id);
      out.println(messages.isEmpty() ? "  (no messages yet)" : "  conversation:");
      int shown = 0;
      for (Message m : messages) {
        if (shown++ == MAX_ITEMS) {
          out.println("  " + more(messages.size() - MAX_ITEMS, "message"));
          break;
        }
        String who = m.authorName() != null ? line(m.authorName()) + " (" + author(m) + ")" : author(m);
        out.println("  [" + time(m.createdAt()) + "] " + who + ":");
        out.println(block(m.body(), "      ", true));
        if (!m.attachments().isEmpty()) out.println("      attachments: " + m.attachments().size());
      }
      return ExitCodes.OK;
    } catch (IOException | HelplineException | IllegalArgumentException e) {
      throw readFailure(e);
    }
  }

  int reply(List<String> argv) throws CliException {
    Args a = Args.parse("reply", argv, REPLY);
    String id = a.positional().get(0);
    if (a.has("--message") == a.has("--message-file")) {
      throw CliException.badInput("give the reply as --message TEXT or --message-file FILE (one of them)");
    }
    String body = a.has("--message") ? a.value("--message", "")
        : readText("--message-file", a.value("--message-file", ""), "reply", "nothing was sent");
    if (body.trim().isEmpty()) throw CliException.badInput("the reply is empty");
    List<Attachment> attachments = new ArrayList<>();
    for (String file : a.values("--attach")) attachments.add(attachment(file));
    Capability[] needs = attachments.isEmpty() ? new Capability[] {Capability.REPLY}
        : new Capability[] {Capability.REPLY, Capability.ATTACHMENTS};
    try (Reader r = reader(a, needs)) {
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
    } catch (IOException | HelplineException | IllegalArgumentException e) {
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

  /**
   * A reader of the desk named by {@code --desk}. A desk without the capabilities the command {@code needs} (an
   * e-mail desk only takes new tickets) is bad input, said in the command's words before any request.
   */
  private Reader reader(Args a, Capability... needs) throws CliException {
    String userToken = cli.userToken(a);
    DeskResolver.Desk desk = cli.desks.resolve(a.value("--desk"), new DeskResolver.Credentials(cli.token(a)));
    for (Capability needed : needs) {
      if (!desk.connector.capabilities().contains(needed)) {
        throw CliException.badInput("helpline " + a.command() + " needs a desk that supports "
            + needed.description() + ", and this --desk (" + desk.connector.name() + ") does not");
      }
    }
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
      throw new CliException(ExitCodes.ERROR, "cannot create a temporary directory: " + Problems.describe(e), e);
    }
    try {
      return new Reader(cli.client(desk, temp, requester, userToken, null), temp);
    } catch (IllegalArgumentException e) {
      deleteTree(temp);
      throw new CliException(ExitCodes.REJECTED, "bad --requester or --user-token: " + e.getMessage(), e);
    }
  }

  private static CliException readFailure(Exception e) {
    if (e instanceof DeskException) {
      DeskException d = (DeskException) e;
      String hint = d.httpStatus() == 401 ? "; check the user token (--user-token or " + ENV_USER_TOKEN + ")" : "";
      return new CliException(d.isRetryable() ? ExitCodes.ERROR : ExitCodes.REJECTED, d.getMessage() + hint, e);
    }
    if (e instanceof HelplineException || e instanceof IllegalArgumentException) {
      return new CliException(ExitCodes.REJECTED, e.getMessage(), e); // the desk refused it, or the input is bad
    }
    return new CliException(ExitCodes.ERROR, "the desk could not be reached: " + Problems.describe(e), e);
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
}
