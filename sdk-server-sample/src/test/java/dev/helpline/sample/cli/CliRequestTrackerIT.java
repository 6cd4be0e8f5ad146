package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.sample.cli.HelplineJar.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same commands against a real Request Tracker: {@code scripts/rt-server.sh} starts RT 5 on a free loopback port
 * with a private copy of its database, and the jar files, lists and shows tickets through {@code --desk rt+URL}.
 * Fails (never skips) when RT is not installed: the README's test command installs it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CliRequestTrackerIT {
  private static final Pattern FILE_JSON =
      Pattern.compile("\\{\"localId\":\"[0-9a-f-]{36}\",\"ticketId\":\"(\\d+)\",\"state\":\"delivered\"");
  private static final Path REPO = Paths.get("..").toAbsolutePath().normalize();
  private static final Path STATE = Paths.get("target", "helpline-rt-cli").toAbsolutePath();

  private static final Map<String, String> rt = new HashMap<>();

  @TempDir Path tmp;

  @BeforeAll
  static void startRequestTracker() throws Exception {
    script("start");
    for (String line : Files.readAllLines(STATE.resolve("env"), StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) rt.put(line.substring(0, eq), line.substring(eq + 1));
    }
    assertTrue(rt.containsKey("RT_URL") && rt.containsKey("RT_SVC_TOKEN"), "rt-server.sh wrote " + rt.keySet());
  }

  @AfterAll
  static void stopRequestTracker() throws Exception {
    script("stop");
  }

  @Test
  void fileListAndShowATicketInRequestTracker() throws Exception {
    String requester = "cli-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String subject = "Printer on fire " + UUID.randomUUID();
    Path log = Files.write(tmp.resolve("printer.log"), "paper jam at tray 2\n".getBytes(StandardCharsets.UTF_8));

    Result filed = run("file", "--desk", "rt+" + rt.get("RT_URL"), "--data", tmp.resolve("data").toString(),
        "--subject", subject, "--description", "Smoke rises from tray 2.", "--requester", requester,
        "--attach", log.toString(), "--wait", "60");
    assertEquals(0, filed.code, filed.toString());
    Matcher m = FILE_JSON.matcher(filed.out.trim());
    assertTrue(m.lookingAt(), filed.toString());
    String id = m.group(1);

    // The REST2 base works as well as RT's root.
    Result listed = run("tickets", "--desk", "rt+" + rt.get("RT_URL") + "REST/2.0", "--requester", requester, "--json");
    assertEquals(0, listed.code, listed.toString());
    assertTrue(listed.out.contains("\"" + id + "\"") && listed.out.contains(subject), listed.toString());

    Result shown = run("show", id, "--desk", "rt+" + rt.get("RT_URL"), "--requester", requester);
    assertEquals(0, shown.code, shown.toString());
    assertTrue(shown.out.contains(subject), shown.toString());

    Result stranger = run("show", id, "--desk", "rt+" + rt.get("RT_URL"), "--requester", "someone-else@example.com");
    assertFalse(stranger.code == 0, "another requester must not read the ticket: " + stranger.toString());
  }

  /** Runs the jar with the RT service token in the environment. */
  private Result run(String... args) throws Exception {
    Result r = HelplineJar.run(tmp, List.of(), Map.of("HELPLINE_TOKEN", rt.get("RT_SVC_TOKEN")), Duration.ofSeconds(120),
        args);
    assertFalse(r.out.contains(rt.get("RT_SVC_TOKEN")) || r.err.contains(rt.get("RT_SVC_TOKEN")), "the RT token was printed");
    return r;
  }

  private static void script(String command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", REPO.resolve("scripts/rt-server.sh").toString(), command)
        .redirectErrorStream(true);
    pb.environment().put("HELPLINE_RT_STATE", STATE.toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("scripts/rt-server.sh " + command + " failed (run 'bash scripts/rt-server.sh install'"
          + " as root first):\n" + output);
    }
  }
}
