/** A Logback appender that reports ERROR events through an {@link dev.helpline.server.ErrorReporter}. */
@NullMarked
package dev.helpline.server.logback;

import org.jspecify.annotations.NullMarked;
