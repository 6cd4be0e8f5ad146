package dev.helpline.store.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.outbox.OutboxStore;
import dev.helpline.outbox.OutboxStore.StoredEntry;
import dev.helpline.outbox.SubmissionRecord;
import dev.helpline.store.postgres.PostgresFingerprintStore;
import dev.helpline.store.postgres.PostgresOutboxStore;
import dev.helpline.store.postgres.testing.PostgresExtension;
import dev.helpline.store.postgres.testing.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fleet is upgraded one instance at a time: the first upgraded instance migrates the schema while the others still
 * run the previous release. Here this release's store plays the previous release, facing a schema one version newer.
 */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SchemaUpgradeTest {
  private final PostgresServer server;
  @TempDir Path spool;
  private DataSource dataSource;

  SchemaUpgradeTest(PostgresServer server) {
    this.server = server;
  }

  @BeforeEach
  void setUp() throws SQLException {
    dataSource = server.dataSource(server.createDatabase("upgrade"));
  }

  /** What the next release would ship, on top of this one's migrations. */
  private void migrateAsTheNextRelease(Schema.Migration next) throws SQLException {
    List<Schema.Migration> newer = new ArrayList<>(Schema.MIGRATIONS);
    newer.add(next);
    try (Connection c = dataSource.getConnection()) {
      assertEquals(0, Schema.apply(c, newer));
    }
  }

  @Test
  void aStoreKeepsWorkingOnANewerSchemaThatOnlyAddedANullableColumn() throws Exception {
    migrateAsTheNextRelease(Schema.Migration.of(Schema.MIGRATIONS.get(Schema.VERSION - 1).compatibleFrom(),
        "ALTER TABLE helpline_outbox ADD COLUMN IF NOT EXISTS priority integer"));

    try (PostgresOutboxStore previous = PostgresOutboxStore.builder(dataSource).spoolDirectory(spool).build()) {
      previous.enqueue(SubmissionRecord.builder().submissionId("mid-deploy").subject("queued by the old half")
          .createdAt(Instant.parse("2026-12-01T10:00:00Z")).build());
      try (OutboxStore.Claim claim = previous.claim()) {
        StoredEntry loaded = previous.load(claim.entries().get(0), q -> {});
        assertEquals("queued by the old half", loaded.record().subject());
      }
      assertEquals(1, previous.counts().pending());
    }
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version), count(*), (SELECT priority FROM helpline_outbox)"
            + " FROM helpline_schema_version")) {
      rs.next();
      assertEquals(Schema.VERSION + 1, rs.getInt(1), "the newer schema stays as it is");
      assertEquals(Schema.VERSION + 1, rs.getInt(2));
      assertNull(rs.getObject(3), "the older store leaves the new column null");
    }
  }

  @Test
  void aStoreRefusesANewerSchemaThatOlderStoresCannotUseNamingBothVersions() throws Exception {
    int next = Schema.VERSION + 1;
    migrateAsTheNextRelease(Schema.Migration.of(next, "ALTER TABLE helpline_outbox RENAME COLUMN last_error TO error"));

    try (PostgresOutboxStore previous = PostgresOutboxStore.builder(dataSource).spoolDirectory(spool).build()) {
      IOException e = assertThrows(IOException.class, previous::counts);

      assertTrue(e.getMessage().contains("the database has Helpline schema version " + next + ", which needs a store"
          + " of schema version " + next + " or later; this sdk-store-postgres has version " + Schema.VERSION
          + ": upgrade it"), e.getMessage());
    }
  }

  /** Fleets often run with a role that may read and write the tables but not create or alter them. */
  @Test
  void aRoleWithoutDdlRightsUsesADatabaseAnotherRoleMigrated() throws Exception {
    try (PostgresOutboxStore migrating = PostgresOutboxStore.builder(dataSource).spoolDirectory(spool).build()) {
      migrating.counts();
    }
    PGSimpleDataSource app = (PGSimpleDataSource) dataSource;
    try (Connection c = app.getConnection(); Statement s = c.createStatement()) {
      s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'helpline_app') THEN"
          + " CREATE ROLE helpline_app LOGIN; END IF; END $$");
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      s.execute("GRANT USAGE ON SCHEMA public TO helpline_app");
      s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO helpline_app");
    }
    app.setUser("helpline_app");

    try (PostgresOutboxStore store = PostgresOutboxStore.builder(app).spoolDirectory(spool).build()) {
      store.enqueue(SubmissionRecord.builder().submissionId("least-privilege").subject("queued by the app role")
          .createdAt(Instant.parse("2026-12-01T10:00:00Z")).build());
      assertEquals(1, store.counts().pending());
    }
    assertTrue(PostgresFingerprintStore.create(app).record("fp", 1, Instant.parse("2026-12-01T10:00:00Z"),
        Duration.ofHours(1), Duration.ofMinutes(2)).mustFile());
  }

  @Test
  void everyMigrationKeepsOrRaisesTheOldestStoreVersionThatCanUseTheSchema() {
    int oldest = 1;
    for (int v = 1; v <= Schema.VERSION; v++) {
      int compatibleFrom = Schema.MIGRATIONS.get(v - 1).compatibleFrom();
      assertTrue(compatibleFrom >= oldest && compatibleFrom <= v,
          "migration " + v + " declares " + compatibleFrom + "; it must lie between " + oldest + " and " + v);
      oldest = compatibleFrom;
    }
    assertTrue(Schema.MIGRATIONS.get(2).compatibleFrom() <= 2,
        "migration 3 only adds a nullable column: stores of version 2 still use the schema");
  }
}
