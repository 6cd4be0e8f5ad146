package dev.helpline.internal.outbox;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of the outbox entry header (Jazzer): what a torn, truncated or overwritten entry file
 * holds is read with {@link CorruptEntryException} (or an {@link IOException} from the file), never another
 * exception. The first byte picks the target: the whole file through {@code readHeader}; the same bytes as the
 * header's JSON behind a correct preamble and CRC (so the fuzzer reaches the JSON reader); the ticket JSON; the
 * state JSON. Entry files are read both ways the outbox reads them (header from the file, whole from memory).
 * The normal build replays {@code EntryCodecFuzzTestInputs/}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EntryCodecFuzzTest {
  private static Path file;

  @AfterAll
  static void deleteFile() throws IOException {
    if (file != null) Files.deleteIfExists(file);
  }

  @FuzzTest(maxDuration = "5s")
  void readsOrReportsACorruptEntry(byte[] input) throws IOException {
    if (input.length == 0) return;
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    try {
      switch ((input[0] & 0xFF) % 4) {
        case 0: readHeader(rest); break;
        case 1: readHeader(withValidPreamble(rest)); break;
        case 2: EntryCodec.readTicket(rest); break;
        default: RecordCodec.readState(rest);
      }
    } catch (CorruptEntryException expected) {
      // the documented outcome for a damaged entry
    }
  }

  /** Reads {@code bytes} as a file and whole from memory: what the file's header check refuses, the whole read refuses too. */
  private static void readHeader(byte[] bytes) throws IOException, CorruptEntryException {
    if (file == null) file = Files.createTempFile("entry-fuzz", ".entry");
    Files.write(file, bytes);
    CorruptEntryException refused = null;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      EntryCodec.readHeader(ch);
    } catch (CorruptEntryException e) {
      refused = e;
    }
    // The whole read may refuse more (it also checks the trailing CRC-32), never less.
    CorruptEntryException wholeRefused = null;
    try {
      EntryCodec.readWhole(bytes);
    } catch (CorruptEntryException e) {
      wholeRefused = e;
    }
    if (refused != null && wholeRefused == null) {
      throw new AssertionError("readWhole accepted an entry readHeader refused: " + refused.getMessage());
    }
    if (refused != null) throw refused;
  }

  /** {@code json} behind the preamble {@code EntryCodec.header} writes, with a body of zero bytes. */
  private static byte[] withValidPreamble(byte[] json) {
    if (json.length < 2) return json;
    byte[] header = EntryCodec.header(json, 0);
    // header() computes the CRC itself; re-check it so the test notices if the layout changes.
    CRC32 c = new CRC32();
    c.update(header, 0, 20);
    c.update(json, 0, json.length);
    if (ByteBuffer.wrap(header).getInt(20) != (int) c.getValue()) throw new AssertionError("preamble layout changed");
    return header;
  }
}
