package dev.helpline.connector.supportapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shipped R8/ProGuard rules name classes that exist, and cover every Retrofit service. */
@Timeout(10)
class ConsumerRulesTest {
  private static String rules() throws Exception {
    try (InputStream in = ConsumerRulesTest.class.getResourceAsStream("/META-INF/proguard/helpline-core.pro")) {
      assertNotNull(in, "META-INF/proguard/helpline-core.pro is packaged");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everyNamedHelplineClassExists() throws Exception {
    Matcher m = Pattern.compile("dev\\.helpline\\.[A-Za-z0-9_.]*[A-Z][A-Za-z0-9_]*").matcher(rules());
    int found = 0;
    while (m.find()) {
      Class.forName(m.group(), false, getClass().getClassLoader());
      found++;
    }
    assertTrue(found > 0);
  }

  @Test
  void serviceInterfaceIsKeptWithItsAnnotatedMethods() throws Exception {
    String rules = rules();
    String service = SupportApiService.class.getName();
    assertTrue(rules.contains("-keep,allowobfuscation interface " + service), "interface kept");
    assertTrue(rules.contains("-keepattributes Signature"), "generic return types kept");
    assertTrue(rules.contains("RuntimeVisibleParameterAnnotations"), "parameter annotations kept");
    for (Method method : SupportApiService.class.getDeclaredMethods()) {
      assertEquals(retrofit2.Call.class, method.getReturnType(), method.getName());
    }
  }
}
