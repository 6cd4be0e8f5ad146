/**
 * The first leg of a report's path: a draft validated ({@link dev.helpline.internal.submit.DraftValidator}),
 * redacted ({@link dev.helpline.internal.submit.RedactionStep}), passed through the host's hook, and
 * given its diagnostics, logs and screenshot ({@link dev.helpline.internal.submit.DiagnosticsStep}),
 * composed by the {@link dev.helpline.internal.submit.TicketPipeline} into the record the outbox
 * stores. Runs on the caller's thread. Not API.
 */
@NullMarked
package dev.helpline.internal.submit;

import org.jspecify.annotations.NullMarked;
