/**
 * The Zendesk connector: end users filing and following their requests through the Requests API
 * (with a user token or anonymously), and services filing on their behalf through the Tickets API,
 * with attachments through the Uploads API.
 */
@NullMarked
package dev.helpline.connector.zendesk;

import org.jspecify.annotations.NullMarked;
