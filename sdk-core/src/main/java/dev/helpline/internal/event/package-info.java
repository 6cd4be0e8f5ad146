/** Listener fan-out shared by status, notices, article search and delivery. Not API. */
@NullMarked
package dev.helpline.internal.event;

import org.jspecify.annotations.NullMarked;
