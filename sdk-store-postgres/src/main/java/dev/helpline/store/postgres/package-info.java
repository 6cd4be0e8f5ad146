/**
 * Helpline's PostgreSQL store for fleets of service instances: fingerprint counts shared by every
 * instance ({@link dev.helpline.store.postgres.PostgresFingerprintStore}). The host passes a
 * {@link javax.sql.DataSource}; the schema is versioned and applied on first use.
 */
@NullMarked
package dev.helpline.store.postgres;

import org.jspecify.annotations.NullMarked;
