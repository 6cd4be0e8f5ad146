/** The service-provider interface every helpdesk connector implements, and the values that cross it. */
@NullMarked
package dev.helpline.connector;

import org.jspecify.annotations.NullMarked;
