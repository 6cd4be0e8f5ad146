/**
 * Error reporting for JVM services: {@link dev.helpline.server.ErrorReporter} turns failures into
 * deduplicated, counted, rate-limited tickets; {@link dev.helpline.server.FingerprintStore} is where
 * counts live (in memory, or shared by a fleet). Logging integrations are in
 * {@code dev.helpline.server.logback} and {@code dev.helpline.server.jul}.
 */
@NullMarked
package dev.helpline.server;

import org.jspecify.annotations.NullMarked;
