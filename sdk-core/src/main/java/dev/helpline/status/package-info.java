/**
 * Service status: a {@link dev.helpline.status.StatusSource} (Atlassian Statuspage v2 or the native
 * Support API) polled by a {@link dev.helpline.status.StatusMonitor}, which caches the last good
 * {@link dev.helpline.status.StatusSnapshot} on disk and reports changes to
 * {@link dev.helpline.status.StatusMonitor.Listener}s.
 */
@NullMarked
package dev.helpline.status;

import org.jspecify.annotations.NullMarked;
