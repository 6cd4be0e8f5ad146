package dev.helpline.connector.email;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real exim4 mail server on a loopback port, run in the foreground with its own configuration, spool and logs
 * under a test directory. Mail for {@code @desk.test} is piped to RT's {@code rt-mailgate}: {@code billing@} into
 * the queue Email-Billing, every other local part into Email; the recipient {@code closed@desk.test} is refused
 * with a 550 and the text "Mailbox closed for maintenance". With {@code tlsCertificate} the server offers STARTTLS
 * with that certificate; without it, it offers none.
 */
final class Exim implements AutoCloseable {
  static final String DOMAIN = "desk.test";
  static final String REFUSED_REASON = "Mailbox closed for maintenance";
  private static final String EXIM = "/usr/sbin/exim4";
  private static final String EXIM_USER = "Debian-exim";

  private final Path dir;
  private final int port;
  private final String rtUrl;
  private final @Nullable Path[] tls;
  private @Nullable Process process;

  private Exim(Path dir, int port, String rtUrl, @Nullable Path[] tls) {
    this.dir = dir;
    this.port = port;
    this.rtUrl = rtUrl;
    this.tls = tls;
  }

  /** Starts exim on a free port; {@code tls} is null or {certificate PEM, key PEM}. */
  static Exim start(Path dir, String rtUrl, @Nullable Path[] tls) throws IOException, InterruptedException {
    Exim exim = new Exim(dir, freePort(), rtUrl, tls);
    exim.start();
    return exim;
  }

  /** Prepares exim for a free port without starting it: the port refuses connections until {@link #start()}. */
  static Exim stopped(Path dir, String rtUrl) throws IOException {
    return new Exim(dir, freePort(), rtUrl, null);
  }

  int port() {
    return port;
  }

  void start() throws IOException, InterruptedException {
    if (!Files.isExecutable(Paths.get(EXIM))) {
      throw new IllegalStateException(EXIM + " is missing: run 'bash scripts/rt-server.sh install' (as root), which"
          + " installs exim4-daemon-light with Request Tracker");
    }
    Files.createDirectories(dir.resolve("spool"));
    Files.createDirectories(dir.resolve("log"));
    Path conf = dir.resolve("exim.conf");
    Files.write(conf, config().getBytes(StandardCharsets.UTF_8));
    // Exim drops root for deliveries when given its own configuration: its user must own spool, logs and the TLS
    // files. The configuration itself must stay root's.
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal user = users.lookupPrincipalByName(EXIM_USER);
    GroupPrincipal group = users.lookupPrincipalByGroupName(EXIM_USER);
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.equals(conf)) continue;
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
      }
    }
    if (tls != null) {
      for (Path p : tls) {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
      }
    }
    process = new ProcessBuilder(EXIM, "-C", conf.toString(), "-bdf", "-oX", Integer.toString(port),
        "-oP", dir.resolve("exim.pid").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("exim.out").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!greets()) {
      if (!process.isAlive()) throw new IllegalStateException("exim exited at start: " + read(dir.resolve("exim.out")));
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException("exim did not answer on port " + port + " within 15 s: " + mainLog());
      }
      Thread.sleep(50); // polling the port: exim announces nothing else
    }
  }

  /**
   * Stops the daemon and waits, up to a minute, for the delivery processes it started (which still hand accepted
   * mail to RT and then write the spool and the log), so that nothing writes under the test directory once this
   * returns and JUnit deletes it.
   */
  @Override
  public void close() throws InterruptedException {
    Process p = process;
    process = null;
    if (p == null) return;
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (List<ProcessHandle> left = deliveries(); !left.isEmpty(); left = deliveries()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) return;
      try {
        CompletableFuture.allOf(left.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
            .get(remaining, TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        return; // what still runs after a minute is left to JUnit's clean-up to report
      }
    }
  }

  /** The exim processes run with this instance's configuration (a delivery re-executes exim with it). */
  private List<ProcessHandle> deliveries() {
    String conf = dir.resolve("exim.conf").toString();
    return ProcessHandle.allProcesses().filter(h -> h.info().arguments()
        .map(args -> Arrays.asList(args).contains(conf)).orElse(false)).collect(Collectors.toList());
  }

  /** Exim's main log: one line per message received ({@code <=}), delivered ({@code =>}) or refused. */
  String mainLog() throws IOException {
    return read(dir.resolve("log/mainlog"));
  }

  private boolean greets() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(2000);
      InputStream in = s.getInputStream();
      byte[] b = new byte[3];
      int n = in.readNBytes(b, 0, 3);
      return n == 3 && new String(b, StandardCharsets.US_ASCII).equals("220");
    } catch (IOException e) {
      return false;
    }
  }

  private String config() {
    String tlsLines = tls == null ? "tls_advertise_hosts =\n"
        : "tls_advertise_hosts = *\ntls_certificate = " + tls[0] + "\ntls_privatekey = " + tls[1] + "\n";
    return "primary_hostname = mail." + DOMAIN + "\n"
        + "exim_user = " + EXIM_USER + "\n"
        + "exim_group = " + EXIM_USER + "\n"
        + "spool_directory = " + dir.resolve("spool") + "\n"
        + "log_file_path = " + dir.resolve("log") + "/%slog\n"
        + "local_interfaces = 127.0.0.1\n"
        + "host_lookup =\n"
        + "rfc1413_query_timeout = 0s\n"
        + "keep_environment =\n"
        + "message_size_limit = 20M\n"
        + tlsLines
        + "acl_smtp_rcpt = acl_rcpt\n"
        + "\nbegin acl\n"
        + "acl_rcpt:\n"
        + "  deny local_parts = closed\n"
        + "       message = " + REFUSED_REASON + "\n"
        + "  accept\n"
        + "\nbegin routers\n"
        + "rt:\n"
        + "  driver = accept\n"
        + "  domains = " + DOMAIN + "\n"
        + "  transport = rt_mailgate\n"
        + "others:\n"
        + "  driver = redirect\n"
        + "  data = :blackhole:\n"
        + "\nbegin transports\n"
        + "rt_mailgate:\n"
        + "  driver = pipe\n"
        + "  command = /usr/bin/rt-mailgate --queue \"${if eq{$local_part}{billing}{Email-Billing}{Email}}\""
        + " --action correspond --url " + rtUrl + "\n"
        + "  user = " + EXIM_USER + "\n"
        + "  group = " + EXIM_USER + "\n"
        + "  return_fail_output\n"
        + "  timeout = 120s\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
  }
}
