/**
 * The Jira Service Management Cloud connector: a service account raises customer requests on behalf of
 * customers (identified by e-mail), and reads, answers and rates them for those customers.
 */
@NullMarked
package dev.helpline.connector.jsm;

import org.jspecify.annotations.NullMarked;
