/**
 * Text helpers shared by features and modules: HTML to plain text, the one-line text rule, the rules for spaces and
 * e-mail addresses, the cut that never keeps part of a token. Not API.
 */
@NullMarked
package dev.helpline.internal.text;

import org.jspecify.annotations.NullMarked;
