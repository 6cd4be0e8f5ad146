/** Implementation of status: summary parsing, incident matching and change diffs. Not API. */
@NullMarked
package dev.helpline.internal.status;

import org.jspecify.annotations.NullMarked;
