/** Implementation of status and notices: JSON parsing, HTTP fetching, the disk cache and change diffs. Not API. */
@NullMarked
package dev.helpline.internal.status;

import org.jspecify.annotations.NullMarked;
