/**
 * A help button in an Android app, built on Helpline: window screenshots with masking, Android
 * diagnostics, a consent preview, durable submission, the ticket list and conversation, a status
 * banner and once-only notices. UI is built in code (no XML resources).
 */
@org.jspecify.annotations.NullMarked
package dev.helpline.sample.android;
