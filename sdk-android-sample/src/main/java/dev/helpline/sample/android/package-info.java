/**
 * A help button in an Android app with sdk-android: an application that installs Helpline and a
 * screen that shows the status banner, a help button and the help menu items.
 */
@org.jspecify.annotations.NullMarked
package dev.helpline.sample.android;
