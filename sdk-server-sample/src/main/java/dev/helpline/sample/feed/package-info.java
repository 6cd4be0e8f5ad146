/** Reading a status feed (Statuspage v2 {@code summary.json} or a native desk) and its notices. */
@org.jspecify.annotations.NullMarked
package dev.helpline.sample.feed;
