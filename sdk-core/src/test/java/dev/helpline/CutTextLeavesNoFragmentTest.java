package dev.helpline;

import static dev.helpline.TokenSamples.CARD;
import static dev.helpline.TokenSamples.EMAIL;
import static dev.helpline.TokenSamples.IBAN;
import static dev.helpline.TokenSamples.JWT;
import static dev.helpline.TokenSamples.filler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.diagnostics.DiagnosticsProvider;
import dev.helpline.diagnostics.RecentLogs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text is cut to its limit before it is redacted, so a cut must never keep part of a token that the
 * redaction rules recognise only whole: each case puts one across a cut and checks what a preview shows.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CutTextLeavesNoFragmentTest {
  @TempDir Path tmp;

  @Test
  void aDiagnosticsValueCutInsideAnEmailOrACardNumberShowsNoPartOfIt() throws IOException {
    // The value is cut to MAX_STRING_LENGTH characters, ellipsis included: the cut falls 17 characters
    // into the e-mail address ("ada.lovelace@exam") and 12 into the card number ("4111 1111 11").
    int kept = Diagnostics.MAX_STRING_LENGTH - 1;
    String email = filler(kept - 17) + EMAIL + " is the account";
    String card = filler(kept - 12 - 5) + "card " + CARD + " expires 12/29";
    DiagnosticsProvider provider = new DiagnosticsProvider() {
      @Override public String name() {
        return "account";
      }

      @Override public void contribute(Sink sink) {
        sink.put("email", email);
        sink.put("card", card);
      }
    };
    try (Helpline h = builder().addDiagnosticsProvider(provider).build()) {
      Preview p = h.preview(TicketDraft.builder().subject("It broke").includeDiagnostics(true).includeLogs(false).build());
      String shownEmail = (String) p.diagnostics().sections().get("account").get("email");
      String shownCard = (String) p.diagnostics().sections().get("account").get("card");
      String tail = shownEmail.substring(shownEmail.length() - 40) + " / " + shownCard.substring(shownCard.length() - 40);
      assertFalse(shownEmail.contains("lovelace") || shownEmail.contains("@exam"), tail);
      assertFalse(shownCard.contains("4111") || shownCard.contains("1111"), tail);
      assertTrue(shownEmail.endsWith("a\u2026") && shownEmail.length() <= Diagnostics.MAX_STRING_LENGTH, tail);
      assertTrue(shownCard.endsWith("a card\u2026"), tail);
    }
  }

  @Test
  void aLogLineCutToTheByteBoundInsideAnIbanShowsNoPartOfIt() throws IOException {
    RecentLogs logs = RecentLogs.create(10, 1024);
    // A line costs its UTF-8 length plus one; "…[truncated]" takes 14 bytes: 1,009 bytes of text are kept,
    // the last 17 of them "DE89 3704 0044 05".
    logs.append(filler(1009 - 17 - 5) + "IBAN " + IBAN + " was refused");
    try (Helpline h = builder().recentLogs(logs).build()) {
      String shown = logsOf(h);
      assertFalse(shown.contains("DE89") || shown.contains("3704"), shown.substring(shown.length() - 60));
      assertTrue(shown.endsWith("a IBAN…[truncated]"), shown.substring(shown.length() - 60));
    }
  }

  @Test
  void aStackTraceCutInsideAJwtShowsNoPartOfIt() throws IOException {
    RecentLogs logs = RecentLogs.create(10, 64 * 1024);
    String prefix = "java.lang.IllegalStateException: ";
    // The trace is longer than MAX_STACK_TRACE_CHARS, so each of its lines is cut to a quarter of that: the
    // message line 28 characters into the token's header. A header and a payload cut short are still seen as
    // a token, a header alone is not.
    String message = filler(RecentLogs.MAX_STACK_TRACE_CHARS / 4 - 28 - 6 - prefix.length()) + "token " + JWT
        + " rejected " + filler(RecentLogs.MAX_STACK_TRACE_CHARS);
    logs.log("SEVERE", "app.Auth", "sign-in failed", new IllegalStateException(message));
    try (Helpline h = builder().recentLogs(logs).build()) {
      String shown = logsOf(h);
      String messageLine = shown.split("\n")[1];
      assertFalse(shown.contains("eyJ") || shown.contains("SflKx"), messageLine.substring(messageLine.length() - 200));
      assertTrue(messageLine.endsWith("a token…[truncated]"), messageLine.substring(messageLine.length() - 60));
    }
  }

  private Helpline.Builder builder() {
    return Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
        .connector(new PreviewIsWhatIsSentTest.RecordingDesk())
        .dataDirectory(tmp.resolve("helpline"));
  }

  private static String logsOf(Helpline h) throws IOException {
    Preview p = h.preview(TicketDraft.builder().subject("It broke").includeDiagnostics(false).includeLogs(true).build());
    return new String(bytesOf(p, "logs.txt"), StandardCharsets.UTF_8);
  }

  private static byte[] bytesOf(Preview p, String fileName) throws IOException {
    for (Attachment a : p.attachments()) {
      if (a.fileName().equals(fileName)) {
        try (InputStream in = a.openStream()) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError("no " + fileName + " in " + p.attachments());
  }

  @Test
  void fillerHasTheLengthAsked() {
    assertEquals(987, filler(987).length());
    assertEquals(988, filler(988).length());
  }
}
