package dev.helpline.internal.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.TicketDraft;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.Redactor;
import dev.helpline.internal.text.SafeCut;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DiagnosticsStepTest {
  private static final TicketDraft LOGS_ONLY =
      TicketDraft.builder().subject("It broke").includeDiagnostics(false).includeLogs(true).build();

  private static String attachedLogs(RecentLogs logs) throws IOException {
    DiagnosticsStep step = new DiagnosticsStep(new RedactionStep(Redactor.defaults()),
        () -> Diagnostics.builder(Instant.EPOCH).build(), logs, null, 1024);
    List<Attachment> attachments = new ArrayList<>();
    step.attach(LOGS_ONLY, attachments);
    assertEquals(1, attachments.size());
    assertEquals(DiagnosticsStep.LOGS_FILE, attachments.get(0).fileName());
    try (InputStream in = attachments.get(0).openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aScreenshotProviderInterruptedWhileWaitingLeavesTheCallerInterruptedAndTheReportWithoutAScreenshot() {
    DiagnosticsStep step = new DiagnosticsStep(new RedactionStep(Redactor.defaults()),
        () -> Diagnostics.builder(Instant.EPOCH).build(), null, max -> {
          throw new InterruptedException("interrupted while waiting for the event dispatch thread");
        }, 1024);
    List<Attachment> attachments = new ArrayList<>();
    try {
      step.attach(TicketDraft.builder().subject("It broke").includeDiagnostics(false).includeScreenshot(true).build(),
          attachments);
      assertEquals(List.of(), attachments);
      assertTrue(Thread.currentThread().isInterrupted(), "the host's cancellation of the calling thread is kept");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void redactedLogsKeepTheirNewestWholeLinesWithinTheRingsByteBound() throws IOException {
    RecentLogs logs = RecentLogs.create(1000, RecentLogs.MIN_BYTES);
    for (int i = 0; i < 200; i++) logs.append("login " + i + " ok password=x");
    assertTrue(logs.byteCount() > RecentLogs.MIN_BYTES - 30, "the ring is full before redaction");

    String sent = attachedLogs(logs);

    assertTrue(SafeCut.utf8Length(sent) <= logs.maxBytes(), sent.length() + " chars sent:\n" + sent);
    String[] lines = sent.split("\n");
    assertTrue(lines[0].matches("\\[\\d+ older lines left out to keep the logs within their byte limit]"), lines[0]);
    assertTrue(lines[lines.length - 1].startsWith("login 199 ok password="), lines[lines.length - 1]);
    for (int i = 1; i < lines.length; i++) {
      assertTrue(lines[i].matches("login \\d+ ok password=.+") && !lines[i].endsWith("password=x"),
          "a whole, redacted line: " + lines[i]);
    }
    int dropped = Integer.parseInt(lines[0].substring(1, lines[0].indexOf(' ')));
    int firstKept = Integer.parseInt(lines[1].split(" ")[1]);
    assertEquals(logs.lineCount() - (lines.length - 1), dropped, "counts the ring's lines left out");
    assertEquals(200 - logs.lineCount() + dropped, firstKept);
  }

  @Test
  void logsThatStayWithinTheBoundAfterRedactionAreSentWhole() throws IOException {
    RecentLogs logs = RecentLogs.create(1000, RecentLogs.MIN_BYTES);
    logs.append("started");
    logs.append("login ok password=x");

    String sent = attachedLogs(logs);

    assertTrue(sent.startsWith("started\nlogin ok password="), sent);
    assertTrue(!sent.contains("left out") && !sent.endsWith("password=x"), sent);
  }

  @Test
  void aNewestLineThatAloneOutgrowsTheBoundIsCutAtAWordBoundary() {
    String old = "older line";
    String newest = "é word ".repeat(300).trim();
    String kept = DiagnosticsStep.keepNewest(old + "\n" + newest, 1024);

    assertTrue(SafeCut.utf8Length(kept) <= 1024, kept);
    assertTrue(kept.startsWith("[1 older line left out to keep the logs within their byte limit]\n"), kept);
    assertTrue(kept.endsWith("word…[truncated]"), kept);
  }
}
