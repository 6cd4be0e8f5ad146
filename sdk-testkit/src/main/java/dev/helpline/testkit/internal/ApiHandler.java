package dev.helpline.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every request: the agent console ({@code /} and {@code /console/*}) and the admin API ({@code /admin/*}) are
 * served as they are; Support API requests first pass the fault plan. Runs on the server's worker threads; all state
 * lives in {@link DeskState}, so the handlers hold only configuration and counters.
 */
public final class ApiHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

  /** The cap for one JSON part or JSON body. */
  public static final int MAX_JSON_BYTES = HttpIo.MAX_JSON_BYTES;

  private final FaultPlan faults;
  private final HttpIo io;
  private final TicketRoutes tickets;
  private final PublicReads reads;
  private final AdminRoutes admin;
  private final ConsoleRoutes console;
  private final AtomicInteger createRequests = new AtomicInteger();

  public ApiHandler(DeskState state, FaultPlan faults, TokenCodec tokens, Clock clock, String appKey,
      String adminKey, long maxRequestBytes) {
    this.faults = faults;
    this.io = new HttpIo(maxRequestBytes);
    this.tickets = new TicketRoutes(state, io, tokens, appKey);
    this.reads = new PublicReads(state);
    this.admin = new AdminRoutes(state, io, faults, tokens, clock, adminKey);
    this.console = new ConsoleRoutes(state, io, clock, adminKey);
  }

  public int createRequestCount() {
    return createRequests.get();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      handleExchange(ex);
    } finally {
      io.finished(ex);
    }
  }

  private void handleExchange(HttpExchange ex) {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    try {
      if (path.startsWith("/admin/")) {
        io.send(ex, admin.handle(ex, method, path));
        return;
      }
      if (ConsoleRoutes.owns(path)) {
        console.handle(ex, method, path);
        return;
      }
      if (method.equals("POST") && path.equals("/v1/tickets")) {
        createRequests.incrementAndGet();
      }
      FaultPlan.Fault fault = faults.take(method, path);
      if (fault != null) {
        log.debug("{} {}: injecting fault {}", method, path, fault.kind);
        switch (fault.kind) {
          case DROP_AT_START:
            HttpIo.drop(ex);
            return;
          case FAIL:
            io.send(ex, Response.error(new ApiException(fault.status, codeFor(fault.status),
                "injected failure (HTTP " + fault.status + ")", null)));
            return;
          case RATE_LIMIT:
            io.send(ex, Response.error(new ApiException(429, "rate_limited", "injected rate limit", null))
                .header("Retry-After", Long.toString(Math.max(0, (fault.duration.toMillis() + 999) / 1000))));
            return;
          default:
            break;
        }
      }
      Response response = api(ex, method, path);
      if (fault != null) {
        switch (fault.kind) {
          case DELAY:
            Thread.sleep(fault.duration.toMillis());
            break;
          case FAIL_AFTER_PROCESSING:
            HttpIo.drop(ex);
            return;
          case DROP_MID_BODY:
            HttpIo.sendHalf(ex, response);
            return;
          default:
            break;
        }
      }
      io.send(ex, response);
      log.debug("{} {} -> {}", method, path, response.status);
    } catch (InterruptedException e) {
      // The desk is closing while a delayed response waits: drop it, as a dying server would.
      Thread.currentThread().interrupt();
      HttpIo.drop(ex);
    } catch (RuntimeException | IOException e) {
      log.warn("{} {} failed", method, path, e);
      try {
        io.send(ex, Response.error(new ApiException(500, "server_error", "the desk failed: " + e, null)));
      } catch (IOException | RuntimeException sendFailure) {
        e.addSuppressed(sendFailure);
        ex.close();
      }
    }
  }

  private static String codeFor(int status) {
    switch (status) {
      case 400: return "invalid_request";
      case 401: return "unauthorized";
      case 403: return "forbidden";
      case 404: return "not_found";
      case 409: return "idempotency_conflict";
      case 413: return "payload_too_large";
      case 429: return "rate_limited";
      default: return status >= 500 ? "server_error" : "invalid_request";
    }
  }

  private Response api(HttpExchange ex, String method, String path) throws IOException {
    try {
      Map<String, String> query = HttpIo.query(ex.getRequestURI().getRawQuery());
      Response r = reads.route(ex, method, path, query);
      if (r == null) {
        r = tickets.route(ex, method, path, query);
      }
      if (r == null) {
        throw new ApiException(404, "not_found", "No route for " + method + " " + path, null);
      }
      return r;
    } catch (ApiException e) {
      return Response.error(e);
    }
  }
}
