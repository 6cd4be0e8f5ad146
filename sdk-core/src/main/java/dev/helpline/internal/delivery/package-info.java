/**
 * The background delivery worker: one thread that takes submissions from the outbox to the desk,
 * with retries scheduled (never slept) around a circuit breaker. Not API.
 */
@NullMarked
package dev.helpline.internal.delivery;

import org.jspecify.annotations.NullMarked;
