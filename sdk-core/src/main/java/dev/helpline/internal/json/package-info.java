/** Small helpers for reading JSON with Moshi's streaming reader. Not API. */
@NullMarked
package dev.helpline.internal.json;

import org.jspecify.annotations.NullMarked;
