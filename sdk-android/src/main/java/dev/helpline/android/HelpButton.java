package dev.helpline.android;

import android.app.Activity;
import android.content.Context;
import android.content.ContextWrapper;
import android.util.TypedValue;
import android.widget.Button;
import dev.helpline.android.internal.HelpRuntime;

/**
 * A ready "Help" button: labelled in the app's language (and for TalkBack), at least 48 dp tall,
 * text in sp; a tap calls {@link HelplineAndroid#showHelp} for the activity it sits in. Create it
 * with an activity (or a context wrapping one) after {@link HelplineAndroid#install}.
 */
public final class HelpButton extends Button {
  /**
   * Creates the button on the main thread. Throws {@link IllegalStateException} before
   * {@link HelplineAndroid#install} and {@link IllegalArgumentException} when {@code context} is not an activity
   * and wraps none.
   */
  public HelpButton(Context context) {
    super(context);
    String label = HelpRuntime.get().strings().get(HelpStrings.Key.HELP, HelpRuntime.locale(context));
    setText(label);
    setContentDescription(label);
    setAllCaps(false);
    setTextSize(TypedValue.COMPLEX_UNIT_SP, 16);
    int min = Math.round(TypedValue.applyDimension(TypedValue.COMPLEX_UNIT_DIP, 48, context.getResources().getDisplayMetrics()));
    setMinHeight(min);
    setMinimumHeight(min);
    setMinWidth(min);
    setMinimumWidth(min);
    Activity activity = activity(context);
    setOnClickListener(v -> HelplineAndroid.showHelp(activity));
  }

  private static Activity activity(Context context) {
    Context c = context;
    while (c instanceof ContextWrapper) {
      if (c instanceof Activity) return (Activity) c;
      c = ((ContextWrapper) c).getBaseContext();
    }
    throw new IllegalArgumentException("context must be an activity (or wrap one): " + context);
  }
}
