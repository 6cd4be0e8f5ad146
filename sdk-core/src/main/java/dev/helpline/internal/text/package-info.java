/** Text helpers shared by features and modules: HTML to plain text, the one-line text rule. Not API. */
@NullMarked
package dev.helpline.internal.text;

import org.jspecify.annotations.NullMarked;
