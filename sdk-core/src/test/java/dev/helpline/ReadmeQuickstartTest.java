package dev.helpline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's quickstart must compile as written against the current API. */
@Timeout(120)
class ReadmeQuickstartTest {
  @Test
  void readmeQuickstartCompiles(@TempDir Path dir) throws Exception {
    Path readme = Paths.get("..", "README.md");
    String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertTrue(m.find(), "README.md has a ```java quickstart block");
    String source = m.group(1);
    Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
    assertTrue(cls.find(), "the quickstart declares a public class");

    Path file = dir.resolve(cls.group(1) + ".java");
    Files.write(file, source.getBytes(StandardCharsets.UTF_8));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "tests run on a JDK");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    StringWriter out = new StringWriter();
    int status = javac.getTask(out, null, null,
        Arrays.asList("-classpath", classpath, "-d", dir.toString(), "-Xlint:none"), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile()))
        .call() ? 0 : 1;
    assertEquals(0, status, "README quickstart does not compile:\n" + out);
    assertTrue(new File(dir.toFile(), cls.group(1) + ".class").isFile());
  }
}
