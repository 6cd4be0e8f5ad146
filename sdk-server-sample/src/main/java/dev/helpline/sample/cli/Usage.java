package dev.helpline.sample.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@code helpline help} and {@code helpline COMMAND --help} print. Each command's entry holds the spec its
 * parser uses, so a command's help lists the shared options that command accepts; a command that gives a shared
 * option another meaning ({@code desk --data}) explains it itself. {@code UsageTest} checks that each command's
 * help names every option its parser accepts and no other, and that the README's table shows the same synopses.
 */
final class Usage {
  /**
   * One command: how it is called (options in brackets are optional), what it does, its own explanation of options
   * where the synopsis is not enough, and what its parser takes.
   */
  static final class Command {
    final String name;
    final Args.Spec spec;
    final List<String> synopsis;
    final List<String> summary;
    final Map<String, String> options = new LinkedHashMap<>();

    private Command(String name, Args.Spec spec, List<String> synopsis, List<String> summary) {
      this.name = name;
      this.spec = spec;
      this.synopsis = synopsis;
      this.summary = summary;
    }

    private Command option(String name, String line) {
      options.put(name, line);
      return this;
    }
  }

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();
  /** Options that several commands take, each with its one-line explanation. */
  private static final Map<String, String> SHARED = new LinkedHashMap<>();

  static {
    add("file", FileCommand.SPEC,
        List.of("file --desk URL --subject S [--description D | --description-file F] [--category C]",
            "[--priority low|normal|high|urgent] [--requester EMAIL] [--attach FILE]... [--diagnostics]",
            "[--wait SECONDS]"),
        "file a ticket and wait for its delivery (--wait, 30 s by default);",
        "prints {\"localId\",\"ticketId\",\"state\"}");
    add("tickets", TicketCommands.TICKETS, List.of("tickets --desk URL [--limit N] [--json]"),
        "the requester's tickets, newest first (needs a user token; some desks need --requester)");
    add("show", TicketCommands.SHOW, List.of("show ID --desk URL [--json]"),
        "one ticket and its conversation (needs a user token)");
    add("reply", TicketCommands.REPLY,
        List.of("reply ID --desk URL --message TEXT | --message-file F [--attach FILE]..."),
        "add the requester's reply; prints {\"ticketId\",\"messageId\",\"createdAt\"}");
    add("status", FeedCommands.STATUS, List.of("status --feed URL | --desk URL [--json]"),
        "service status: components, incidents, maintenances (--feed: a Statuspage page, a summary.json",
        "URL or a desk URL; --desk: a native desk's URL)");
    add("notices", FeedCommands.NOTICES, List.of("notices --feed URL | --desk URL [--json]"),
        "active and upcoming maintenances and announcements");
    add("outbox", OutboxCommands.OUTBOX,
        List.of("outbox [--data DIR] [--retry ID|all]... [--discard ID|all]... [--json]"),
        "submissions waiting in the outbox, and failed ones with reasons; never delivers;",
        "--retry queues failed ones again, --discard deletes them (not both for one submission)")
        .option("--desk", "--desk URL        accepted and ignored: the outbox needs no desk");
    add("flush", OutboxCommands.FLUSH, List.of("flush --desk URL [--data DIR] [--wait SECONDS]"),
        "deliver everything pending (--wait, 300 s by default); prints {\"delivered\",\"pending\",\"failed\"};",
        "non-zero exit if anything is left");
    add("desk", DeskCommands.DESK,
        List.of("desk [--port P] [--data DIR] [--requester EMAIL] [--app-key K] [--admin-key K]",
            "[--token-secret S]"),
        "run the test desk until killed; prints its URL, its agent console and the keys it generated")
        .option("--port", "--port P          the port on 127.0.0.1 (default 8080; 0 picks a free one)")
        .option("--data", "--data DIR        keep the tickets there too, for a desk started later"
            + " (default: memory only)")
        .option("--requester", "--requester EMAIL print a user token for this requester")
        .option("--app-key", "--app-key K       the app key the desk accepts (default: generated and printed)")
        .option("--admin-key", "--admin-key K     the agent console's admin key (default: generated and printed)")
        .option("--token-secret", "--token-secret S  the secret that signs user tokens (default: random)");
    add("demo", DeskCommands.DEMO, List.of("demo [--keep-open]"),
        "the whole ticket life cycle against an in-process desk; --keep-open keeps it",
        "running afterwards and prints its agent console's address");

    SHARED.put("--desk",
        "--desk URL        https://… (native Support API), rt+, zendesk+, freshdesk+, jsm+https://…, smtp(s)://…");
    SHARED.put("--data", "--data DIR        the data directory holding the outbox (default ~/.helpline)");
    SHARED.put("--token", "--token T         the app key for filing (default: $HELPLINE_TOKEN); never printed");
    SHARED.put("--user-token",
        "--user-token T    the requester's token for reading (default: $HELPLINE_USER_TOKEN); never printed");
    SHARED.put("--requester", "--requester R     the requester's e-mail (or id without '@')");
    SHARED.put("--json", "--json            tickets, show, outbox, status, notices: print JSON instead of text");
  }

