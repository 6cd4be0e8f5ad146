/**
 * Delivery: the {@link dev.helpline.internal.delivery.DeliveryWorker} takes entries from an
 * {@link dev.helpline.outbox.OutboxStore} to the desk. {@code Scheduler} decides when a pass runs
 * (start, wake on submit, flush, network available, planned attempts, the tick) on one thread;
 * {@code DeliveryPass} claims entries and removes delivered ones; {@code Attempt} makes one attempt
 * in {@code Retry(CircuitBreaker(call))} order ({@code DeskCircuit} is the breaker; the retry is
 * persisted in the store, never slept); {@code Reporting} completes futures and emits listener
 * events on the host's executor. {@code NewTickets} turns the stored record into what a connector
 * sends. Not API.
 */
@NullMarked
package dev.helpline.internal.delivery;

import org.jspecify.annotations.NullMarked;
