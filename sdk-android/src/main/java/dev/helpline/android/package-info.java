/**
 * Helpline for Android: {@link dev.helpline.android.HelplineAndroid#install} in
 * {@code Application.onCreate}, then a {@link dev.helpline.android.HelpButton}, a menu item or a shake
 * opens help. Everything else lives in {@code dev.helpline.android.internal}, which is not API.
 */
@NullMarked
package dev.helpline.android;

import org.jspecify.annotations.NullMarked;
