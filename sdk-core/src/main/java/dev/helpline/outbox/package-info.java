/**
 * The outbox's storage SPI: where submissions wait, durably, until their desk confirmed them. The
 * client's default is a crash-safe file store in its data directory; a host plugs another
 * {@link dev.helpline.outbox.OutboxStore} (for example one kept in a database shared by a fleet of
 * service instances) with {@code Helpline.Builder.outboxStore(...)}.
 */
@NullMarked
package dev.helpline.outbox;

import org.jspecify.annotations.NullMarked;
