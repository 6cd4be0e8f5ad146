/** Crash-safe file writes shared by the status cache, the notices store and the outbox. Not API. */
@NullMarked
package dev.helpline.internal.io;

import org.jspecify.annotations.NullMarked;
