/**
 * The native connector: Helpline's own Support API v1 (tickets with multipart attachments and
 * idempotent creation, conditional reads, cursor paging, messages, ratings), and the helper a host's
 * backend uses to issue user tokens for it.
 */
@NullMarked
package dev.helpline.connector.supportapi;

import org.jspecify.annotations.NullMarked;
