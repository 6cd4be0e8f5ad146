package dev.helpline.sample.android;

import android.content.Context;
import android.graphics.Color;
import android.text.Editable;
import android.text.InputType;
import android.text.TextWatcher;
import android.util.TypedValue;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.TextView;

/** Small helpers to build the sample's screens in code: no XML layouts, so no resource compiler. */
final class Ui {
  /** A light framework theme, so the code-built screens need no theme resource of their own. */
  static final int THEME = android.R.style.Theme_Material_Light_DarkActionBar;
  static final int BANNER_COLOR = 0xFFFFE082;
  static final int NOTICE_COLOR = 0xFFBBDEFB;
  static final int ERROR_COLOR = 0xFFC62828;

  private Ui() {}

  static int dp(Context c, float dp) {
    return Math.round(TypedValue.applyDimension(TypedValue.COMPLEX_UNIT_DIP, dp, c.getResources().getDisplayMetrics()));
  }

  static LinearLayout column(Context c) {
    LinearLayout l = new LinearLayout(c);
    l.setOrientation(LinearLayout.VERTICAL);
    int pad = dp(c, 12);
    l.setPadding(pad, pad, pad, pad);
    return l;
  }

  static LinearLayout row(Context c) {
    LinearLayout l = new LinearLayout(c);
    l.setOrientation(LinearLayout.HORIZONTAL);
    return l;
  }

  static TextView text(Context c, CharSequence s, float sp) {
    TextView t = new TextView(c);
    t.setText(s);
    t.setTextSize(TypedValue.COMPLEX_UNIT_SP, sp);
    t.setTextColor(Color.BLACK);
    return t;
  }

  static EditText field(Context c, String hint, int inputType) {
    EditText e = new EditText(c);
    e.setHint(hint);
    e.setInputType(inputType);
    return e;
  }

  static EditText singleLine(Context c, String hint) {
    return field(c, hint, InputType.TYPE_CLASS_TEXT);
  }

  static Button button(Context c, String label, View.OnClickListener onClick) {
    Button b = new Button(c);
    b.setText(label);
    b.setOnClickListener(onClick);
    return b;
  }

  static View banner(TextView view, int color) {
    int pad = dp(view.getContext(), 8);
    view.setPadding(pad, pad, pad, pad);
    view.setBackgroundColor(color);
    view.setVisibility(View.GONE);
    return view;
  }

  static LinearLayout.LayoutParams matchWidth() {
    return new LinearLayout.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.WRAP_CONTENT);
  }

  static void onTextChanged(TextView view, Runnable action) {
    view.addTextChangedListener(new TextWatcher() {
      @Override public void beforeTextChanged(CharSequence s, int start, int count, int after) {}

      @Override public void onTextChanged(CharSequence s, int start, int before, int count) {}

      @Override public void afterTextChanged(Editable s) {
        action.run();
      }
    });
  }
}
