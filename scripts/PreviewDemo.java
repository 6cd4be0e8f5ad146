import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.Helpline;
import dev.helpline.Preview;
import dev.helpline.Priority;
import dev.helpline.Requester;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.diagnostics.RecentLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prints exactly what Helpline would send for a ticket: fields, redaction, diagnostics, attachments. */
public class PreviewDemo {
  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("helpline-demo");
    RecentLogs logs = RecentLogs.create(500, 64 * 1024);
    logs.log("INFO", "sync", "signed in as carol@example.net from 192.168.1.20", null);
    logs.log("WARN", "sync", "upload failed, retrying with Authorization: Bearer abc.def.ghi-secret", null);

    try (SupportApiConnector desk = SupportApiConnector.builder()
            .baseUrl("http://127.0.0.1:1/").appKey("demo-key").build();
        Helpline helpline = Helpline.builder()
            .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
            .connector(desk)
            .dataDirectory(data)
            .requester(Requester.of("u-42", "ada@example.com", "Ada Lovelace"))
            .recentLogs(logs)
            .build()) {
      Preview preview = helpline.preview(TicketDraft.builder()
          .subject("Sync stops after an hour")
          .description("Nothing uploads after 60 minutes. Call me on +44 20 7946 0958;"
              + " my card 4111 1111 1111 1111 was charged twice.")
          .category("sync")
          .priority(Priority.HIGH)
          .customField("workspace", "team-7")
          .addAttachment(Attachment.ofBytes("steps.txt", "text/plain", "1. open\n2. wait".getBytes(StandardCharsets.UTF_8)))
          .includeLogs(true)
          .build());

      System.out.println("=== What Helpline would send (personal data redacted) ===");
      System.out.println(preview);
      System.out.println("=== Diagnostics summary (for text-only desks) ===");
      System.out.println(preview.diagnosticsSummary());
      for (Attachment a : preview.attachments()) {
        if (a.fileName().equals("logs.txt")) {
          System.out.println("=== logs.txt ===");
          System.out.println(new String(a.openStream().readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
