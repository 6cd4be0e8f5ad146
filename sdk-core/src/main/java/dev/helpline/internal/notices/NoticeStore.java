package dev.helpline.internal.notices;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.helpline.internal.io.AtomicFiles;
import dev.helpline.internal.json.JsonValues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which notices this install has seen, dismissed or been reminded of: one small JSON file written
 * crash-safely. Bounded when saved: ids of notices that ended more than {@link #RETENTION} ago and have
 * been missing from the sources' lists for as long are forgotten, and beyond {@link #MAX_ENTRIES} the least
 * recently seen go first, except ids the sources still list (those are kept even when their end is long past
 * and even past the cap, so a listed notice is never announced twice). Nothing is forgotten on load, before
 * the sources were asked.
 *
 * <p>Device clocks may be wrong, so a notice's end alone, judged by the clock of one save, never makes it
 * forgotten: its absence from the lists must also have begun at an earlier save ({@link Entry#unlistedSince})
 * and lasted {@link #RETENTION}. A save with the clock set far ahead cannot forget a notice the sources list;
 * one they do not list at that moment starts its absence at the clock's future time, and being listed again
 * ends it. An absence that seems to begin after now (the clock was set back since) counts from now. Only an
 * id already missing from every source before a jump ahead can be forgotten early; if the sources list it
 * again it is announced again.
 *
 * <p>A torn or corrupt file is moved aside and treated as empty, with a warning (notices may then be shown
 * once more). Not thread-safe: the notice center uses it from its worker only.
 */
public final class NoticeStore {
  public static final String FILE_NAME = "notices-state.json";
  public static final Duration RETENTION = Duration.ofDays(90);
  public static final int MAX_ENTRIES = 1000;
  private static final int VERSION = 1;
  private static final Logger log = LoggerFactory.getLogger(NoticeStore.class);

  /** What is remembered of one notice. */
  public static final class Entry {
    public Instant seenAt;
    public @Nullable Instant endsAt;
    /** When a save first found no source listing the notice; null while listed (and before the first save). */
    public @Nullable Instant unlistedSince;
    public boolean dismissed;
    public boolean reminded;

    Entry(Instant seenAt) {
      this.seenAt = seenAt;
    }
  }

  private final @Nullable Path file;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private NoticeStore(@Nullable Path file) {
    this.file = file;
  }

  /** A store that remembers nothing across restarts (no directory configured). */
  public static NoticeStore inMemory() {
    return new NoticeStore(null);
  }

  /**
   * Loads the store in {@code directory}; a missing file is an empty store, a corrupt one is quarantined, and
   * temp files of writes a crash interrupted are deleted.
   */
  public static NoticeStore load(Path directory) {
    NoticeStore store = new NoticeStore(directory.resolve(FILE_NAME));
    Path f = directory.resolve(FILE_NAME);
    AtomicFiles.deleteLeftoverTemps(f);
    try {
      byte[] bytes = AtomicFiles.readIfExists(f);
      if (bytes != null) store.read(bytes);
    } catch (IOException | RuntimeException e) {
      log.warn("Notice store {} is unreadable ({}); starting empty, notices may be shown again", f, e.getMessage());
      store.entries.clear();
      AtomicFiles.quarantine(f);
    }
    return store;
  }

  public @Nullable Entry get(String id) {
    return entries.get(id);
  }

  /** The entry for {@code id}, created as seen at {@code now} when absent. */
  public Entry getOrCreate(String id, Instant now) {
    Entry e = entries.get(id);
    if (e == null) {
      e = new Entry(now);
      entries.put(id, e);
    }
    return e;
  }

  public List<String> dismissedIds() {
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (e.getValue().dismissed) ids.add(e.getKey());
    }
    return ids;
  }

  public int size() {
    return entries.size();
  }

  /**
   * Notes which ids the sources list now ({@code live}) and forgets what need not be remembered, never an id
   * in {@code live}: forgetting one would announce it again, whatever its end says (a feed may give an end
   * before the start). First go notices that ended more than {@link #RETENTION} before {@code now} and have
   * been missing from the sources' lists for as long ({@link Entry#unlistedSince}), then the least recently
   * seen beyond the cap.
   */
  public void prune(Instant now, Set<String> live) {
    Instant horizon = now.minus(RETENTION);
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry v = e.getValue();
      if (live.contains(e.getKey())) v.unlistedSince = null;
      // An absence that seems to begin after now was first seen with the clock ahead: count it from now.
      else if (v.unlistedSince == null || v.unlistedSince.isAfter(now)) v.unlistedSince = now;
    }
    entries.values().removeIf(v -> v.unlistedSince != null && v.unlistedSince.isBefore(horizon)
        && v.endsAt != null && v.endsAt.isBefore(horizon));
    if (entries.size() <= MAX_ENTRIES) return;
    List<Map.Entry<String, Entry>> bySeen = new ArrayList<>(entries.entrySet());
    bySeen.sort(Comparator.comparing((Map.Entry<String, Entry> e) -> e.getValue().seenAt));
    Iterator<Map.Entry<String, Entry>> it = bySeen.iterator();
    int excess = entries.size() - MAX_ENTRIES;
    while (excess > 0 && it.hasNext()) {
      String id = it.next().getKey();
      if (live.contains(id)) continue;
      entries.remove(id);
      excess--;
    }
  }

  /** Writes the store crash-safely; a no-op for an in-memory store. */
  public void save() throws IOException {
    if (file == null) return;
    AtomicFiles.write(file, write());
  }

  private byte[] write() {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(false);
      w.beginObject();
      w.name("version").value(VERSION);
      w.name("notices").beginArray();
      for (Map.Entry<String, Entry> e : entries.entrySet()) {
        Entry v = e.getValue();
        w.beginObject();
        w.name("id").value(e.getKey());
        w.name("seenAt").value(v.seenAt.toString());
        w.name("endsAt").value(v.endsAt == null ? null : v.endsAt.toString());
        w.name("unlistedSince").value(v.unlistedSince == null ? null : v.unlistedSince.toString());
        if (v.dismissed) w.name("dismissed").value(true);
        if (v.reminded) w.name("reminded").value(true);
        w.endObject();
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new AssertionError("writing to a memory buffer failed", e);
    }
    return buffer.readByteArray();
  }

  private void read(byte[] bytes) throws IOException {
    JsonReader r = JsonReader.of(new Buffer().write(bytes));
    JsonValues.beginObject(r);
    while (r.hasNext()) {
      String name = r.nextName();
      if (name.equals("version")) {
        int version = r.nextInt();
        if (version != VERSION) throw new IOException("unsupported store version " + version);
      } else if (name.equals("notices")) {
        JsonValues.beginArray(r);
        while (r.hasNext()) readEntry(r);
        r.endArray();
      } else {
        r.skipValue();
      }
    }
    r.endObject();
    if (r.peek() != JsonReader.Token.END_DOCUMENT) throw new IOException("unexpected content after the store object");
  }

  private void readEntry(JsonReader r) throws IOException {
    String path = r.getPath();
    String id = null;
    Instant seenAt = null;
    Instant endsAt = null;
    Instant unlistedSince = null;
    boolean dismissed = false;
    boolean reminded = false;
    JsonValues.beginObject(r);
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "id": id = JsonValues.stringOrNull(r); break;
        case "seenAt": seenAt = JsonValues.instantOrNull(r); break;
        case "endsAt": endsAt = JsonValues.instantOrNull(r); break;
        case "unlistedSince": unlistedSince = JsonValues.instantOrNull(r); break;
        case "dismissed": dismissed = JsonValues.booleanOr(r, false); break;
        case "reminded": reminded = JsonValues.booleanOr(r, false); break;
        default: r.skipValue();
      }
    }
    r.endObject();
    if (id == null) throw JsonValues.missing("id", path);
    if (seenAt == null) throw JsonValues.missing("seenAt", path);
    Entry e = new Entry(seenAt);
    e.endsAt = endsAt;
    e.unlistedSince = unlistedSince;
    e.dismissed = dismissed;
    e.reminded = reminded;
    entries.put(id, e);
  }
}
