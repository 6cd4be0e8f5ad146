package dev.helpline.android.internal;

import dev.helpline.Submission;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Routes the outcome of a report form's Send to the instance that shows the form when the outcome arrives.
 * Send's durable write takes a moment; a rotation meanwhile destroys the instance that started it, and
 * the recreated one, told nothing, would show the sent draft again to be sent twice. Forms are keyed by
 * an id each keeps in its saved state. Held by the runtime, so it lives as long as the process; a form
 * recreated after process death starts afresh. Main thread only.
 */
final class FormSends {
  /** A send that is saving (both null) or done and not yet shown. */
  private static final class Outcome {
    @Nullable Submission sent;
    @Nullable Throwable error;
  }

  private final Map<String, Background.Callback<Submission>> showing = new HashMap<>();
  private final Map<String, Outcome> sends = new HashMap<>();

  /**
   * Makes {@code form} the instance showing {@code id}. An outcome that arrived while no instance showed it
   * is delivered now; returns whether a send of {@code id} is still saving, so the form offers no second one.
   */
  boolean attach(String id, Background.Callback<Submission> form) {
    showing.put(id, form);
    Outcome outcome = sends.get(id);
    if (outcome == null) return false;
    if (outcome.sent == null && outcome.error == null) return true;
    deliver(id, outcome);
    return false;
  }

  /** The instance showing {@code id} is destroyed; when the form {@code finishing}, its send's outcome goes unshown. */
  void detach(String id, Background.Callback<Submission> form, boolean finishing) {
    if (showing.get(id) == form) showing.remove(id);
    if (finishing) sends.remove(id);
  }

  void started(String id) {
    sends.put(id, new Outcome());
  }

  void succeeded(String id, Submission sent) {
    Outcome outcome = sends.get(id);
    if (outcome == null) return; // the form was closed meanwhile: the report is queued all the same
    outcome.sent = sent;
    if (showing.containsKey(id)) deliver(id, outcome);
  }

  void failed(String id, Throwable error) {
    Outcome outcome = sends.get(id);
    if (outcome == null) return;
    outcome.error = error;
    if (showing.containsKey(id)) deliver(id, outcome);
  }

  private void deliver(String id, Outcome outcome) {
    sends.remove(id);
    Background.Callback<Submission> form = showing.get(id);
    if (form == null) return;
    if (outcome.sent != null) {
      form.onResult(outcome.sent);
    } else if (outcome.error != null) {
      form.onError(outcome.error);
    }
  }
}
