package dev.helpline.store.postgres.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A private PostgreSQL server for tests and benchmarks: Debian's binaries under
 * {@code /usr/lib/postgresql/<version>/bin}, a cluster made by initdb in a temporary directory, a
 * free loopback port, the unix socket in that directory, trust authentication for the superuser
 * {@value #USER} on loopback only. PostgreSQL refuses to run as root, so as root the server runs as
 * the {@code postgres} system user (which Debian's package creates) or else {@code nobody}, through
 * {@code runuser}. Missing binaries are an error naming the install step, never a skipped test.
 *
 * <p>The cluster runs with {@code fsync=off}: a killed server process loses nothing committed
 * (the operating system still has the writes); only a machine crash could, which tests never see.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "helpline";
  private static final String INSTALL_HINT = "PostgreSQL's server binaries were not found under /usr/lib/postgresql/"
      + "<version>/bin. Install them with `bash scripts/test-all.sh` (it installs Debian's postgresql package when"
      + " missing) or `apt-get install -y --no-install-recommends postgresql`.";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path bin;
  private final Path root;
  private final Path data;
  private final Path socketDir;
  private final Path logFile;
  private final int port;
  private final List<String> asUser;
  private final Thread shutdownHook;

  private PostgresServer(Path bin, Path root, int port, List<String> asUser) {
    this.bin = bin;
    this.root = root;
    this.data = root.resolve("data");
    this.socketDir = root.resolve("socket");
    this.logFile = root.resolve("postgres.log");
    this.port = port;
    this.asUser = asUser;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-test-server-stop");
  }

  /** Makes a cluster and starts it; throws naming the install step when PostgreSQL is not installed. */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = binaries();
    Path root = Files.createTempDirectory("helpline-pg-");
    List<String> asUser = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      String user = run(List.of("id", "-u", "postgres"), null) == 0 ? "postgres" : "nobody";
      asUser.addAll(List.of("runuser", "-u", user, "--"));
      Files.createDirectories(root.resolve("socket"));
      check(run(List.of("chown", "-R", user, root.toString()), null), "chown " + root + " to " + user);
    } else {
      Files.createDirectories(root.resolve("socket"));
    }
    PostgresServer server = new PostgresServer(bin, root, freePort(), asUser);
    server.initdb();
    server.startServer();
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    return server;
  }

  private static Path binaries() {
    Path base = Path.of("/usr/lib/postgresql");
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(base)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(base)) {
        for (Path v : versions) {
          if (Files.isExecutable(v.resolve("bin/postgres")) && Files.isExecutable(v.resolve("bin/initdb"))) {
            found.add(v.resolve("bin"));
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(INSTALL_HINT + " (" + e + ")");
      }
    }
    if (found.isEmpty()) throw new IllegalStateException(INSTALL_HINT);
    // The newest major version: /usr/lib/postgresql/15 sorts before /usr/lib/postgresql/16.
    found.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))));
    return found.get(found.size() - 1);
  }

  private void initdb() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(asUser);
    cmd.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
        "-E", "UTF8", "--locale=C", "--no-sync"));
    check(run(cmd, root.resolve("initdb.log")), "initdb (log: " + root.resolve("initdb.log") + ")");
  }

  private void startServer() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(asUser);
    cmd.addAll(List.of(bin.resolve("pg_ctl").toString(), "start", "-w", "-t", "60", "-D", data.toString(),
        "-l", logFile.toString(), "-o",
        "-p " + port + " -k " + socketDir + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
            + " -c max_connections=200 -c shared_buffers=32MB"));
    int exit = run(cmd, root.resolve("pg_ctl.log"));
    if (exit != 0) throw new IOException("PostgreSQL did not start (exit " + exit + "): " + tail(logFile));
  }

  /** Stops the server (fast shutdown: running transactions are rolled back, committed ones kept). */
  public void stop() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(asUser);
    cmd.addAll(List.of(bin.resolve("pg_ctl").toString(), "stop", "-w", "-t", "60", "-m", "fast", "-D",
        data.toString()));
    check(run(cmd, root.resolve("pg_ctl.log")), "pg_ctl stop");
  }

  /** Kills the postmaster with SIGKILL, as a crash would, then starts it again on the same port. */
  public void crashAndRestart() throws IOException, InterruptedException {
    String pid = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim();
    check(run(List.of("kill", "-KILL", pid), null), "kill -KILL " + pid);
    // Children notice the postmaster's death and exit; the new postmaster waits for them (pg_ctl -w).
    for (int i = 0; i < 100 && run(List.of("kill", "-0", pid), null) == 0; i++) Thread.sleep(50);
    Files.deleteIfExists(data.resolve("postmaster.pid"));
    startServer();
  }

  /** Stops and starts the server again on the same port. */
  public void restart() throws IOException, InterruptedException {
    stop();
    startServer();
  }

  public void startAgain() throws IOException, InterruptedException {
    startServer();
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
  }

  /** A fresh, empty database named after {@code prefix}. */
  public String createDatabase(String prefix) throws SQLException {
    String name = prefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
        + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
      // FILE_COPY (PostgreSQL 15+) copies the template's files instead of logging every page: much faster here.
      boolean fileCopy = c.getMetaData().getDatabaseMajorVersion() >= 15;
      s.execute("CREATE DATABASE " + name + (fileCopy ? " STRATEGY FILE_COPY" : ""));
    }
    return name;
  }

  public PGSimpleDataSource dataSource(String database) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(database);
    ds.setUser(USER);
    ds.setConnectTimeout(10);
    ds.setSocketTimeout(60);
    return ds;
  }

  /** A HikariCP pool of at most {@code size} connections to {@code database}; the caller closes it. */
  public com.zaxxer.hikari.HikariDataSource pool(String database, int size) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setDataSource(dataSource(database));
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(2000);
    config.setPoolName("helpline-test-" + database);
    return new com.zaxxer.hikari.HikariDataSource(config);
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  private void stopQuietly() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) stop();
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("could not stop the test PostgreSQL server: " + e);
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void check(int exit, String what) throws IOException {
    if (exit != 0) throw new IOException(what + " failed with exit " + exit);
  }

  private static int run(List<String> cmd, Path log) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (log != null) {
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish within 90 s");
    }
    return p.exitValue();
  }

  private static String tail(Path log) {
    try (InputStream in = Files.newInputStream(log)) {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return all.length() > 2000 ? all.substring(all.length() - 2000) : all;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
