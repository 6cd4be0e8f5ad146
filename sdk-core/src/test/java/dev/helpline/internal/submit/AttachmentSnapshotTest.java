package dev.helpline.internal.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AttachmentSnapshotTest {
  @Test
  void bytesInMemoryAreStoredAsTheyAreWithoutASecondHash() throws Exception {
    byte[] data = {1, 2, 3};
    Attachment bytes = Attachment.ofBytes("x.bin", "application/octet-stream", data);
    data[0] = 9; // the attachment holds its own copy: nothing can change what it yields

    Attachment stored = AttachmentSnapshot.take(0, bytes).verify();

    assertSame(bytes, stored);
    try (InputStream in = stored.openStream()) {
      assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
    }
  }

  @Test
  void aFileIsStoredAsARegionCheckedAgainstItsPreviewedHash(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("trace.txt"), new byte[] {1, 2, 3});
    Attachment a = Attachment.ofFile(file, "text/plain");
    AttachmentSnapshot snapshot = AttachmentSnapshot.take(0, a);
    Files.write(file, new byte[] {7, 8, 9}); // same size, other bytes

    Attachment stored = snapshot.verify();

    assertNotSame(a, stored);
    try (InputStream in = stored.openStream()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, in::readAllBytes);
      assertTrue(e.getMessage().contains("attachments[0] 'trace.txt' changed since the preview"), e.getMessage());
    }
  }
}
