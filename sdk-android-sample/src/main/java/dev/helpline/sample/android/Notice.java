package dev.helpline.sample.android;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A notice from the desk: an announcement, a maintenance notice or a minimum-version notice, with targeting. Immutable. */
public final class Notice {
  public final String id;
  public final String type;
  public final String title;
  public final String body;
  public final String severity;
  public final @Nullable Instant startsAt;
  public final @Nullable Instant endsAt;
  public final List<String> platforms;
  public final @Nullable String minAppVersion;
  public final @Nullable String maxAppVersion;
  public final List<String> locales;

  public Notice(String id, String type, String title, String body, String severity, @Nullable Instant startsAt,
      @Nullable Instant endsAt, List<String> platforms, @Nullable String minAppVersion,
      @Nullable String maxAppVersion, List<String> locales) {
    this.id = id;
    this.type = type;
    this.title = title;
    this.body = body;
    this.severity = severity;
    this.startsAt = startsAt;
    this.endsAt = endsAt;
    this.platforms = Collections.unmodifiableList(new ArrayList<>(platforms));
    this.minAppVersion = minAppVersion;
    this.maxAppVersion = maxAppVersion;
    this.locales = Collections.unmodifiableList(new ArrayList<>(locales));
  }

  /**
   * Whether this notice is for this app now: inside its time window, for {@code platform} (or every
   * platform), for {@code appVersion} within the inclusive version range, and for {@code locale}
   * (language match) when locales are listed.
   */
  public boolean appliesTo(Instant now, String platform, String appVersion, Locale locale) {
    if (startsAt != null && now.isBefore(startsAt)) return false;
    if (endsAt != null && !now.isBefore(endsAt)) return false;
    if (!platforms.isEmpty() && !platforms.contains(platform)) return false;
    if (minAppVersion != null && compareVersions(appVersion, minAppVersion) < 0) return false;
    if (maxAppVersion != null && compareVersions(appVersion, maxAppVersion) > 0) return false;
    if (!locales.isEmpty()) {
      boolean match = false;
      for (String l : locales) {
        if (Locale.forLanguageTag(l).getLanguage().equals(locale.getLanguage())) match = true;
      }
      if (!match) return false;
    }
    return true;
  }

  /** Compares dotted numeric versions ("4.2.0" < "4.10"); a pre-release or build suffix is ignored. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("[-+]", 2)[0].split("\\.");
    String[] y = b.split("[-+]", 2)[0].split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? number(x[i]) : 0;
      long q = i < y.length ? number(y[i]) : 0;
      if (p != q) return Long.compare(p, q);
    }
    return 0;
  }

  private static long number(String part) {
    try {
      return Long.parseLong(part.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "Notice{" + id + ", " + type + ", " + title + "}";
  }
}
