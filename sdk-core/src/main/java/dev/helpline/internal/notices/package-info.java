/** Implementation of notices: feed parsing, targeting, the seen/dismissed store. Not API. */
@NullMarked
package dev.helpline.internal.notices;

import org.jspecify.annotations.NullMarked;
