package dev.helpline.sample.cli;

import static dev.helpline.sample.cli.Cli.ENV_TOKEN;
import static dev.helpline.sample.cli.Cli.common;
import static dev.helpline.sample.cli.Cli.obj;
import static dev.helpline.sample.cli.Cli.str;
import static dev.helpline.sample.cli.Cli.time;

import dev.helpline.Submission;
import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.Submission;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code helpline outbox} and {@code flush}: lists, retries, discards and delivers what the outbox holds.
 */
final class OutboxCommands {
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
    Args a = Args.parse("outbox", argv, new Args.Spec(0, 0, "").value("--data", "--desk").flag("--json")
        .repeated("--retry", "--discard"));
    Path data = cli.dataDirectory(a);
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
      line.append(TerminalText.line(s.id())).append("  \"").append(TerminalText.line(s.subject())).append("\"  queued ").append(time(s.createdAt()))
          .append("  attempts ").append(s.attempts());
      if (s.nextAttemptAt() != null) line.append("  next attempt ").append(time(s.nextAttemptAt()));
      if (s.lastError() != null) line.append(s.state() == Submission.State.FAILED ? "  reason: " : "  last error: ")
          .append(TerminalText.line(s.lastError()));
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
    try (Helpline helpline = cli.client(new DeskResolver.Desk(new OfflineConnector()), data, null, null,
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
    try (Helpline helpline = cli.client(new DeskResolver.Desk(new OfflineConnector()), data, null, null, null)) {
      return helpline.submissions();
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "could not read the outbox in " + data + ": " + e, e);
    }
  }

  int flush(List<String> argv) throws CliException {
    Args a = Args.parse("flush", argv, common(new Args.Spec(0, 0, "")).value("--wait"));
    long waitSeconds = a.seconds("--wait", 300, 24 * 3600);
    String token = cli.token(a);
    if (token == null) throw CliException.badInput("flushing needs the app key: pass --token or set " + ENV_TOKEN);
    DeskResolver.Desk desk = cli.desks.resolve(a.value("--desk"), new DeskResolver.Credentials(token));
    Path data = cli.dataDirectory(a);
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
    try (Helpline helpline = cli.client(desk, data, null, null, drain)) {
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
}