  private static final String EXIT_CODES = String.join("\n",
      "Exit codes: 0 done/delivered, 1 other error, 2 rejected (bad input or permanent desk refusal),",
      "            3 queued but not delivered yet");

  private Usage() {}

  private static Command add(String name, Args.Spec spec, List<String> synopsis, String... summary) {
    Command c = new Command(name, spec, synopsis, List.of(summary));
    COMMANDS.put(name, c);
    return c;
  }

  static Collection<Command> commands() {
    return Collections.unmodifiableCollection(COMMANDS.values());
  }

  static @Nullable Command command(String name) {
    return COMMANDS.get(name);
  }

  /** "file, tickets, …, desk or demo", for messages. */
  static String names() {
    List<String> names = new ArrayList<>(COMMANDS.keySet());
    String last = names.remove(names.size() - 1);
    return String.join(", ", names) + " or " + last;
  }

  /** Every command, the shared options and the exit codes: what {@code helpline help} prints. */
  static String full() {
    List<String> lines = new ArrayList<>();
    lines.add("usage: helpline COMMAND [OPTIONS]   (helpline COMMAND --help shows one command)");
    lines.add("");
    lines.add("Commands:");
    for (Command c : COMMANDS.values()) {
      lines.add("  " + c.synopsis.get(0));
      for (String more : c.synopsis.subList(1, c.synopsis.size())) lines.add("          " + more);
      for (String line : c.summary) lines.add("      " + line);
      for (String line : c.options.values()) lines.add("        " + line);
    }
    lines.add("");
    lines.add("Common options:");
    for (String line : SHARED.values()) lines.add("  " + line);
    lines.add("");
    lines.add(EXIT_CODES);
    return String.join("\n", lines);
  }

  /** One command: its synopsis, what it does, the shared options it takes and the exit codes. */
  static String of(Command c) {
    List<String> lines = new ArrayList<>();
    lines.add("usage: helpline " + c.synopsis.get(0));
    for (String more : c.synopsis.subList(1, c.synopsis.size())) lines.add("           " + more);
    lines.add("");
    lines.addAll(c.summary);
    if (!c.options.isEmpty()) {
      lines.add("");
      lines.add("Options:");
      for (String line : c.options.values()) lines.add("  " + line);
    }
    List<String> shared = new ArrayList<>();
    for (Map.Entry<String, String> option : SHARED.entrySet()) {
      String name = option.getKey();
      if (c.spec.names().contains(name) && !c.options.containsKey(name)) shared.add("  " + option.getValue());
    }
    if (!shared.isEmpty()) {
      lines.add("");
      lines.add("Options shared with other commands:");
      lines.addAll(shared);
    }
    lines.add("");
    lines.add(EXIT_CODES);
    return String.join("\n", lines);
  }
}
