/** The native connector's plumbing that must be public for the JDK (its ServiceLoader factory). Not API. */
@NullMarked
package dev.helpline.connector.supportapi.internal;

import org.jspecify.annotations.NullMarked;
