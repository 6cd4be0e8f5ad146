/**
 * The Freshdesk connector: a service files tickets with the account's API key on behalf of requesters
 * (identified by e-mail) and reads, answers and rates them on their behalf (API v2).
 */
@NullMarked
package dev.helpline.connector.freshdesk;

import org.jspecify.annotations.NullMarked;
