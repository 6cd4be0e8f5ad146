package dev.helpline.benchmarks;

import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.Helpline;
import dev.helpline.Limits;
import dev.helpline.Requester;
import dev.helpline.TicketDraft;
import dev.helpline.connector.supportapi.SupportApiConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Random;

/** The payloads and clients every benchmark shares, generated deterministically. */
final class Fixtures {
  static final int DESCRIPTION_BYTES = 4 * 1024;
  static final int ATTACHMENT_BYTES = 1024 * 1024;
  static final AppInfo APP = AppInfo.of("Bench Notes", "4.2.0", "4210");
  /** A port nothing listens on: deliveries fail at once and entries stay queued. */
  static final String DEAD_DESK = "http://127.0.0.1:9";

  private Fixtures() {}

  /** 4 KiB of ASCII prose with a few things the redactor removes (e-mail, phone, IP). */
  static String description() {
    StringBuilder sb = new StringBuilder(DESCRIPTION_BYTES);
    String[] sentences = {
        "Sync stops after about an hour and the spinner keeps turning. ",
        "I tried signing out and in again, as the help page suggests. ",
        "My colleague ada.lovelace@example.com sees the same on her laptop. ",
        "Call me back on +44 20 7946 0958 if you need more details. ",
        "The proxy at 10.20.30.40 is the only thing that changed last week. ",
        "Nothing is uploaded until I restart the app, then it catches up. ",
    };
    for (int i = 0; sb.length() < DESCRIPTION_BYTES; i++) sb.append(sentences[i % sentences.length]);
    sb.setLength(DESCRIPTION_BYTES);
    return sb.toString();
  }

  /** 1 MiB of seeded random bytes (incompressible, like a photo or a zip). */
  static byte[] attachmentBytes() {
    byte[] b = new byte[ATTACHMENT_BYTES];
    new Random(42).nextBytes(b);
    return b;
  }

  /** A ticket with a 4 KiB description and diagnostics; with a 1 MiB attachment when asked. */
  static TicketDraft draft(boolean withAttachment) {
    TicketDraft.Builder b = TicketDraft.builder()
        .subject("Sync stops after an hour")
        .description(description())
        .includeDiagnostics(true);
    if (withAttachment) b.addAttachment(Attachment.ofBytes("capture.bin", "application/octet-stream", attachmentBytes()));
    return b.build();
  }

  static SupportApiConnector connector(String baseUrl, String appKey) {
    return SupportApiConnector.builder().baseUrl(baseUrl).appKey(appKey).build();
  }

  static Helpline.Builder client(SupportApiConnector connector, Path dataDirectory) {
    return Helpline.builder()
        .app(APP)
        .connector(connector)
        .dataDirectory(dataDirectory)
        .requester(Requester.ofEmail("bench@example.com"))
        .limits(Limits.defaults().toBuilder().maxOutboxEntries(100_000).maxOutboxBytes(10L * 1024 * 1024 * 1024).build());
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) return;
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) throw e;
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  /** Scratch space on the same file system as the build (not tmpfs), so fsync means what it means for users. */
  static Path scratch(String name) throws IOException {
    Path base = Path.of(System.getProperty("helpline.bench.scratch", "sdk-benchmarks/target/scratch")).toAbsolutePath();
    Files.createDirectories(base);
    return Files.createTempDirectory(base, name + "-");
  }
}
