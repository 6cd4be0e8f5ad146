package dev.helpline.sample.cli;

import static dev.helpline.sample.cli.Cli.ENV_TOKEN;
import static dev.helpline.sample.cli.Cli.common;
import static dev.helpline.sample.cli.Cli.obj;
import static dev.helpline.sample.cli.Cli.str;
import static dev.helpline.sample.cli.Cli.time;

import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.FailureRecord;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * {@code helpline outbox} and {@code flush}: lists, retries, discards and delivers what the outbox holds.
 * {@code outbox} works on the store alone and never delivers; {@code flush} builds the one delivering client.
 */
final class OutboxCommands {
  static final Args.Spec OUTBOX = new Args.Spec(0, 0, "").value("--data", "--desk").flag("--json")
      .repeated("--retry", "--discard");
  static final Args.Spec FLUSH = common(new Args.Spec(0, 0, "")).value("--wait");

  private final Cli cli;
  private final PrintStream out;
  private final PrintStream err;
  private final Progress progress;

  OutboxCommands(Cli cli) {
    this.cli = cli;
    this.out = cli.out;
    this.err = cli.err;
    this.progress = cli.progress;
  }

  int outbox(List<String> argv) throws CliException {
    Args a = Args.parse("outbox", argv, OUTBOX);
    Path data = cli.dataDirectory(a);
    boolean changes = a.has("--retry") || a.has("--discard");
    if (!Files.exists(data)) {
      if (changes) throw CliException.badInput("there is no outbox in " + data);
      if (a.flag("--json")) {
        out.println(new JsonOut().put("submissions", new ArrayList<>()));
      } else {
        out.println("The outbox is empty (" + data + " does not exist).");
      }
      return ExitCodes.OK;
    }
    // The store alone, without a client: listing, retrying and discarding never start a delivery.
    OutboxStore store = Cli.openOutbox(data);
    List<StoredEntry> list;
    try {
      if (changes) changeOutbox(store, a.values("--retry"), a.values("--discard"));
      list = entries(store);
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "could not read the outbox in " + data + ": " + Problems.describe(e), e);
    } finally {
      Cli.closeQuietly(store);
    }
    if (a.flag("--json")) {
      List<Object> entries = new ArrayList<>();
      for (StoredEntry e : list) {
        entries.add(obj("localId", e.id(), "state", pending(e) ? "pending" : "failed",
            "subject", e.record().subject(), "queuedAt", str(e.record().createdAt()), "attempts", e.state().attempts(),
            "nextAttemptAt", str(nextAttemptAt(e)), "error", error(e)));
      }
      out.println(new JsonOut().put("submissions", entries));
      return ExitCodes.OK;
    }
    long pending = list.stream().filter(OutboxCommands::pending).count();
    out.println(pending + " pending, " + (list.size() - pending) + " failed in " + data);
    for (StoredEntry e : list) {
      StringBuilder line = new StringBuilder(pending(e) ? "pending " : "failed  ");
      line.append(TerminalText.line(e.id())).append("  \"").append(TerminalText.line(e.record().subject()))
          .append("\"  queued ").append(time(e.record().createdAt())).append("  attempts ").append(e.state().attempts());
      if (nextAttemptAt(e) != null) line.append("  next attempt ").append(time(nextAttemptAt(e)));
      String error = error(e);
      if (error != null) line.append(pending(e) ? "  last error: " : "  reason: ").append(TerminalText.line(error));
      out.println(line);
    }
    return ExitCodes.OK;
  }

  /**
   * Puts failed submissions back in the queue ({@code --retry}) or deletes them ({@code --discard}); "all" means
   * every failed one. Both options in one command are fine for different submissions; a submission named by both
   * (or "all" with the other option) is refused, as is an id that is not a failed submission, before anything
   * changes. Nothing is delivered here: the next {@code flush} does that.
   */
  private void changeOutbox(OutboxStore store, List<String> retry, List<String> discard)
      throws CliException, IOException {
    refuseContradictions(retry, discard);
    List<String> failed = new ArrayList<>();
    for (StoredEntry e : store.failed()) failed.add(e.id());
    Set<String> toRetry = expand(retry, failed);
    Set<String> toDiscard = expand(discard, failed);
    try {
      for (String id : toRetry) checkFailed(store, id, failed);
      for (String id : toDiscard) checkFailed(store, id, failed);
      for (String id : toRetry) {
        store.retry(id);
        err.println("helpline: " + id + " is queued again; helpline flush delivers it");
      }
      for (String id : toDiscard) {
        store.discard(id);
        err.println("helpline: " + id + " was discarded");
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw CliException.badInput(String.valueOf(e.getMessage()));
    }
  }

  /** A submission cannot be both queued again and deleted; which one was meant is not ours to guess. */
  private static void refuseContradictions(List<String> retry, List<String> discard) throws CliException {
    if (retry.isEmpty() || discard.isEmpty()) return;
    String nothing = "; nothing was changed";
    if (retry.contains("all") && discard.contains("all")) {
      throw CliException.badInput("--retry all and --discard all contradict each other: every failed submission"
          + " would be both queued again and deleted" + nothing);
    }
    if (retry.contains("all") || discard.contains("all")) {
      String all = retry.contains("all") ? "--retry" : "--discard";
      String other = retry.contains("all") ? "--discard" : "--retry";
      throw CliException.badInput(all + " all takes in every failed submission, so it cannot be combined with "
          + other + nothing + "; run helpline outbox " + other + " ID first, then " + all + " all");
    }
    for (String id : retry) {
      if (discard.contains(id)) {
        throw CliException.badInput("--retry and --discard both name " + TerminalText.line(id)
            + ": a submission is either queued again or deleted" + nothing);
      }
    }
  }

  /** Refuses an id that is not among the failed submissions, before any submission is changed. */
  private static void checkFailed(OutboxStore store, String id, List<String> failed) throws CliException, IOException {
    if (failed.contains(id)) return;
    StoredEntry entry = store.find(id);
    throw CliException.badInput((entry != null ? "submission " + id + " is pending, not failed"
        : "no failed submission with id " + id) + "; --retry and --discard take the failed submissions that"
        + " helpline outbox lists; nothing was changed");
  }

  private static Set<String> expand(List<String> ids, List<String> failed) {
    Set<String> out = new LinkedHashSet<>();
    for (String id : ids) {
      if (id.equals("all")) out.addAll(failed); else out.add(id);
    }
    return out;
  }

  /** Pending entries, oldest first, then failed ones, oldest first, as the store holds them. */
  private static List<StoredEntry> entries(OutboxStore store) throws IOException {
    List<StoredEntry> all = new ArrayList<>(store.pending());
    all.addAll(store.failed());
    return all;
  }

  private static boolean pending(StoredEntry e) {
    return e.location() == Submission.State.QUEUED;
  }

  private static @Nullable Instant nextAttemptAt(StoredEntry e) {
    return pending(e) ? e.state().nextAttemptAt() : null;
  }

  /** The desk's refusal of a failed entry, the last delivery error of a pending one; in words, no class names. */
  private static @Nullable String error(StoredEntry e) {
    FailureRecord failure = e.failure();
    String error = !pending(e) && failure != null ? failure.toException().getMessage() : e.state().lastError();
    return error == null ? null : Problems.scrub(error);
  }

  int flush(List<String> argv) throws CliException {
    Args a = Args.parse("flush", argv, FLUSH);
    long waitSeconds = a.seconds("--wait", 300, 24 * 3600);
    String token = cli.token(a);
    if (token == null) throw CliException.badInput("flushing needs the app key: pass --token or set " + ENV_TOKEN);
    DeskResolver.Desk desk = cli.desks.resolve(a.value("--desk"), new DeskResolver.Credentials(token));
    Path data = cli.dataDirectory(a);
    if (!Files.exists(data)) {
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
    OutboxStore store = Cli.openOutbox(data);
    try {
      // Listed before the delivering client exists: it starts delivering as soon as it is built.
      Set<String> before = new HashSet<>();
      for (StoredEntry e : store.pending()) before.add(e.id());
      total.set(before.size());
      try (Helpline helpline = cli.client(desk, data, store, null, null, drain)) {
        try {
          helpline.flush().get(waitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          // reported below as pending
        } catch (ExecutionException e) {
          throw new CliException(ExitCodes.ERROR, "flushing the outbox in " + data + " failed: "
              + Problems.describe(e), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      progress.end();
      return report(entries(store), before);
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "could not read the outbox in " + data + ": " + Problems.describe(e), e);
    } finally {
      Cli.closeQuietly(store);
    }
  }

  /** Prints the counts after a flush; what is left is one line on stderr with the reason and a non-zero exit. */
  private int report(List<StoredEntry> after, Set<String> before) throws CliException {
    int pending = 0;
    int failed = 0;
    Set<String> left = new HashSet<>();
    @Nullable StoredEntry lastFailed = null;
    @Nullable String lastError = null;
    for (StoredEntry e : after) {
      left.add(e.id());
      if (pending(e)) {
        pending++;
        if (error(e) != null) lastError = error(e);
      } else {
        failed++;
        FailureRecord f = e.failure();
        FailureRecord latest = lastFailed == null ? null : lastFailed.failure();
        if (lastFailed == null || f != null && (latest == null || f.time().isAfter(latest.time()))) lastFailed = e;
      }
    }
    int delivered = 0;
    for (String id : before) if (!left.contains(id)) delivered++;
    out.println(new JsonOut().put("delivered", delivered).put("pending", pending).put("failed", failed));
    if (failed > 0) {
      FailureRecord f = lastFailed == null ? null : lastFailed.failure();
      String hint = f != null && (f.httpStatus() == 401 || f.httpStatus() == 403)
          ? "; check the app key (--token or " + ENV_TOKEN + ")" : "";
      throw new CliException(ExitCodes.REJECTED, failed + " submission(s) refused by the desk"
          + (lastFailed != null && error(lastFailed) != null ? " (" + error(lastFailed) + ")" : "") + hint
          + "; see helpline outbox");
    }
    if (pending > 0) {
      throw new CliException(ExitCodes.QUEUED, pending + " submission(s) still pending"
          + (lastError != null ? " (last error: " + lastError + ")" : "")
          + "; they stay queued for the next helpline flush, see helpline outbox");
    }
    return ExitCodes.OK;
  }
}
