/** Runs diagnostics providers concurrently under a time budget. Not API. */
@NullMarked
package dev.helpline.internal.diagnostics;

import org.jspecify.annotations.NullMarked;
