package dev.helpline.android.internal;

import dev.helpline.Submission;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Routes the outcome of a screen's send (a report form's Send, a conversation's Reply) to the instance that
 * shows the screen when the outcome arrives. A send takes a moment; a rotation meanwhile destroys the
 * instance that started it, and the recreated one, told nothing, would show the sent text again to be sent
 * twice. Screens are keyed by an id each keeps in its saved state. Held by the runtime, so it lives as long
 * as the process; a screen recreated after process death starts afresh. Main thread only.
 *
 * @param <T> what a send returns: the {@link Submission} queued, the reply posted
 */
final class FormSends<T> {
  /** A send that is saving (both null) or done and not yet shown. */
  private static final class Outcome<T> {
    @Nullable T sent;
    @Nullable Throwable error;
  }

  private final Map<String, Background.Callback<T>> showing = new HashMap<>();
  private final Map<String, Outcome<T>> sends = new HashMap<>();

  /**
   * Makes {@code form} the instance showing {@code id}. An outcome that arrived while no instance showed it
   * is delivered now; returns whether a send of {@code id} is still saving, so the form offers no second one.
   */
  boolean attach(String id, Background.Callback<T> form) {
    showing.put(id, form);
    Outcome<T> outcome = sends.get(id);
    if (outcome == null) return false;
    if (outcome.sent == null && outcome.error == null) return true;
    deliver(id, outcome);
    return false;
  }

  /** The instance showing {@code id} is destroyed; when the form {@code finishing}, its send's outcome goes unshown. */
  void detach(String id, Background.Callback<T> form, boolean finishing) {
    if (showing.get(id) == form) showing.remove(id);
    if (finishing) sends.remove(id);
  }

  void started(String id) {
    sends.put(id, new Outcome<>());
  }

  void succeeded(String id, T sent) {
    Outcome<T> outcome = sends.get(id);
    if (outcome == null) return; // the form was closed meanwhile: the report is queued all the same
    outcome.sent = sent;
    if (showing.containsKey(id)) deliver(id, outcome);
  }

  void failed(String id, Throwable error) {
    Outcome<T> outcome = sends.get(id);
    if (outcome == null) return;
    outcome.error = error;
    if (showing.containsKey(id)) deliver(id, outcome);
  }

  private void deliver(String id, Outcome<T> outcome) {
    sends.remove(id);
    Background.Callback<T> form = showing.get(id);
    if (form == null) return;
    if (outcome.sent != null) {
      form.onResult(outcome.sent);
    } else if (outcome.error != null) {
      form.onError(outcome.error);
    }
  }
}
