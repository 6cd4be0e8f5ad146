package dev.helpline.articles;

/** A pending asynchronous search. */
@FunctionalInterface
public interface Cancellable {
  /** Stops the search if it has not delivered yet: afterwards none of its callbacks fires. Idempotent. */
  void cancel();
}
