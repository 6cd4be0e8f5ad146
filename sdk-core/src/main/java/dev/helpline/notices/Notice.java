package dev.helpline.notices;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message for the app's users: an announcement, a maintenance window, or a request to update
 * the app. Immutable; build one with {@link #builder(String, Type, String)}.
 *
 * <p>Times come from the source and may be wrong: a notice whose end lies before its start is never
 * {@link Phase#ACTIVE} (it is upcoming until its start, ended after), and far-future dates are
 * simply far away. Nothing here throws because of the times.
 */
public final class Notice {
  /** What a notice is about. */
  public enum Type {
    /** News for the app's users. */
    ANNOUNCEMENT,
    /** A maintenance window, from the notice's start to its end. */
    MAINTENANCE,
    /** Shown only when the app's version is below {@link #minimumVersion()}: "please update". */
    MINIMUM_VERSION;

    /** The wire value, for example {@code "minimum_version"}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a wire value (case-insensitive), or null when unknown. */
    public static @Nullable Type fromWire(@Nullable String value) {
      if (value == null) return null;
      for (Type t : values()) {
        if (t.wireName().equalsIgnoreCase(value.trim())) return t;
      }
      return null;
    }
  }

  /** How prominently to show a notice. */
  public enum Severity {
    /** The least prominent; the default. */
    INFO,
    /** More prominent than {@link #INFO}. */
    WARNING,
    /** The most prominent; {@link NoticeCenter} lists these first. */
    CRITICAL;

    /** The wire value, for example {@code "warning"}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The severity for a wire value (case-insensitive); {@link #INFO} when null or unknown. */
    public static Severity fromWire(@Nullable String value) {
      if (value == null) return INFO;
      for (Severity s : values()) {
        if (s.wireName().equalsIgnoreCase(value.trim())) return s;
      }
      return INFO;
    }
  }

  /** Where a notice stands relative to a moment. */
  public enum Phase {
    /** Before the notice's start. */
    UPCOMING,
    /** From the notice's start, before its end. */
    ACTIVE,
    /** From the notice's end on (and not before its start). */
    ENDED
  }

  /**
   * Who a notice is for. Empty lists mean everyone; version bounds are inclusive SemVer strings
   * (kept as given, so a bound that does not parse matches no app rather than failing the feed).
   */
  public static final class Targeting {
    private static final Targeting EVERYONE = new Targeting(Collections.emptyList(), null, null, Collections.emptyList());

    private final List<String> platforms;
    private final @Nullable String minAppVersion;
    private final @Nullable String maxAppVersion;
    private final List<String> locales;

    private Targeting(List<String> platforms, @Nullable String minAppVersion, @Nullable String maxAppVersion,
        List<String> locales) {
      this.platforms = platforms;
      this.minAppVersion = minAppVersion;
      this.maxAppVersion = maxAppVersion;
      this.locales = locales;
    }

    /**
     * @param platforms for example "android", "jvm"; empty for all
     * @param locales BCP 47 tags such as "de" or "en-GB"; "de" also matches "de-AT", "zh-TW" also "zh-Hant-TW"; empty for all
     */
    public static Targeting of(List<String> platforms, @Nullable String minAppVersion, @Nullable String maxAppVersion,
        List<String> locales) {
      Objects.requireNonNull(platforms, "platforms == null");
      Objects.requireNonNull(locales, "locales == null");
      if (platforms.isEmpty() && locales.isEmpty() && minAppVersion == null && maxAppVersion == null) return EVERYONE;
      return new Targeting(Collections.unmodifiableList(new ArrayList<>(platforms)), minAppVersion, maxAppVersion,
          Collections.unmodifiableList(new ArrayList<>(locales)));
    }

    /** Targeting that restricts nothing: every platform, app version and locale. */
    public static Targeting everyone() {
      return EVERYONE;
    }

    /** Platforms the notice is for, such as "android" (matched ignoring case); empty for all. Unmodifiable. */
    public List<String> platforms() {
      return platforms;
    }

    /** The lowest app version the notice is for, inclusive and as given; null for no lower bound. */
    public @Nullable String minAppVersion() {
      return minAppVersion;
    }

    /** The highest app version the notice is for, inclusive and as given; null for no upper bound. */
    public @Nullable String maxAppVersion() {
      return maxAppVersion;
    }

    /** BCP 47 tags the notice is for; "de" also matches "de-AT", "zh-TW" also "zh-Hant-TW"; empty for all. Unmodifiable. */
    public List<String> locales() {
      return locales;
    }

    /** True when nothing restricts the audience. */
    public boolean isEveryone() {
      return platforms.isEmpty() && locales.isEmpty() && minAppVersion == null && maxAppVersion == null;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Targeting)) return false;
      Targeting t = (Targeting) o;
      return platforms.equals(t.platforms) && Objects.equals(minAppVersion, t.minAppVersion)
          && Objects.equals(maxAppVersion, t.maxAppVersion) && locales.equals(t.locales);
    }

    @Override
    public int hashCode() {
      return Objects.hash(platforms, minAppVersion, maxAppVersion, locales);
    }

    @Override
    public String toString() {
      return "Targeting{platforms=" + platforms + ", app " + minAppVersion + ".." + maxAppVersion + ", locales=" + locales + "}";
    }
  }

  private final String id;
  private final Type type;
  private final String title;
  private final String body;
  private final String plainText;
  private final Severity severity;
  private final @Nullable Instant startsAt;
  private final @Nullable Instant endsAt;
  private final @Nullable String url;
  private final Targeting targeting;
  private final @Nullable String minimumVersion;

  private Notice(Builder b) {
    this.id = b.id;
    this.type = b.type;
    this.title = b.title;
    this.body = b.body;
    this.plainText = b.plainText != null ? b.plainText : b.body;
    this.severity = b.severity;
    this.startsAt = b.startsAt;
    this.endsAt = b.endsAt;
    this.url = b.url;
    this.targeting = b.targeting;
    this.minimumVersion = b.minimumVersion;
  }

  /**
   * @throws IllegalArgumentException when {@code id} is empty
   */
  public static Builder builder(String id, Type type, String title) {
    return new Builder(id, type, title);
  }

  /** Stable across fetches; used to remember that the notice was shown or dismissed. */
  public String id() {
    return id;
  }

  /** What the notice is about. */
  public Type type() {
    return type;
  }

  /** The notice's title. */
  public String title() {
    return title;
  }

  /** The body as published (may hold simple HTML); empty when none. */
  public String body() {
    return body;
  }

  /**
   * The body as plain text: for notices from a feed, tags stripped, entities decoded and line breaks
   * kept for br, p and li when the feed was parsed; for a notice built without {@link
   * Builder#plainText}, the body itself.
   */
  public String plainText() {
    return plainText;
  }

  /** How prominently to show the notice; {@link Severity#INFO} unless set. */
  public Severity severity() {
    return severity;
  }

  /** Start of the notice (or maintenance window); null means "already". */
  public @Nullable Instant startsAt() {
    return startsAt;
  }

  /** End of the notice; null means open-ended. */
  public @Nullable Instant endsAt() {
    return endsAt;
  }

  /** A link for more information, or null. */
  public @Nullable String url() {
    return url;
  }

  /** Who the notice is for; {@link Targeting#everyone()} unless set. */
  public Targeting targeting() {
    return targeting;
  }

  /** For {@link Type#MINIMUM_VERSION}: the lowest supported app version (as given), else null. */
  public @Nullable String minimumVersion() {
    return minimumVersion;
  }

  /** Upcoming before {@link #startsAt()}, ended from {@link #endsAt()} on, active in between. */
  public Phase phase(Instant now) {
    if (startsAt != null && now.isBefore(startsAt)) return Phase.UPCOMING;
    if (endsAt != null && !now.isBefore(endsAt)) return Phase.ENDED;
    return Phase.ACTIVE;
  }

  /** A builder holding this notice's values, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Notice)) return false;
    Notice n = (Notice) o;
    return id.equals(n.id) && type == n.type && title.equals(n.title) && body.equals(n.body) && severity == n.severity
        && Objects.equals(startsAt, n.startsAt) && Objects.equals(endsAt, n.endsAt) && Objects.equals(url, n.url)
        && targeting.equals(n.targeting) && Objects.equals(minimumVersion, n.minimumVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, type, title, body, severity, startsAt, endsAt, url, targeting, minimumVersion);
  }

  @Override
  public String toString() {
    return "Notice{" + id + " " + type + " " + severity + " '" + title + "', " + startsAt + " .. " + endsAt + "}";
  }

  /** Builds a {@link Notice}. Setters reject null where the value is required. */
  public static final class Builder {
    private final String id;
    private final Type type;
    private String title;
    private String body = "";
    private @Nullable String plainText;
    private Severity severity = Severity.INFO;
    private @Nullable Instant startsAt;
    private @Nullable Instant endsAt;
    private @Nullable String url;
    private Targeting targeting = Targeting.everyone();
    private @Nullable String minimumVersion;

    Builder(String id, Type type, String title) {
      Objects.requireNonNull(id, "id == null");
      if (id.isEmpty()) throw new IllegalArgumentException("id must not be empty");
      this.id = id;
      this.type = Objects.requireNonNull(type, "type == null");
      this.title = Objects.requireNonNull(title, "title == null");
    }

    Builder(Notice n) {
      id = n.id;
      type = n.type;
      title = n.title;
      body = n.body;
      plainText = n.plainText;
      severity = n.severity;
      startsAt = n.startsAt;
      endsAt = n.endsAt;
      url = n.url;
      targeting = n.targeting;
      minimumVersion = n.minimumVersion;
    }

    /** The title, replacing the one given to {@link Notice#builder}. */
    public Builder title(String title) {
      this.title = Objects.requireNonNull(title, "title == null");
      return this;
    }

    /** The body as published; clears a plain text set earlier (it would no longer match). */
    public Builder body(String body) {
      this.body = Objects.requireNonNull(body, "body == null");
      this.plainText = null;
      return this;
    }

    /** The body rendered as plain text; defaults to the body itself. Set it after {@link #body}. */
    public Builder plainText(String plainText) {
      this.plainText = Objects.requireNonNull(plainText, "plainText == null");
      return this;
    }

    /** How prominently to show the notice; {@link Severity#INFO} by default. */
    public Builder severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity == null");
      return this;
    }

    /** Start of the notice; null (the default) means "already". */
    public Builder startsAt(@Nullable Instant startsAt) {
      this.startsAt = startsAt;
      return this;
    }

    /** End of the notice; null (the default) means open-ended. */
    public Builder endsAt(@Nullable Instant endsAt) {
      this.endsAt = endsAt;
      return this;
    }

    /** A link for more information, or null (the default). */
    public Builder url(@Nullable String url) {
      this.url = url;
      return this;
    }

    /** Who the notice is for; {@link Targeting#everyone()} by default. */
    public Builder targeting(Targeting targeting) {
      this.targeting = Objects.requireNonNull(targeting, "targeting == null");
      return this;
    }

    /** For a {@link Type#MINIMUM_VERSION} notice: the lowest supported app version, as given; null by default. */
    public Builder minimumVersion(@Nullable String minimumVersion) {
      this.minimumVersion = minimumVersion;
      return this;
    }

    /** Returns the notice; checks nothing the setters did not, the times included. */
    public Notice build() {
      return new Notice(this);
    }
  }
}
