/** Reading JSON with Moshi: streaming reads ({@code JsonValues}) and reads of a document taken whole ({@code JsonTree}). Not API. */
@NullMarked
package dev.helpline.internal.json;

import org.jspecify.annotations.NullMarked;
