package dev.helpline.internal.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helpline.notices.Notice;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudienceTest {
  private static boolean matches(String appVersion, String min, String max) {
    Audience audience = new Audience("jvm", Version.tryParse(appVersion), Locale.ENGLISH);
    Notice n = Notice.builder("n", Notice.Type.ANNOUNCEMENT, "t")
        .targeting(Notice.Targeting.of(List.of(), min.isEmpty() ? null : min, max.isEmpty() ? null : max, List.of()))
        .build();
    return audience.matches(n);
  }

  @ParameterizedTest(name = "app {0} in [{1}, {2}] -> {3}")
  @CsvSource({
      "1.2, 1.2.0, '', true",
      "1.2.0, 1.2, '', true",
      "1.2.0-rc.1, 1.2.0, '', false",
      "1.1.99, 1.2.0, '', false",
      "2.0.0, '', 2.0.0, true",
      "2.0.0-beta, '', 2.0.0, true",
      "2.0.1, '', 2.0.0, false",
      "2.0.0+build.9, '', 2.0.0, true",
      "1.5.0, 1.0.0-alpha, 2.0.0-alpha, true",
      "2.0.0-alpha.1, 1.0.0, 2.0.0-alpha, false",
      "'', 1.0.0, '', false",
      "nightly, '', 9.0.0, false",
      "1.0.0, not-a-version, '', false",
      "'', '', '', true",
      "nightly, '', '', true"
  })
  void versionRanges(String app, String min, String max, boolean expected) {
    assertEquals(expected, matches(app.isEmpty() ? null : app, min, max));
  }

  @ParameterizedTest(name = "notice {0} for device {1} -> {2}")
  @CsvSource({
      "de, de-AT, true",
      "de, de, true",
      "de-AT, de, false",
      "en-GB, en-GB, true",
      "en_GB, en-GB, true",
      "en-GB, en-US, false",
      "EN, en-US, true",
      "d, de-AT, false"
  })
  void localeMatching(String noticeLocale, String deviceLocale, boolean expected) {
    Audience audience = new Audience("jvm", null, Locale.forLanguageTag(deviceLocale));
    Notice n = Notice.builder("n", Notice.Type.ANNOUNCEMENT, "t")
        .targeting(Notice.Targeting.of(List.of(), null, null, List.of(noticeLocale)))
        .build();
    assertEquals(expected, audience.matches(n));
  }

  @ParameterizedTest(name = "notice {0} for device {1} -> {2}")
  @CsvSource({
      "zh-TW, zh-Hant-TW, true",
      "sr-RS, sr-Latn-RS, true",
      "zh-Hant, zh-Hant-TW, true",
      "zh-Hant-TW, zh-Hant-TW, true",
      "zh-Hans, zh-Hant-TW, false",
      "zh-CN, zh-Hant-TW, false",
      "zh-Hant-TW, zh-TW, false"
  })
  void aTagWithoutAScriptMatchesADeviceLocaleWithOne(String noticeLocale, String deviceLocale, boolean expected) {
    localeMatching(noticeLocale, deviceLocale, expected);
  }

  @ParameterizedTest(name = "notice {0} for device {1} -> {2}")
  @CsvSource({
      "iw, he-IL, true",
      "he, iw-IL, true",
      "in, id, true",
      "ji, yi, true",
      "iw, de, false"
  })
  void aLegacyLanguageCodeMatchesItsCurrentEquivalent(String noticeLocale, String deviceLocale, boolean expected) {
    Audience audience = new Audience("jvm", null, new Locale(deviceLocale.split("-")[0],
        deviceLocale.contains("-") ? deviceLocale.split("-")[1] : ""));
    Notice n = Notice.builder("n", Notice.Type.ANNOUNCEMENT, "t")
        .targeting(Notice.Targeting.of(List.of(), null, null, List.of(noticeLocale)))
        .build();
    assertEquals(expected, audience.matches(n));
  }

  @ParameterizedTest(name = "minimum {1}, app {0} -> {2}")
  @CsvSource({
      "2.0.9, 2.1.0, true",
      "2.1.0-beta, 2.1.0, true",
      "2.1.0, 2.1.0, false",
      "2.1, 2.1.0, false",
      "3.0.0, 2.1.0, false",
      "'', 2.1.0, false",
      "nightly, 2.1.0, false",
      "1.0.0, '', false",
      "1.0.0, garbage, false"
  })
  void minimumVersionNoticeShownOnlyBelowTheMinimum(String app, String minimum, boolean expected) {
    Audience audience = new Audience("android", Version.tryParse(app.isEmpty() ? null : app), Locale.ENGLISH);
    Notice n = Notice.builder("n", Notice.Type.MINIMUM_VERSION, "Please update")
        .minimumVersion(minimum.isEmpty() ? null : minimum)
        .build();
    assertEquals(expected, audience.matches(n));
  }
}
