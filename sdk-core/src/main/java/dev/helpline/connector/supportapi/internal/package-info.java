/**
 * The native connector's plumbing that must be public: its ServiceLoader factory (for the JDK) and its JSON
 * encoding (for the benchmarks' raw baseline, which posts the very bytes the connector sends). Not API.
 */
@NullMarked
package dev.helpline.connector.supportapi.internal;

import org.jspecify.annotations.NullMarked;
