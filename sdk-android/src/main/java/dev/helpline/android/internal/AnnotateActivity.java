package dev.helpline.android.internal;

import android.app.Activity;
import android.os.Bundle;
import android.widget.Button;
import android.widget.LinearLayout;
import dev.helpline.android.HelpStrings.Key;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The screenshot editor: highlight box, blackout box (dragged, or placed by two taps on opposite
 * corners), freehand pen, undo. The marks live with the installation's {@link CapturedScreenshot}, so
 * they survive rotation, and each one is drawn onto the attached image as soon as it is finished;
 * "Done" returns to the form.
 */
public class AnnotateActivity extends Activity {
  static final String STATE_TOOL = "dev.helpline.android.TOOL";

  AnnotationView canvas;
  final Map<Annotation.Tool, Button> tools = new EnumMap<>(Annotation.Tool.class);
  Button undo;
  Button done;

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    Ui.applyTheme(this);
    super.onCreate(savedInstanceState);
    setTitle(Ui.s(this, Key.MARK_UP_TITLE));
    CapturedScreenshot screenshot = HelpRuntime.get().screenshot();
    LinearLayout root = Ui.screen(this);
    canvas = new AnnotationView(this, screenshot, this::refresh);
    canvas.setContentDescription(Ui.s(this, Key.SCREENSHOT_PREVIEW));

    LinearLayout toolbar = Ui.row(this);
    addTool(toolbar, Annotation.Tool.HIGHLIGHT, Key.TOOL_HIGHLIGHT);
    addTool(toolbar, Annotation.Tool.BLACKOUT, Key.TOOL_BLACKOUT);
    addTool(toolbar, Annotation.Tool.PEN, Key.TOOL_PEN);
    root.addView(toolbar, Ui.matchWidth());
    LinearLayout actions = Ui.row(this);
    undo = Ui.button(this, Ui.s(this, Key.UNDO), v -> {
      screenshot.undo();
      refresh();
    });
    actions.addView(undo, Ui.weighted());
    done = Ui.primary(this, Ui.s(this, Key.DONE), v -> finish());
    actions.addView(done, Ui.weighted());
    root.addView(actions, Ui.matchWidth());
    root.addView(canvas, new LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, 0, 1));

    String saved = savedInstanceState != null ? savedInstanceState.getString(STATE_TOOL) : null;
    select(saved != null ? Annotation.Tool.valueOf(saved) : Annotation.Tool.HIGHLIGHT);
    setContentView(root);
  }

  private void addTool(LinearLayout toolbar, Annotation.Tool tool, Key label) {
    Button b = Ui.button(this, Ui.s(this, label), v -> select(tool));
    tools.put(tool, b);
    toolbar.addView(b, Ui.weighted());
  }

  void select(Annotation.Tool tool) {
    canvas.setTool(tool);
    for (Map.Entry<Annotation.Tool, Button> e : tools.entrySet()) {
      boolean selected = e.getKey() == tool;
      Button b = e.getValue();
      b.setSelected(selected);
      b.setAlpha(selected ? 1f : 0.6f);
      String label = b.getText().toString();
      b.setContentDescription(selected ? Ui.f(this, Key.TOOL_SELECTED, label) : label);
    }
  }

  private void refresh() {
    undo.setEnabled(!HelpRuntime.get().screenshot().annotations().isEmpty());
    canvas.invalidate();
  }

  @Override
  protected void onResume() {
    super.onResume();
    refresh();
  }

  @Override
  protected void onSaveInstanceState(Bundle outState) {
    super.onSaveInstanceState(outState);
    outState.putString(STATE_TOOL, canvas.tool().name());
  }
}
