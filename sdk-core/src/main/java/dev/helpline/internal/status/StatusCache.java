package dev.helpline.internal.status;

import dev.helpline.internal.http.HttpGet;
import dev.helpline.internal.io.AtomicFiles;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource;
import dev.helpline.status.StatusSource.Validators;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status monitor's offline copy of its last good snapshot and validators, {@value #FILE}, written
 * crash-safely (see {@link AtomicFiles}); a temp file a crash left is deleted when the cache is read. A cache
 * names the summary URL it was fetched from (without credentials) and one read for another URL is ignored:
 * after an app moves to another status page, the old page's incidents are neither served as current nor
 * compared with the new page's. A host's own source names no URL, and a cache that names none (written before
 * caches did) is read whatever the source.
 * Poll thread only.
 */
public final class StatusCache {
  public static final String FILE = "status-snapshot.json";

  private static final Logger log = LoggerFactory.getLogger(StatusCache.class);

  private final Path file;
  private final @Nullable String source;

  public StatusCache(Path directory, StatusSource source) {
    this.file = Objects.requireNonNull(directory, "directory == null").resolve(FILE);
    this.source = source instanceof HttpStatusSource ? HttpGet.forMessage(((HttpStatusSource) source).url()) : null;
  }

  /**
   * The cached document, or null when there is none, it was written for another source, or it is unreadable
   * (then it is moved aside to {@code status-snapshot.json.corrupt}).
   */
  public SummaryJson.@Nullable Parsed load(Instant now) {
    AtomicFiles.deleteLeftoverTemps(file);
    try {
      byte[] bytes = AtomicFiles.readIfExists(file);
      if (bytes == null) return null;
      SummaryJson.Parsed parsed = SummaryJson.parse(new Buffer().write(bytes), file.toString(), now);
      if (source != null && parsed.cachedSource != null && !source.equals(parsed.cachedSource)) {
        log.info("Ignoring the status cache {} of {}; the source is now {}", file, parsed.cachedSource, source);
        return null;
      }
      return parsed;
    } catch (IOException e) {
      log.warn("Ignoring unreadable status cache {}: {}", file, e.getMessage());
      AtomicFiles.quarantine(file);
      return null;
    }
  }

  /** Replaces the cache; a failure is logged (the snapshot is still served from memory, only offline start-up loses it). */
  public void write(StatusSnapshot snapshot, Validators validators) {
    try {
      AtomicFiles.write(file, SummaryJson.writeCache(snapshot, validators, source));
    } catch (IOException | RuntimeException e) {
      log.warn("Could not write the status cache {}: {}", file, e.toString());
    }
  }
}
