/**
 * The default {@link dev.helpline.outbox.OutboxStore}: {@link dev.helpline.internal.outbox.FileOutbox},
 * submissions kept as crash-safe files (write to temp, fsync, atomic rename, fsync of the parent)
 * until the desk confirmed them. One class per job: {@code EntryFiles} (the entry files,
 * quarantine, trash), {@code EntryCodec} (their format), {@code StateFiles} (attempts and
 * failure records beside each entry), {@code ReceiptLog} (receipts of deliveries, rotated),
 * {@code Bounds} (entry and byte bounds without listing), {@code DeliveryLock} (one deliverer per
 * outbox), {@code OutboxDirs} (the tree and its names). Knows nothing of connectors. Not API.
 */
@NullMarked
package dev.helpline.internal.outbox;

import org.jspecify.annotations.NullMarked;
