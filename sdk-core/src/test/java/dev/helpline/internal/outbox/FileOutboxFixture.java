package dev.helpline.internal.outbox;

import dev.helpline.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** File outboxes on one temporary data directory at a fixed time, closed after each test. */
abstract class FileOutboxFixture {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @TempDir Path dir;
  private final List<FileOutbox> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (FileOutbox o : opened) o.close();
  }

  /** Another outbox on the same directory, as another client or process would open it. */
  FileOutbox outbox() {
    FileOutbox o = new FileOutbox(dir, Limits.defaults(), Clock.fixed(T0, ZoneOffset.UTC));
    opened.add(o);
    return o;
  }
}
