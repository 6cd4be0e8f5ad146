/** A {@code java.util.logging} handler that reports SEVERE records through an {@link dev.helpline.server.ErrorReporter}. */
@NullMarked
package dev.helpline.server.jul;

import org.jspecify.annotations.NullMarked;
