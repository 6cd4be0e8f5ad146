/** Text helpers shared by features: HTML to plain text. Not API. */
@NullMarked
package dev.helpline.internal.text;

import org.jspecify.annotations.NullMarked;
