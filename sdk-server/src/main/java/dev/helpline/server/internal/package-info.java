/** Implementation of sdk-server. Not API: it changes without notice. */
@NullMarked
package dev.helpline.server.internal;

import org.jspecify.annotations.NullMarked;
