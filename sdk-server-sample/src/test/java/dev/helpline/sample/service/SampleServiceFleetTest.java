package dev.helpline.sample.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.store.postgres.testing.PostgresExtension;
import dev.helpline.store.postgres.testing.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SampleServiceFleetTest {
  @Test
  void inFleetModeTheOutboxAndTheErrorCountsLiveInPostgres(PostgresServer server) throws Exception {
    String db = server.createDatabase("sample_fleet");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int tickets = SampleService.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 40, server.jdbcUrl(db));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, tickets, out);
    assertTrue(out.contains("fleet mode: outbox and error counts in PostgreSQL"), out);
    assertTrue(out.contains("Seen 39 more time(s) since the last update; 40 occurrences in total."), out);
    try (Connection c = server.dataSource(db).getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT sum(count) FROM helpline_fingerprints),"
            + " (SELECT count(*) FROM helpline_outbox_receipts), (SELECT count(*) FROM helpline_outbox)")) {
      rs.next();
      assertEquals(40, rs.getLong(1), "the fleet-wide count");
      assertEquals(1, rs.getInt(2), "the ticket went through the PostgreSQL outbox");
      assertEquals(0, rs.getInt(3), "and left it once delivered");
    }
  }
}
