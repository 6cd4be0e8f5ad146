/**
 * The Request Tracker 5 connector: {@link dev.helpline.connector.rt.RequestTrackerConnector} speaks RT's REST2 API
 * with a service account and keeps one user's tickets away from another by filtering on the requester's e-mail.
 */
@NullMarked
package dev.helpline.connector.rt;

import org.jspecify.annotations.NullMarked;
