package dev.helpline.diagnostics.jvm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that uses desktop/server JVM APIs (AWT, ImageIO, {@code java.lang.management}).
 * The build's Android API check skips classes carrying it and their nested classes; only classes
 * in this package may use it.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface JvmOnly {}
