package dev.helpline.connector.rt;

import dev.helpline.TicketStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Request Tracker server for the tests, started once per test run and shared by every test class
 * that uses this extension.
 *
 * <p>When the environment (or system properties of the same names) gives {@code RT_URL}, that server is
 * used as is, with {@code RT_TOKEN} (root, the agent), {@code RT_SVC_TOKEN} (the limited service account
 * the connector uses) and {@code RT_SVC_NOCF_TOKEN}, as {@code scripts/rt-server.sh start} writes them. Otherwise the extension runs {@code scripts/rt-server.sh start} with its state under
 * {@code target/helpline-rt} and stops it when the run ends. When RT is not installed the tests fail with
 * the command that installs it: they never skip.
 */
public final class RealRt implements BeforeAllCallback, ParameterResolver {
  private static final String RT_SERVER = "/usr/share/request-tracker5/libexec/rt-server";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Server.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return server(e);
  }

  /** The shared server; the root store closes (stops) it when the whole run ends. */
  static Server server(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Server.class, k -> Server.startOrConnect(), Server.class);
  }

  /** A running RT: its URL, tokens, and an agent's REST client for playing the support side. */
  public static final class Server implements AutoCloseable {
    final String url;
    final String rootToken;
    final String serviceToken;
    final String serviceUser;
    /** A service account without SetInitialCustomField, or null when the server was given from outside. */
    final String serviceTokenWithoutFieldRight;
    private final Path script;
    private final Map<String, String> scriptEnv;
    private boolean stopped;
    final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60))
        .followRedirects(false).build();

    private Server(String url, String rootToken, String serviceToken, String serviceUser,
        String serviceTokenWithoutFieldRight, Path script, Map<String, String> scriptEnv) {
      this.serviceTokenWithoutFieldRight = serviceTokenWithoutFieldRight;
      this.url = url.endsWith("/") ? url : url + "/";
      this.rootToken = rootToken;
      this.serviceToken = serviceToken;
      this.serviceUser = serviceUser;
      this.script = script;
      this.scriptEnv = scriptEnv;
    }

    static Server startOrConnect() {
      String url = setting("RT_URL");
      if (url != null) {
        // The agent (root) and the connector (service account) must be different users: the tests tell
        // the requester's side of a conversation from the agent's by who wrote it.
        for (String name : new String[] {"RT_TOKEN", "RT_SVC_TOKEN", "RT_SVC_NOCF_TOKEN"}) {
          if (setting(name) == null) {
            throw new IllegalStateException("RT_URL is set but " + name + " is not: export every variable of the env"
                + " file 'scripts/rt-server.sh start' writes, or unset RT_URL to let the tests start RT themselves");
          }
        }
        String svcUser = setting("RT_SVC_USER");
        return new Server(url, setting("RT_TOKEN"), setting("RT_SVC_TOKEN"), svcUser != null ? svcUser : "helpline-svc",
            setting("RT_SVC_NOCF_TOKEN"), null, null);
      }
      if (!Files.isExecutable(Paths.get(RT_SERVER))) {
        throw new IllegalStateException("Request Tracker is not installed (" + RT_SERVER + " is missing) and RT_URL/RT_TOKEN"
            + " are not set: run 'bash scripts/rt-server.sh install' (as root) before the tests");
      }
      Path repo = repoRoot();
      Path script = repo.resolve("scripts/rt-server.sh");
      Path state = repo.resolve("sdk-core/target/helpline-rt");
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
      Server server = new Server(values.get("RT_URL"), values.get("RT_TOKEN"), values.get("RT_SVC_TOKEN"),
          values.get("RT_SVC_USER"), values.get("RT_SVC_NOCF_TOKEN"), script, env);
      // The run normally ends by closing the store; this covers a JVM stopped early (Ctrl-C, a fork timeout).
      Runtime.getRuntime().addShutdownHook(new Thread(server::stopServer, "rt-server-stop"));
      return server;
    }

    @Override
    public void close() {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      stopServer();
    }

    private synchronized void stopServer() {
      if (script != null && !stopped) {
        stopped = true;
        run(script, scriptEnv, "stop");
      }
    }

    /** The connector's base URL given as RT's root. */
    String rootUrl() {
      return url;
    }

    String restUrl() {
      return url + "REST/2.0";
    }

    // ------------------------------------------------------------------ the agent's side, as root over REST2

    /** Adds public correspondence as root, the way an agent answers. */
    void correspond(String ticketId, String body) throws IOException {
      correspond(ticketId, body, "text/plain");
    }

    /**
     * Adds public correspondence of {@code contentType} as root; {@code text/html} is what RT's web UI stores
     * for an agent's reply with its default rich-text editor.
     */
    void correspond(String ticketId, String body, String contentType) throws IOException {
      post("ticket/" + ticketId + "/correspond", "{\"Content\":" + quote(body) + ",\"ContentType\":" + quote(contentType) + "}");
    }

    /** Adds an internal comment as root. */
    void comment(String ticketId, String body) throws IOException {
      post("ticket/" + ticketId + "/comment", "{\"Content\":" + quote(body) + ",\"ContentType\":\"text/plain\"}");
    }

    /** Sets an RT status and confirms it by reading it back (RT answers 200 even when it refused). */
    void setStatus(String ticketId, String rtStatus) throws IOException {
      if (rtStatus.equals("deleted")) {
        send(new Request.Builder().url(url + "REST/2.0/ticket/" + ticketId).delete());
      } else {
        send(new Request.Builder().url(url + "REST/2.0/ticket/" + ticketId)
            .put(RequestBody.create("{\"Status\":" + quote(rtStatus) + "}", JSON)));
      }
      String now = get("ticket/" + ticketId).replaceAll("(?s).*\"Status\"\\s*:\\s*\"([^\"]*)\".*", "$1");
      if (!now.equals(rtStatus)) throw new IOException("RT kept ticket " + ticketId + " at " + now + ", not " + rtStatus);
    }

    static String rtStatus(TicketStatus status) {
      switch (status) {
        case NEW: return "new";
        case OPEN: return "open";
        case ON_HOLD: return "stalled";
        case SOLVED: return "resolved";
        case REJECTED: return "rejected";
        case CLOSED: return "deleted";
        default: throw new IllegalArgumentException("RT has no status for " + status);
      }
    }

    /** GETs a REST2 path as root and returns the body. */
    String get(String pathAndQuery) throws IOException {
      return send(new Request.Builder().url(url + "REST/2.0/" + pathAndQuery));
    }

    /** Ticket ids found by a TicketSQL query, as root. */
    List<String> search(String ticketSql) throws IOException {
      HttpUrl u = HttpUrl.get(url + "REST/2.0/tickets").newBuilder().addQueryParameter("query", ticketSql)
          .addQueryParameter("per_page", "100").build();
      String body = send(new Request.Builder().url(u));
      List<String> ids = new java.util.ArrayList<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"?(\\d+)").matcher(body);
      while (m.find()) ids.add(m.group(1));
      return ids;
    }

    private void post(String path, String json) throws IOException {
      send(new Request.Builder().url(url + "REST/2.0/" + path).post(RequestBody.create(json, JSON)));
    }

    private String send(Request.Builder request) throws IOException {
      try (Response r = http.newCall(request.header("Authorization", "token " + rootToken)
          .header("User-Agent", "helpline-tests").build()).execute()) {
        String body = r.body() == null ? "" : r.body().string();
        if (!r.isSuccessful()) throw new IOException("RT answered " + r.code() + " to " + request.build().url() + ": " + body);
        return body;
      }
    }

    private static String quote(String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') b.append('\\').append(c);
        else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
        else b.append(c);
      }
      return b.append('"').toString();
    }

    private static String setting(String name) {
      String v = System.getProperty(name);
      if (v == null || v.isEmpty()) v = System.getenv(name);
      return v == null || v.isEmpty() ? null : v;
    }

    private static Path repoRoot() {
      Path dir = Paths.get("").toAbsolutePath();
      for (Path p = dir; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("scripts/rt-server.sh"))) return p;
      }
      throw new IllegalStateException("scripts/rt-server.sh not found above " + dir);
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
}
