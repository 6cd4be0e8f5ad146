package dev.helpline.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * The console's server-sent events: one {@code data:} line per desk change (see {@link DeskEvents}) and a comment
 * every few seconds, which is also how a closed browser tab is noticed. Each stream holds one worker thread, so at
 * most {@link #MAX_STREAMS} run at once; the stream ends when the client goes, the session ends or the desk closes.
 */
final class ConsoleStream {
  static final int MAX_STREAMS = 6;
  private static final long KEEP_ALIVE_MILLIS = 5_000;

  private final DeskEvents events;
  private final Semaphore slots = new Semaphore(MAX_STREAMS);

  ConsoleStream(DeskEvents events) {
    this.events = events;
  }

  /** Streams until the client disconnects, {@code live} turns false or the thread is interrupted. */
  void serve(HttpExchange ex, Map<String, String> headers, BooleanSupplier live) throws IOException {
    if (!slots.tryAcquire()) {
      ex.getResponseHeaders().set("Retry-After", "5");
      ex.sendResponseHeaders(503, -1);
      ex.close();
      return;
    }
    try (DeskEvents.Subscription sub = events.subscribe()) {
      headers.forEach(ex.getResponseHeaders()::set);
      ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      write(out, "retry: 2000\n: connected\n\n");
      while (live.getAsBoolean()) {
        String event = sub.poll(KEEP_ALIVE_MILLIS);
        write(out, event == null ? ": keep-alive\n\n" : "data: " + event + "\n\n");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the desk is closing
    } catch (IOException e) {
      // the browser went away
    } finally {
      slots.release();
      ex.close();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
