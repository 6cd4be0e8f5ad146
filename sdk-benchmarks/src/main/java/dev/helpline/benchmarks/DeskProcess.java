package dev.helpline.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The testkit desk in a child JVM, so that the tickets it keeps in memory count against its own
 * heap rather than the measured process's, and its request handling is not profiled with ours.
 */
final class DeskProcess implements AutoCloseable {
  static final String APP_KEY = "bench-app-key";

  private final Process process;
  private final String baseUrl;

  private DeskProcess(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts a desk on a free loopback port with {@code heap} (e.g. "512m") and waits until it listens. */
  static DeskProcess start(String heap) throws IOException {
    List<String> cmd = new ArrayList<>(Jvm.java());
    cmd.add("-Xmx" + heap);
    // Without TCP_NODELAY the JDK's HTTP server sends a response's body after its headers in a
    // second small segment, which waits for the client's delayed ACK: ~40 ms per request would
    // hide everything the client does. Real desks do not behave like that.
    cmd.add("-Dsun.net.httpserver.nodelay=true");
    cmd.add("-cp");
    cmd.add(Jvm.classPath());
    cmd.add("dev.helpline.testkit.TestDesk");
    cmd.add("--port");
    cmd.add("0");
    cmd.add("--app-key");
    cmd.add(APP_KEY);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("Helpline test desk: ")) {
      p.destroyForcibly();
      throw new IOException("test desk did not start; it printed: " + line);
    }
    String url = line.substring("Helpline test desk: ".length()).split(" ")[0];
    // Keep draining stdout so the desk never blocks on a full pipe.
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // discard
        }
      } catch (IOException ignored) {
        // the desk went away
      }
    }, "desk-stdout");
    drain.setDaemon(true);
    drain.start();
    return new DeskProcess(p, url);
  }

  String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
