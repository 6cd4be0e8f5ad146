package dev.helpline.sample.cli;

import static dev.helpline.sample.cli.Cli.ENV_TOKEN;
import static dev.helpline.sample.cli.Cli.attachment;
import static dev.helpline.sample.cli.Cli.common;
import static dev.helpline.sample.cli.Cli.priority;
import static dev.helpline.sample.cli.Cli.readText;
import static dev.helpline.sample.cli.Cli.requester;

import dev.helpline.DeskException;
import dev.helpline.Helpline;
import dev.helpline.OutboxFullException;
import dev.helpline.Preview;
import dev.helpline.Submission;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.outbox.OutboxStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * {@code helpline file}: previews, queues and waits for the delivery of one ticket; prints the result as JSON.
 */
final class FileCommand {
  static final Args.Spec SPEC = common(new Args.Spec(0, 0, ""))
      .value("--subject", "--description", "--description-file", "--category", "--priority", "--wait")
      .repeated("--attach")
      .flag("--diagnostics");

  private final Cli cli;
  private final PrintStream out;
  private final PrintStream err;
  private final Progress progress;

  FileCommand(Cli cli) {
    this.cli = cli;
    this.out = cli.out;
    this.err = cli.err;
    this.progress = cli.progress;
  }

  int file(List<String> argv) throws CliException {
    Args a = Args.parse("file", argv, SPEC);
    String subject = a.value("--subject");
    if (subject == null || subject.trim().isEmpty()) throw CliException.badInput("--subject is required");
    if (a.has("--description") && a.has("--description-file")) {
      throw CliException.badInput("give either --description or --description-file, not both");
    }
    String description = a.value("--description", "");
    String descriptionFile = a.value("--description-file");
    if (descriptionFile != null) {
      description = readText("--description-file", descriptionFile, "description", "nothing was queued");
    }
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
    String token = cli.token(a);
    if (token == null) throw CliException.badInput("filing needs the app key: pass --token or set " + ENV_TOKEN);
    DeskResolver.Desk desk = cli.desks.resolve(a.value("--desk"), new DeskResolver.Credentials(token));
    Path data = cli.dataDirectory(a);

    // Opened first: a data directory that cannot hold the outbox is one line, before any delivery thread runs.
    OutboxStore store = Cli.openOutbox(data);
    try (Helpline helpline = cli.client(desk, data, store, null, null, null)) {
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
        throw new CliException(ExitCodes.ERROR, "could not queue the ticket in " + data + ": " + Problems.describe(e)
            + "; nothing was queued", e);
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
        if (cause instanceof DeskException && !refusedByDesk((DeskException) cause)) {
          out.println(result.put("ticketId", null).put("state", "failed").put("error", cause.getMessage()));
          throw new CliException(ExitCodes.ERROR, cause.getMessage() + "; it stays in " + data
              + " as failed: helpline outbox --retry " + submission.id() + " queues it again", cause);
        }
        if (cause instanceof DeskException) {
          discardQuietly(helpline, submission.id());
          out.println(result.put("ticketId", null).put("state", "rejected").put("error", cause.getMessage()));
          String hint = ((DeskException) cause).httpStatus() == 401 || ((DeskException) cause).httpStatus() == 403
              ? "; check the app key (--token or " + ENV_TOKEN + ")" : "";
          throw new CliException(ExitCodes.REJECTED, cause.getMessage() + hint + " (not kept in the outbox)");
        }
        throw new CliException(ExitCodes.ERROR, "delivery failed: " + Problems.describe(e)
            + "; helpline outbox shows what is left in " + data, cause);
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
    } finally {
      Cli.closeQuietly(store);
    }
  }

  /**
   * Whether the desk refused the ticket (a 4xx answer: it will refuse it again), which {@code file} removes;
   * not a 2xx it could not use (a proxy's or sign-in page's HTML, after several tries), which stays failed
   * in the outbox to be retried, since the desk may even have the ticket.
   */
  static boolean refusedByDesk(DeskException e) {
    return e.httpStatus() >= 400 && e.httpStatus() < 500;
  }

  private void discardQuietly(Helpline helpline, String id) {
    try {
      helpline.discard(id);
    } catch (IOException | RuntimeException e) {
      err.println("helpline: could not remove the refused submission " + id + " from the outbox: "
          + TerminalText.line(Problems.describe(e)) + "; helpline outbox --discard " + id + " removes it");
    }
  }

  private static @Nullable String lastError(Helpline helpline, String id) {
    try {
      for (Submission s : helpline.submissions()) {
        if (s.id().equals(id)) return s.lastError() == null ? null : Problems.scrub(s.lastError());
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
