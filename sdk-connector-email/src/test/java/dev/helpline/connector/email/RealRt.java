package dev.helpline.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Request Tracker for the e-mail tests, started once per test run with {@code scripts/rt-server.sh start}
 * (state under this module's {@code target/helpline-rt}) and stopped when the run ends. When RT is not installed
 * the tests fail with the command that installs it: they never skip. Reads tickets back as root over REST2.
 */
final class RealRt implements AutoCloseable {
  private static final String RT_SERVER = "/usr/share/request-tracker5/libexec/rt-server";
  private final String url;
  private final String rootToken;
  private final Path script;
  private final Map<String, String> env;
  private boolean stopped;
  private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).followRedirects(false)
      .build();
  private final com.squareup.moshi.JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);

  private RealRt(String url, String rootToken, Path script, Map<String, String> env) {
    this.url = url.endsWith("/") ? url : url + "/";
    this.rootToken = rootToken;
    this.script = script;
    this.env = env;
  }

  /** Gives test methods and {@code @BeforeAll} methods the run's server as a parameter. */
  static final class Provider implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == RealRt.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return shared(e);
    }
  }

  /** The run's server; the root store closes (stops) it when the whole run ends. */
  static RealRt shared(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(RealRt.class, k -> start(), RealRt.class);
  }

  private static RealRt start() {
    if (!Files.isExecutable(Paths.get(RT_SERVER)) || !Files.isExecutable(Paths.get("/usr/bin/rt-mailgate"))) {
      throw new IllegalStateException("Request Tracker (with rt-mailgate) is not installed: run"
          + " 'bash scripts/rt-server.sh install' (as root) before the tests");
    }
    Path repo = Paths.get("").toAbsolutePath();
    while (repo != null && !Files.isRegularFile(repo.resolve("scripts/rt-server.sh"))) repo = repo.getParent();
    if (repo == null) throw new IllegalStateException("scripts/rt-server.sh not found above " + Paths.get("").toAbsolutePath());
    Path script = repo.resolve("scripts/rt-server.sh");
    Path state = repo.resolve("sdk-connector-email/target/helpline-rt");
    Map<String, String> env = new HashMap<>();
    env.put("HELPLINE_RT_STATE", state.toString());
    run(script, env, "start");
    Map<String, String> values = new HashMap<>();
    try {
      for (String line : Files.readAllLines(state.resolve("env"), StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    } catch (IOException e) {
      throw new IllegalStateException("scripts/rt-server.sh start wrote no " + state.resolve("env"), e);
    }
    RealRt rt = new RealRt(values.get("RT_URL"), values.get("RT_TOKEN"), script, env);
    Runtime.getRuntime().addShutdownHook(new Thread(rt::stop, "rt-server-stop"));
    return rt;
  }

  /** RT's root URL, as rt-mailgate's --url wants it. */
  String url() {
    return url;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    stop();
  }

  private synchronized void stop() {
    if (!stopped) {
      stopped = true;
      run(script, env, "stop");
    }
  }

  /**
   * The ids of tickets whose subject is {@code subject}, waiting up to {@code timeout} for at least one: mail
   * reaches RT asynchronously (the mail server pipes it to rt-mailgate after accepting it).
   */
  List<String> awaitTickets(String subject, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> ids = search("Subject = '" + subject.replace("'", "\\'") + "'");
      if (!ids.isEmpty() || System.nanoTime() > deadline) return ids;
      Thread.sleep(500); // polling RT: it has no way to announce a new ticket
    }
  }

  List<String> search(String ticketSql) throws IOException {
    HttpUrl u = HttpUrl.get(url + "REST/2.0/tickets").newBuilder().addQueryParameter("query", ticketSql)
        .addQueryParameter("per_page", "100").build();
    List<String> ids = new ArrayList<>();
    for (Object item : (List<?>) map(get(u)).get("items")) ids.add(String.valueOf(((Map<?, ?>) item).get("id")));
    return ids;
  }

  Map<?, ?> ticket(String id) throws IOException {
    return map(get(HttpUrl.get(url + "REST/2.0/ticket/" + id)));
  }

  /** The ticket's queue name. */
  String queueName(String id) throws IOException {
    Map<?, ?> queue = (Map<?, ?>) ticket(id).get("Queue");
    return (String) map(get(HttpUrl.get(url + "REST/2.0/queue/" + queue.get("id")))).get("Name");
  }

  /** The e-mail addresses of the ticket's requestors. */
  List<String> requestors(String id) throws IOException {
    List<String> out = new ArrayList<>();
    for (Object r : (List<?>) ticket(id).get("Requestor")) out.add(String.valueOf(((Map<?, ?>) r).get("id")));
    return out;
  }

  /** Every attachment (MIME part) RT stored for the ticket, with its bytes as stored. */
  List<Part> parts(String ticketId) throws IOException {
    HttpUrl list = HttpUrl.get(url + "REST/2.0/ticket/" + ticketId + "/attachments").newBuilder()
        .addQueryParameter("per_page", "100").build();
    List<Part> parts = new ArrayList<>();
    for (Object item : (List<?>) map(get(list)).get("items")) {
      String id = String.valueOf(((Map<?, ?>) item).get("id"));
      Map<?, ?> a = map(get(HttpUrl.get(url + "REST/2.0/attachment/" + id)));
      String content = (String) a.get("Content");
      parts.add(new Part(a.get("Filename") == null ? "" : String.valueOf(a.get("Filename")), String.valueOf(a.get("ContentType")),
          content == null ? new byte[0] : Base64.getMimeDecoder().decode(content), String.valueOf(a.get("Headers"))));
    }
    return parts;
  }

  static final class Part {
    final String fileName;
    final String contentType;
    final byte[] content;
    final String headers;

    Part(String fileName, String contentType, byte[] content, String headers) {
      this.fileName = fileName;
      this.contentType = contentType;
      this.content = content;
      this.headers = headers;
    }

    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Part{" + fileName + ", " + contentType + ", " + content.length + " bytes}";
    }
  }

  private String get(HttpUrl u) throws IOException {
    Request request = new Request.Builder().url(u).header("Authorization", "token " + rootToken)
        .header("User-Agent", "helpline-tests").build();
    try (Response r = http.newCall(request).execute()) {
      String body = r.body() == null ? "" : r.body().string();
      assertEquals(200, r.code(), () -> "RT answered " + r.code() + " to " + u + ": " + body);
      return body;
    }
  }

  private Map<?, ?> map(String body) throws IOException {
    return (Map<?, ?>) json.fromJson(body);
  }

  private static void run(Path script, Map<String, String> env, String command) {
    try {
      ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true);
      pb.environment().putAll(env);
      Path log = Files.createTempFile("rt-server-" + command, ".log");
      pb.redirectOutput(log.toFile());
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("scripts/rt-server.sh " + command + " did not finish within 120 s");
      }
      String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("scripts/rt-server.sh " + command + " failed (exit " + p.exitValue() + "):\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run scripts/rt-server.sh " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running scripts/rt-server.sh " + command, e);
    }
  }
}
