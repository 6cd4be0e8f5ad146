/**
 * The scanner behind {@link dev.helpline.diagnostics.Redactor}: hand-written matchers for each
 * built-in kind of personal data, run in one left-to-right pass. Not API.
 */
@NullMarked
package dev.helpline.internal.redaction;

import org.jspecify.annotations.NullMarked;
