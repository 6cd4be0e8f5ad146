/** Implementation of sdk-store-postgres. Not API: it changes without notice. */
@NullMarked
package dev.helpline.store.postgres.internal;

import org.jspecify.annotations.NullMarked;
