package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  @Test
  void diskFailuresAreNamedWithTheirFile() {
    assertEquals("permission denied: /data/outbox", Problems.describe(new AccessDeniedException("/data/outbox")));
    assertEquals("no such file or directory: /data", Problems.describe(new NoSuchFileException("/data")));
    assertEquals("read-only file system: /data/outbox/pending",
        Problems.describe(new FileSystemException("/data/outbox/pending", null, "Read-only file system")));
    assertEquals("no space left on device: /data/outbox/tmp/x.entry",
        Problems.describe(new FileSystemException("/data/outbox/tmp/x.entry", null, "No space left on device")));
  }

  @Test
  void networkFailuresAreNamedInWords() {
    assertEquals("unknown host desk.invalid", Problems.describe(new UnknownHostException("desk.invalid")));
    assertEquals("cannot connect: Failed to connect to /127.0.0.1:1",
        Problems.describe(new ExecutionException(new ConnectException("Failed to connect to /127.0.0.1:1"))));
    assertEquals("timed out (Read timed out)", Problems.describe(new SocketTimeoutException("Read timed out")));
    assertEquals("TLS failed: PKIX path building failed",
        Problems.describe(new SSLHandshakeException("PKIX path building failed")));
  }

  @Test
  void interruptsAndClosingAreInterrupted() {
    assertEquals("interrupted", Problems.describe(new ClosedByInterruptException()));
    assertEquals("interrupted", Problems.describe(new InterruptedException("sleep interrupted")));
  }

  @Test
  void aThrowableWithoutAMessageIsNamedInWords() {
    assertEquals("illegal state", Problems.describe(new IllegalStateException()));
    assertEquals("cannot connect", Problems.describe(new ConnectException()));
    assertEquals("I/O failed", Problems.describe(new IOException("I/O failed", new IOException())));
  }

  @Test
  void classNamesInTextBecomeWords() {
    assertEquals("Failed to connect to /127.0.0.1:1", Problems.scrub("ConnectException: Failed to connect to /127.0.0.1:1"));
    assertEquals("could not clean up: Helpline data directory d is not a directory",
        Problems.scrub("could not clean up: java.io.IOException: Helpline data directory d is not a directory"));
    assertEquals("cannot use d: access denied: /d/outbox", Problems.scrub("cannot use d: AccessDeniedException: /d/outbox"));
    assertEquals("failed (closed by interrupt)", Problems.scrub("failed (java.nio.channels.ClosedByInterruptException)"));
    assertEquals("SSL handshake: bad certificate", Problems.scrub("javax.net.ssl.SSLHandshakeException: bad certificate"));
    assertEquals("an error in the Error log, nothing else", Problems.scrub("an error in the Error log, nothing else"));
  }
}
