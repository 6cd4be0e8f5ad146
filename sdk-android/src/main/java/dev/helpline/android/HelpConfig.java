package dev.helpline.android;

import dev.helpline.AppInfo;
import dev.helpline.Requester;
import dev.helpline.internal.text.OneLine;
import dev.helpline.internal.text.Spaces;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the host configures: the desk, who the user is, and how help looks and opens. Immutable;
 * made by {@link #builder(String, String)}, whose setters reject bad values at once.
 */
public final class HelpConfig {
  /** The default shake threshold: the acceleration, in multiples of gravity, that counts as a shake. */
  public static final float DEFAULT_SHAKE_THRESHOLD_G = 2.7f;

  final String baseUrl;
  final String appKey;
  final @Nullable AppInfo app;
  final @Nullable Requester requester;
  final @Nullable String userToken;
  final List<String> categories;
  final boolean shakeToReport;
  final float shakeThresholdG;
  final long shakeDebounceMillis;
  final int screenshotMaxDimension;
  final HelpStrings strings;
  final int theme;

  private HelpConfig(Builder b) {
    this.baseUrl = b.baseUrl;
    this.appKey = b.appKey;
    this.app = b.app;
    this.requester = b.requester;
    this.userToken = b.userToken;
    this.categories = Collections.unmodifiableList(new ArrayList<>(b.categories));
    this.shakeToReport = b.shakeToReport;
    this.shakeThresholdG = b.shakeThresholdG;
    this.shakeDebounceMillis = b.shakeDebounceMillis;
    this.screenshotMaxDimension = b.screenshotMaxDimension;
    this.strings = b.strings;
    this.theme = b.theme;
  }

  /**
   * A builder for the desk at {@code baseUrl} (the Support API) with the app's key. Throws
   * {@link IllegalArgumentException} when {@code baseUrl} is not http(s) or {@code appKey} is empty.
   */
  public static Builder builder(String baseUrl, String appKey) {
    return new Builder(baseUrl, appKey);
  }

  /** The desk's root URL. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The app's key for the desk (shipped inside the app, so not a secret of the user's). */
  public String appKey() {
    return appKey;
  }

  /** The app as tickets name it; null means the app's label and version name from its package. */
  public @Nullable AppInfo app() {
    return app;
  }

  /** Who reports and whose tickets "My tickets" shows; null when no user is signed in. */
  public @Nullable Requester requester() {
    return requester;
  }

  /** The signed-in user's token, or null. */
  public @Nullable String userToken() {
    return userToken;
  }

  /** The categories the form offers; empty means the strings' {@link HelpStrings.Key#CATEGORIES}. */
  public List<String> categories() {
    return categories;
  }

  /** Whether shaking the device opens help. */
  public boolean shakeToReport() {
    return shakeToReport;
  }

  /** The acceleration, in multiples of gravity, that counts as a shake. */
  public float shakeThresholdG() {
    return shakeThresholdG;
  }

  /** How long after a shake further shaking is ignored, in milliseconds. */
  public long shakeDebounceMillis() {
    return shakeDebounceMillis;
  }

  /** The largest side of an attached screenshot, in pixels. */
  public int screenshotMaxDimension() {
    return screenshotMaxDimension;
  }

  /** The texts of the help screens. */
  public HelpStrings strings() {
    return strings;
  }

  /** The theme of the help screens; 0 means the host application's theme (or the device default). */
  public int theme() {
    return theme;
  }

  /** Builds a {@link HelpConfig}; not thread-safe. */
  public static final class Builder {
    private final String baseUrl;
    private final String appKey;
    private @Nullable AppInfo app;
    private @Nullable Requester requester;
    private @Nullable String userToken;
    private List<String> categories = Collections.emptyList();
    private boolean shakeToReport;
    private float shakeThresholdG = DEFAULT_SHAKE_THRESHOLD_G;
    private long shakeDebounceMillis = 3_000;
    private int screenshotMaxDimension = 1080;
    private HelpStrings strings = HelpStrings.defaults();
    private int theme;

    private Builder(String baseUrl, String appKey) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
      this.appKey = Objects.requireNonNull(appKey, "appKey == null");
      if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
        throw new IllegalArgumentException("baseUrl must start with http:// or https://");
      }
      if (appKey.isEmpty()) throw new IllegalArgumentException("appKey is empty");
    }

    /** The app as tickets name it; null (the default) reads the label and version name from the package. */
    public Builder app(@Nullable AppInfo app) {
      this.app = app;
      return this;
    }

    /**
     * The signed-in user, or null (the default). Checked when {@link HelplineAndroid#install} builds the client,
     * with the limits of {@code Helpline.Builder.requester}.
     */
    public Builder requester(@Nullable Requester requester) {
      this.requester = requester;
      return this;
    }

    /** The signed-in user's token, needed for "My tickets"; a real app gets it from its backend. */
    public Builder userToken(@Nullable String userToken) {
      this.userToken = userToken;
      return this;
    }

    /**
     * The categories the form offers: 1 to 20, each not blank (spaces of any kind, such as the ideographic space,
     * count as blank), at most 80 UTF-16 units and one line of visible
     * text (no control or format characters, such as a pasted zero-width space), as a ticket's category must be.
     */
    public Builder categories(List<String> categories) {
      Objects.requireNonNull(categories, "categories == null");
      if (categories.isEmpty() || categories.size() > 20) {
        throw new IllegalArgumentException("categories has " + categories.size() + " entries; it must have 1 to 20");
      }
      for (int i = 0; i < categories.size(); i++) {
        checkCategory(i, Objects.requireNonNull(categories.get(i), "categories[" + i + "] == null"));
      }
      this.categories = new ArrayList<>(categories);
      return this;
    }

    /** Opens help when the user shakes the device while one of the app's screens is shown (off by default). */
    public Builder shakeToReport(boolean enabled) {
      this.shakeToReport = enabled;
      return this;
    }

    /** The acceleration that counts as a shake, in multiples of gravity: 1.5 to 10 (default 2.7). */
    public Builder shakeThresholdG(float g) {
      if (!(g >= 1.5f && g <= 10f)) throw new IllegalArgumentException("shakeThresholdG is " + g + "; it must lie between 1.5 and 10");
      this.shakeThresholdG = g;
      return this;
    }

    /** How long after a shake further shaking is ignored, in milliseconds: 500 to 60,000 (default 3,000). */
    public Builder shakeDebounceMillis(long millis) {
      if (millis < 500 || millis > 60_000) {
        throw new IllegalArgumentException("shakeDebounceMillis is " + millis + "; it must lie between 500 and 60000");
      }
      this.shakeDebounceMillis = millis;
      return this;
    }

    /** The largest side of an attached screenshot, in pixels: 64 to 8,192 (default 1,080). */
    public Builder screenshotMaxDimension(int pixels) {
      if (pixels < 64 || pixels > 8192) {
        throw new IllegalArgumentException("screenshotMaxDimension is " + pixels + "; it must lie between 64 and 8192");
      }
      this.screenshotMaxDimension = pixels;
      return this;
    }

    /** The texts of the help screens; default {@link HelpStrings#defaults()}. */
    public Builder strings(HelpStrings strings) {
      this.strings = Objects.requireNonNull(strings, "strings == null");
      return this;
    }

    /** A theme resource for the help screens; 0 (default) uses the application's theme. */
    public Builder theme(int styleRes) {
      this.theme = styleRes;
      return this;
    }

    /** Returns the immutable configuration. */
    public HelpConfig build() {
      return new HelpConfig(this);
    }
  }

  /**
   * Holds category {@code index} to the rules the client applies to a ticket's category: not blank by
   * its rule (the ideographic and no-break spaces count as blank), at most 80 UTF-16 units, one line of visible text.
   */
  static void checkCategory(int index, String category) {
    boolean blank = Spaces.isBlank(category);
    if (blank || category.length() > 80) {
      throw new IllegalArgumentException("categories[" + index + "] is " + (blank ? "blank"
          : category.length() + " characters") + "; it must be 1 to 80 characters");
    }
    OneLine.check("categories[" + index + "]", category);
  }
}
