/**
 * The e-mail connector: {@link dev.helpline.connector.email.EmailConnector} files each ticket as one mail, sent over
 * SMTP to a helpdesk's inbound address. It creates tickets only; reads are unavailable.
 */
@NullMarked
package dev.helpline.connector.email;

import org.jspecify.annotations.NullMarked;
