package dev.helpline.sample.cli;

import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.Submission;
import dev.helpline.diagnostics.jvm.JvmProviders;
import dev.helpline.outbox.OutboxStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
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

  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  final DeskResolver desks;
  final Progress progress;

  Cli(PrintStream out, PrintStream err, Map<String, String> env, DeskResolver desks, Progress progress) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.desks = desks;
    this.progress = progress;
  }

  /**
   * Runs one command and returns its exit code; never throws for bad input. {@code helpline help [COMMAND]} and
   * {@code COMMAND --help} (or {@code -h}) print usage on stdout and exit 0; no command prints it on stderr, exit 2.
   */
  int run(String[] argv) {
    if (argv.length == 0) {
      err.println(Usage.full());
      return ExitCodes.REJECTED;
    }
    String command = argv[0];
    List<String> rest = Arrays.asList(argv).subList(1, argv.length);
    try {
      switch (command) {
        case "file": return new FileCommand(this).file(rest);
        case "tickets": return new TicketCommands(this).tickets(rest);
        case "show": return new TicketCommands(this).show(rest);
        case "reply": return new TicketCommands(this).reply(rest);
        case "status": return new FeedCommands(this).status(rest);
        case "notices": return new FeedCommands(this).notices(rest);
        case "outbox": return new OutboxCommands(this).outbox(rest);
        case "flush": return new OutboxCommands(this).flush(rest);
        case "desk": return new DeskCommands(this).desk(rest);
        case "demo": return new DeskCommands(this).demo(rest);
        case "help": case "--help": case "-h":
          return help(rest);
        case "version": case "--version":
          out.println("helpline " + VERSION);
          return ExitCodes.OK;
        default:
          throw unknownCommand(command);
      }
    } catch (CliException e) {
      progress.end();
      Usage.Command help = e.helpFor() == null ? null : Usage.command(e.helpFor());
      if (help != null) {
        out.println(Usage.of(help));
        return ExitCodes.OK;
      }
      // Messages can carry text from a desk or a feed: one line, controls shown escaped, no class names.
      err.println("helpline: " + TerminalText.line(Problems.scrub(String.valueOf(e.getMessage()))));
      return e.exitCode();
    }
  }

  /** {@code helpline help}: every command; {@code helpline help COMMAND}: that one. */
  private int help(List<String> rest) throws CliException {
    if (rest.isEmpty()) {
      out.println(Usage.full());
      return ExitCodes.OK;
    }
    Usage.Command command = Usage.command(rest.get(0));
    if (command == null) throw unknownCommand(rest.get(0));
    if (rest.size() > 1) throw CliException.badInput("help takes one command, e.g. helpline help file");
    out.println(Usage.of(command));
    return ExitCodes.OK;
  }

  private static CliException unknownCommand(String command) {
    return CliException.badInput("unknown command '" + command + "'; expected " + Usage.names()
        + " (helpline help lists them)");
  }

  // ---- shared by the commands

  static Map<String, @Nullable Object> obj(@Nullable Object... keysAndValues) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
    return m;
  }

  static @Nullable String str(@Nullable Object o) {
    return o == null ? null : o.toString();
  }

  static Args.Spec common(Args.Spec spec) {
    return spec.value("--desk", "--data", "--requester").secret("--token", "--user-token");
  }

  /** The app key from {@code --token}, else {@code HELPLINE_TOKEN}; blank is none. */
  @Nullable String token(Args a) {
    String token = a.value("--token");
    return token != null ? blankToNull(token) : blankToNull(env.get(ENV_TOKEN));
  }

  /**
   * The requester's token from {@code --user-token}, else {@code HELPLINE_USER_TOKEN}; blank is none, as for
   * {@link #token}, so every reading command refuses it with the same usage message before any request.
   */
  @Nullable String userToken(Args a) {
    String token = a.value("--user-token");
    return token != null ? blankToNull(token) : blankToNull(env.get(ENV_USER_TOKEN));
  }

  Path dataDirectory(Args a) {
    String data = a.value("--data");
    if (data != null) return Paths.get(data);
    return Paths.get(System.getProperty("user.home"), ".helpline");
  }

  Helpline client(DeskResolver.Desk desk, Path data, @Nullable Requester requester,
      @Nullable String userToken, Submission.@Nullable Listener listener) {
    return client(desk, data, null, requester, userToken, listener);
  }

  /**
   * A client of {@code desk} that delivers as soon as it is built; with {@code outbox} (from {@link #openOutbox}) it
   * uses that store, which the caller closes after the client. Problems of a delivery are not printed as they
   * happen: the command reports the outcome in one line when it is over.
   */
  Helpline client(DeskResolver.Desk desk, Path data, @Nullable OutboxStore outbox, @Nullable Requester requester,
      @Nullable String userToken, Submission.@Nullable Listener listener) {
    Helpline.Builder b = Helpline.builder()
        .app(AppInfo.of("helpline-cli", VERSION))
        .connector(new ObservedConnector(desk.connector,
            (sent, totalBytes) -> {
              // Small tickets finish in one step; a line is worth showing for uploads of 1 MiB and more.
              if (totalBytes >= 1024 * 1024) progress.update("uploading", sent, totalBytes, true);
            }))
        .dataDirectory(data)
        .outboxStore(outbox)
        // Callbacks run on the delivery thread, so every event of a pass is reported before the pass (and a
        // flush waiting for it) completes and the process exits; the listeners here only print a line.
        .callbackExecutor(Runnable::run)
        .addDiagnosticsProvider(JvmProviders.process())
        .requester(requester)
        .userToken(userToken);
    if (listener != null) b.addDeliveryListener(listener);
    return b.build();
  }

  /**
   * The outbox in {@code data}, opened and read once so that a data directory that cannot be used (a file, a
   * missing parent, no permission, a read-only or full disk) is one line before any client or delivery thread
   * exists. Opening starts no delivery; the caller closes it.
   */
  static OutboxStore openOutbox(Path data) throws CliException {
    if (Files.exists(data) && !Files.isDirectory(data)) {
      throw new CliException(ExitCodes.ERROR, "--data " + data + " is a file, not a directory; pass --data with a"
          + " directory for the outbox");
    }
    OutboxStore store = OutboxStore.inDirectory(data);
    try {
      store.counts();
      return store;
    } catch (IOException | RuntimeException e) {
      closeQuietly(store);
      throw new CliException(ExitCodes.ERROR, Problems.describe(e) + "; pass --data with a directory you can"
          + " write to", e);
    }
  }

  static void closeQuietly(OutboxStore store) {
    try {
      store.close();
    } catch (IOException e) {
      // Only this process's lock is released here; entries on disk are complete or were never accepted.
    }
  }

  static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.trim().isEmpty() ? null : s.trim();
  }

  static String time(@Nullable Instant instant) {
    if (instant == null) return "-";
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static void deleteTree(Path root) {
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

  static Priority priority(@Nullable String value) throws CliException {
    if (value == null) return Priority.NORMAL;
    try {
      return Priority.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw CliException.badInput("--priority is '" + value + "'; expected low, normal, high or urgent");
    }
  }

  static Requester requester(String value) throws CliException {
    String v = value.trim();
    if (v.isEmpty()) throw CliException.badInput("--requester is empty");
    return v.contains("@") ? Requester.ofEmail(v) : Requester.of(v, null, null);
  }

  static Attachment attachment(String file) throws CliException {
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

  /**
   * The text of {@code file}, given with {@code option} for a {@code what} ("description", "reply") that may hold
   * {@link Limits#maxDescriptionBytes()} bytes of UTF-8. At most one byte more is read: a longer file, or one
   * without end such as a device, is bad input naming the limit, never an attempt to hold it all in memory. Text
   * that is not UTF-8 is bad input naming the first byte that is not, rather than being sent with replacement
   * characters.
   */
  static String readText(String option, String file, String what, String nothingDone) throws CliException {
    int max = Limits.defaults().maxDescriptionBytes();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(Paths.get(file))) {
      bytes = in.readNBytes(max + 1);
    } catch (IOException e) {
      throw CliException.badInput(option + " " + file + " cannot be read: " + Problems.describe(e));
    }
    if (bytes.length > max) {
      throw CliException.badInput(option + " " + file + " holds more than " + max + " bytes, the limit of a " + what
          + " (" + nothingDone + ")");
    }
    // Strict: replacing what is not UTF-8 would send garbled text the user never sees before it is queued.
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer text = CharBuffer.allocate(bytes.length);
    CoderResult result = utf8.decode(in, text, true);
    if (!result.isError()) result = utf8.flush(text);
    if (result.isError()) {
      throw CliException.badInput(option + " " + file + " is not UTF-8 text (at byte offset "
          + in.position() + "); convert it to UTF-8, for example with iconv (" + nothingDone + ")");
    }
    return text.flip().toString();
  }
}
