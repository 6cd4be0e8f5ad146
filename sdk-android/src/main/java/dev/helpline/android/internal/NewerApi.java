package dev.helpline.android.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that calls Android API newer than 26 and is reached only behind a
 * {@code Build.VERSION.SDK_INT} check; the build's API 26 signature check (animal-sniffer) skips it.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface NewerApi {}
