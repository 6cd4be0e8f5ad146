/** Implementation details. Not API: anything here may change in any release. */
@NullMarked
package dev.helpline.internal;

import org.jspecify.annotations.NullMarked;
