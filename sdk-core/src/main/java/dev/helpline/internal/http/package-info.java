/**
 * HTTP plumbing shared by the connectors and status sources: size-capped response bodies, desk error
 * bodies, {@code Retry-After}, streamed request bodies with upload progress, and the User-Agent.
 * Not API.
 */
@NullMarked
package dev.helpline.internal.http;

import org.jspecify.annotations.NullMarked;
