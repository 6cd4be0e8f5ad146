package dev.helpline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans delivery events out to the host's listeners; one that throws does not stop the others. */
final class DeliveryListeners implements Submission.Listener {
  private static final Logger log = LoggerFactory.getLogger(Helpline.class);
  private final List<Submission.Listener> all;

  DeliveryListeners(List<Submission.Listener> listeners) {
    this.all = new ArrayList<>(listeners);
  }

  private void each(Consumer<Submission.Listener> event) {
    for (Submission.Listener l : all) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        log.warn("A Submission.Listener threw; listeners must not throw", e);
      }
    }
  }

  @Override public void onQueued(Submission s) {
    each(l -> l.onQueued(s));
  }

  @Override public void onUploadProgress(Submission s, long sent, long total) {
    each(l -> l.onUploadProgress(s, sent, total));
  }

  @Override public void onDelivered(Submission s, Ticket t) {
    each(l -> l.onDelivered(s, t));
  }

  @Override public void onRetrying(Submission s, Instant next, Throwable cause) {
    each(l -> l.onRetrying(s, next, cause));
  }

  @Override public void onFailed(Submission s, DeskException reason) {
    each(l -> l.onFailed(s, reason));
  }

  @Override public void onQuarantined(String entryName, String reason) {
    each(l -> l.onQuarantined(entryName, reason));
  }
}
