/** The README demo: the whole ticket life cycle against an in-process desk, as a transcript. */
@org.jspecify.annotations.NullMarked
package dev.helpline.sample.demo;
