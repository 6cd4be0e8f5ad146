package dev.helpline.sample.cli;



import dev.helpline.Helpline;
import dev.helpline.sample.demo.Demo;
import dev.helpline.testkit.TestDesk;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code helpline desk} (the test desk until killed) and {@code helpline demo}.
 */
final class DeskCommands {
  static final Args.Spec DESK = new Args.Spec(0, 0, "")
      .value("--port", "--data", "--requester").secret("--app-key", "--admin-key", "--token-secret");
  static final Args.Spec DEMO = new Args.Spec(0, 0, "").flag("--keep-open");

  private final Cli cli;
  private final PrintStream out;

  DeskCommands(Cli cli) {
    this.cli = cli;
    this.out = cli.out;
  }

  int desk(List<String> argv) throws CliException {
    Args a = Args.parse("desk", argv, DESK);
    int port = a.integer("--port", 8080, 0, 65535);
    for (String key : new String[] {"--app-key", "--admin-key", "--token-secret"}) {
      String value = a.value(key);
      if (value != null && value.trim().isEmpty()) {
        throw CliException.badInput(key + " is empty; leave it out and the desk makes one up");
      }
    }
    TestDesk.Builder b = TestDesk.builder().port(port);
    String data = a.value("--data");
    if (data != null) b.dataDirectory(Paths.get(data));
    if (a.value("--app-key") != null) b.appKey(a.value("--app-key", ""));
    if (a.value("--admin-key") != null) b.adminKey(a.value("--admin-key", ""));
    if (a.value("--token-secret") != null) b.tokenSecret(a.value("--token-secret", "").getBytes(StandardCharsets.UTF_8));
    TestDesk desk;
    try {
      desk = b.start();
    } catch (IOException e) {
      throw new CliException(ExitCodes.ERROR, "cannot start the desk on port " + port + ": " + Problems.describe(e), e);
    } catch (IllegalStateException e) {
      throw new CliException(ExitCodes.ERROR, "cannot start the desk: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      desk.close();
      stopped.countDown();
    }, "helpline-desk-shutdown"));
    out.println("Helpline test desk listening at " + desk.baseUrl());
    out.println("agent console: " + desk.consoleUrl() + " (sign in with the admin key)");
    // Keys the user chose are never echoed; generated ones are shown once, as nobody else knows them.
    if (a.value("--app-key") == null) out.println("app key:   " + desk.appKey());
    if (a.value("--admin-key") == null) out.println("admin key: " + desk.adminKey());
    String requester = a.value("--requester");
    if (requester != null) {
      out.println("user token for " + requester + ": "
          + desk.issueUserToken(requester, requester.contains("@") ? requester : null, Duration.ofDays(30)));
    }
    out.println("Press Ctrl+C to stop.");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  int demo(List<String> argv) throws CliException {
    Args a = Args.parse("demo", argv, DEMO);
    try {
      new Demo(out, a.flag("--keep-open")).run();
      return ExitCodes.OK;
    } catch (Exception e) {
      throw new CliException(ExitCodes.ERROR, "the demo failed: " + Problems.describe(e), e);
    }
  }
}
