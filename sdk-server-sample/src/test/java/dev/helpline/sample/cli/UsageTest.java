package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The usage tells the truth: it names what each parser accepts, and the README shows the same synopses. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class UsageTest {
  /** An option name as a whole word: --message, not the start of --message-file. */
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*(?![\\w-])");

  private static List<String> options(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = OPTION.matcher(text);
    while (m.find()) found.add(m.group());
    return found;
  }

  @Test
  void everyCommandIsListed() {
    List<String> names = new ArrayList<>();
    for (Usage.Command c : Usage.commands()) names.add(c.name);
    assertEquals(List.of("file", "tickets", "show", "reply", "status", "notices", "outbox", "flush", "desk", "demo"),
        names);
  }

  @Test
  void eachCommandsHelpNamesEveryOptionItsParserAccepts() {
    for (Usage.Command c : Usage.commands()) {
      List<String> named = options(Usage.of(c));
      for (String option : c.spec.names()) {
        assertTrue(named.contains(option), "helpline " + c.name + " --help leaves out " + option + ":\n" + Usage.of(c));
      }
    }
  }

  @Test
  void eachCommandsHelpNamesNoOptionItsParserRejects() {
    for (Usage.Command c : Usage.commands()) {
      for (String option : options(Usage.of(c))) {
        assertTrue(c.spec.names().contains(option),
            "helpline " + c.name + " --help names " + option + ", which it rejects:\n" + Usage.of(c));
      }
    }
  }

  @Test
  void theFullUsageShowsEveryCommandsSynopsis() {
    String full = Usage.full();
    for (Usage.Command c : Usage.commands()) {
      for (String line : c.synopsis) assertTrue(full.contains(line), "missing '" + line + "' in\n" + full);
    }
  }

  @Test
  void theReadmesCommandTableShowsTheSameSynopses() throws IOException {
    String readme = new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
    for (Usage.Command c : Usage.commands()) {
      String row = "| `" + String.join(" ", c.synopsis).replace("|", "\\|") + "` |";
      assertTrue(readme.contains(row), "README.md has no row " + row);
    }
  }
}
