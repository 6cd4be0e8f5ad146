/**
 * The durable outbox: submissions stored on disk with crash-safe writes (temp directory, fsync,
 * atomic rename, fsync of the parent) until the desk confirmed them. Not API.
 */
@NullMarked
package dev.helpline.internal.outbox;

import org.jspecify.annotations.NullMarked;
