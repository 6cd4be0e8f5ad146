/**
 * The connector contract suite (TCK): the behaviour every {@link dev.helpline.connector.Connector}
 * owes the client. A connector proves itself by extending
 * {@link dev.helpline.connector.tck.ConnectorContract} in one test class.
 */
@NullMarked
package dev.helpline.connector.tck;

import org.jspecify.annotations.NullMarked;
