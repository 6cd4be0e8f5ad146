package dev.helpline.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.store.postgres.testing.PostgresExtension;
import dev.helpline.store.postgres.testing.PostgresServer;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FleetReportingTest {
  private static final int INSTANCES = Integer.getInteger("fleet.instances", 8);
  private static final int FAILURES_EACH = 1000;

  @Test
  void eightInstancesReportingOneFailureFileOneTicketWithTheTotalCount(PostgresServer server) throws Exception {
    String db = server.createDatabase("fleet");
    try (TestDesk desk = TestDesk.builder().start()) {
      String token = desk.issueUserToken("svc", "svc@example.com", Duration.ofHours(1));
      List<Process> instances = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        instances.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            FleetReporterMain.class.getName(), desk.baseUrl(), desk.appKey(), token, server.jdbcUrl(db),
            Integer.toString(FAILURES_EACH))
            .redirectErrorStream(true).start());
      }
      for (Process p : instances) {
        String out = readAll(p.getInputStream());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "an instance did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("reported " + FAILURES_EACH), out);
      }

      assertEquals(1, desk.ticketCount(), "one failure, one ticket, however many instances saw it");
      try (Connection c = server.dataSource(db).getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count, reported_count, ticket_id FROM helpline_fingerprints")) {
        assertTrue(rs.next());
        assertEquals(INSTANCES * FAILURES_EACH, rs.getLong(1));
        assertEquals(INSTANCES * FAILURES_EACH, rs.getLong(2), "every occurrence reached the ticket");
        assertEquals(desk.tickets().get(0).id(), rs.getString(3));
      }
      DeskTicket ticket = desk.tickets().get(0);
      String total = INSTANCES * FAILURES_EACH + " occurrences in total";
      assertTrue(ticket.messages().stream().anyMatch(m -> m.body().contains(total)), ticket.messages().toString());
    }
  }

  private static String readAll(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
