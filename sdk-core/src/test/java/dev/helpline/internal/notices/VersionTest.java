package dev.helpline.internal.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionTest {
  private static Version v(String s) {
    return Version.parse(s);
  }

  @Test
  void semverPrecedenceIncludingPreReleases() {
    List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
        "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.10.0", "2.0.0");
    for (int i = 0; i + 1 < ascending.size(); i++) {
      Version lower = v(ascending.get(i));
      Version higher = v(ascending.get(i + 1));
      assertTrue(lower.compareTo(higher) < 0, lower + " < " + higher);
      assertTrue(higher.compareTo(lower) > 0, higher + " > " + lower);
    }
  }

  @Test
  void missingPartsCountAsZero() {
    assertEquals(v("1.2.0"), v("1.2"));
    assertEquals(0, v("1.2").compareTo(v("1.2.0")));
    assertEquals(v("3.0.0"), v("3"));
    assertEquals(v("1.2.0").hashCode(), v("1.2").hashCode());
  }

  @Test
  void buildMetadataIsIgnored() {
    assertEquals(v("1.2.3"), v("1.2.3+build.45"));
    assertEquals(0, v("1.2.3-beta+exp.sha.5114f85").compareTo(v("1.2.3-beta")));
  }

  @Test
  void leadingVAndWhitespaceAreTolerated() {
    assertEquals(v("2.1.0"), v(" v2.1 "));
    assertEquals("v2.1", v(" v2.1 ").toString());
  }

  @Test
  void garbageDoesNotParse() {
    for (String bad : new String[] {"", "nightly", "1..2", "1.2.3.4", "1.2.x", "1.0.0-", "1.0.0-01", "1.0.0+", "-1.0",
        "1.0.0-al pha", "99999999999999999999.0.0"}) {
      assertNull(Version.tryParse(bad), bad);
    }
    assertNull(Version.tryParse(null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Version.parse("nightly"));
    assertTrue(e.getMessage().contains("'nightly'"), e.getMessage());
  }

  @Test
  void accessorsExposeParts() {
    Version x = v("4.5.6-rc.2");
    assertEquals(4, x.major());
    assertEquals(5, x.minor());
    assertEquals(6, x.patch());
    assertEquals(List.of("rc", "2"), x.preRelease());
    assertTrue(x.isPreRelease());
    assertNotNull(Version.tryParse("0.0.0"));
  }
}
