/**
 * What connectors share beyond HTTP: the memory of their creates that keeps a desk without idempotency keys at
 * one ticket per submission. Not API.
 */
@NullMarked
package dev.helpline.internal.connector;

import org.jspecify.annotations.NullMarked;
