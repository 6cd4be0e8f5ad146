/** Implementation of the test desk: HTTP routing, multipart parsing, tokens, state and persistence. Not API. */
@NullMarked
package dev.helpline.testkit.internal;

import org.jspecify.annotations.NullMarked;
