/** Providers for desktop and server JVMs ({@code java.lang.management}, AWT). Android never loads this package; it is excluded from the Android API check. */
@NullMarked
package dev.helpline.diagnostics.jvm;

import org.jspecify.annotations.NullMarked;
