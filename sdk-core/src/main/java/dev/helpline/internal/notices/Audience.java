package dev.helpline.internal.notices;

import dev.helpline.notices.Notice;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * This install as targeting sees it: platform, app version and locale. A missing or unparseable app
 * version matches only notices without version bounds (and never a minimum-version notice).
 */
public final class Audience {
  private final String platform;
  private final @Nullable Version appVersion;
  private final String languageTag;
  /** {@link #languageTag} without its script subtag ({@code zh-hant-tw} → {@code zh-tw}); the same when it has none. */
  private final String withoutScript;

  public Audience(String platform, @Nullable Version appVersion, Locale locale) {
    this.platform = Objects.requireNonNull(platform, "platform == null");
    this.appVersion = appVersion;
    this.languageTag = normalizeTag(locale.toLanguageTag());
    this.withoutScript = withoutScript(languageTag);
  }

  public boolean matches(Notice notice) {
    Notice.Targeting t = notice.targeting();
    if (!t.platforms().isEmpty() && !containsIgnoreCase(t, platform)) return false;
    if (!t.locales().isEmpty() && !localeMatches(t)) return false;
    if (t.minAppVersion() != null || t.maxAppVersion() != null) {
      if (appVersion == null) return false;
      if (t.minAppVersion() != null) {
        Version min = Version.tryParse(t.minAppVersion());
        if (min == null || appVersion.compareTo(min) < 0) return false;
      }
      if (t.maxAppVersion() != null) {
        Version max = Version.tryParse(t.maxAppVersion());
        if (max == null || appVersion.compareTo(max) > 0) return false;
      }
    }
    if (notice.type() == Notice.Type.MINIMUM_VERSION) {
      Version minimum = Version.tryParse(notice.minimumVersion());
      return minimum != null && appVersion != null && appVersion.compareTo(minimum) < 0;
    }
    return true;
  }

  private static boolean containsIgnoreCase(Notice.Targeting t, String platform) {
    for (String p : t.platforms()) {
      if (p.equalsIgnoreCase(platform)) return true;
    }
    return false;
  }

  /**
   * "de" matches "de" and "de-AT"; "en-GB" matches "en-GB" but not "en-US". A tag without a script matches
   * whatever script the device names: Android reports Taiwan's Chinese as "zh-Hant-TW", which "zh-TW" means.
   */
  private boolean localeMatches(Notice.Targeting t) {
    for (String wanted : t.locales()) {
      String tag = normalizeTag(wanted);
      if (tag.isEmpty()) continue;
      String device = withoutScript(tag).equals(tag) ? withoutScript : languageTag;
      if (device.equals(tag) || device.startsWith(tag + "-")) return true;
    }
    return false;
  }

  /** A normalized tag without its script, the four-letter subtag right after the language. */
  private static String withoutScript(String tag) {
    String[] subtags = tag.split("-", -1);
    if (subtags.length < 2 || subtags[1].length() != 4 || !subtags[1].chars().allMatch(Character::isLetter)) return tag;
    return tag.substring(0, subtags[0].length()) + tag.substring(subtags[0].length() + 5);
  }

  /**
   * Lower case with {@code -} separators, and the language codes Java and Android still use for Hebrew,
   * Indonesian and Yiddish ({@code iw}, {@code in}, {@code ji}, as in Android's {@code values-iw}) read as
   * their current ones, as {@link Locale#toLanguageTag()} reports the device locale.
   */
  private static String normalizeTag(String tag) {
    String t = tag.trim().replace('_', '-').toLowerCase(Locale.ROOT);
    int end = t.indexOf('-');
    String language = end < 0 ? t : t.substring(0, end);
    String current;
    switch (language) {
      case "iw": current = "he"; break;
      case "in": current = "id"; break;
      case "ji": current = "yi"; break;
      default: return t;
    }
    return current + t.substring(language.length());
  }
}
