package dev.helpline.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.Test;

/** The AAR the build made (after compiling, before the tests): what an Android build expects in it. */
public class AarLayoutTest {
  private static Path aar() {
    String path = System.getProperty("helpline.aar");
    assertNotNull("the build passes the AAR's path in helpline.aar", path);
    Path aar = Paths.get(path);
    assertTrue(aar + " was not built", Files.isRegularFile(aar));
    return aar;
  }

  @Test(timeout = 60_000)
  public void theAarHoldsClassesTheManifestWithEveryActivityConsumerRulesAndAnEmptyRTxt() throws IOException {
    try (ZipFile zip = new ZipFile(aar().toFile())) {
      Set<String> entries = new TreeSet<>();
      zip.stream().forEach(e -> entries.add(e.getName()));
      assertEquals(Set.of("classes.jar", "AndroidManifest.xml", "proguard.txt", "R.txt"), entries);
      assertEquals(0, zip.getEntry("R.txt").getSize());

      Set<String> classes = new TreeSet<>();
      try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(zip.getEntry("classes.jar")))) {
        for (ZipEntry e; (e = jar.getNextEntry()) != null; ) classes.add(e.getName());
      }
      assertTrue(classes.contains("dev/helpline/android/HelplineAndroid.class"));
      assertTrue(classes.contains("dev/helpline/android/HelpButton.class"));
      assertTrue("no test classes", classes.stream().noneMatch(c -> c.contains("Test") || c.startsWith("androidx/")));

      String manifest = read(zip.getInputStream(zip.getEntry("AndroidManifest.xml")));
      assertTrue(manifest, manifest.contains("package=\"dev.helpline.android\""));
      assertTrue(manifest, manifest.contains("android:minSdkVersion=\"26\""));
      assertTrue(manifest, manifest.contains("android.permission.INTERNET"));
      assertTrue(manifest, manifest.contains("android.permission.ACCESS_NETWORK_STATE"));
      List<String> activities = new ArrayList<>();
      Matcher m = Pattern.compile("<activity\\s+android:name=\"([^\"]+)\"").matcher(manifest);
      while (m.find()) activities.add(m.group(1));
      // Every activity class in the library is declared, and every declared one is in classes.jar.
      Set<String> activityClasses = new TreeSet<>();
      for (String c : classes) {
        if (c.endsWith("Activity.class") && !c.contains("$")) activityClasses.add(c.replace('/', '.').replace(".class", ""));
      }
      assertEquals(activityClasses, new TreeSet<>(activities));
      assertEquals(4, activities.size());

      String rules = read(zip.getInputStream(zip.getEntry("proguard.txt")));
      assertTrue(rules, rules.contains("-keep public class dev.helpline.android.internal.*Activity"));
    }
  }

  private static String read(InputStream in) throws IOException {
    try (InputStream s = in) {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
