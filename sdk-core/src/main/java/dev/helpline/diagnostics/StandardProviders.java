package dev.helpline.diagnostics;

import dev.helpline.AppInfo;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The built-in providers behind {@link DiagnosticsProvider}'s factory methods. Each is cheap, reads no personal
 * data, and works on Android and on desktop or server JVMs. The {@code os}, {@code runtime} and {@code app}
 * sections cannot change during a process: the client collects them once and reuses them. Providers that need a
 * full JDK are in the sdk-jvm module ({@code dev.helpline.diagnostics.jvm}).
 *
 * <table>
 *   <caption>Sections and keys</caption>
 *   <tr><th>Section</th><th>Keys</th></tr>
 *   <tr><td>{@code os}</td><td>name, version, arch</td></tr>
 *   <tr><td>{@code runtime}</td><td>vendor, version, vmName, cpuCount, androidApiLevel (Android only)</td></tr>
 *   <tr><td>{@code app}</td><td>name, version, build (when known)</td></tr>
 *   <tr><td>{@code locale}</td><td>locale, timeZone, utcOffset</td></tr>
 *   <tr><td>{@code memory}</td><td>heapUsedBytes, heapFreeBytes, heapTotalBytes, heapMaxBytes (when bounded)</td></tr>
 *   <tr><td>{@code disk}</td><td>exists, freeBytes, usableBytes, totalBytes</td></tr>
 *   <tr><td>{@code custom}</td><td>the host's keys</td></tr>
 * </table>
 */
final class StandardProviders {
  private StandardProviders() {}

  /** Section {@code os}: operating system name, version and architecture. */
  public static DiagnosticsProvider os() {
    return stable("os", sink -> {
      sink.put("name", System.getProperty("os.name"));
      sink.put("version", System.getProperty("os.version"));
      sink.put("arch", System.getProperty("os.arch"));
    });
  }

  /**
   * Section {@code runtime}: Java vendor and version, VM name, available processors, and on Android
   * the API level (read reflectively, so the JVM never needs Android classes).
   */
  public static DiagnosticsProvider runtime() {
    return stable("runtime", sink -> {
      sink.put("vendor", System.getProperty("java.vendor"));
      sink.put("version", System.getProperty("java.version"));
      sink.put("vmName", System.getProperty("java.vm.name"));
      sink.put("cpuCount", Runtime.getRuntime().availableProcessors());
      sink.put("androidApiLevel", androidApiLevel());
    });
  }

  /** Section {@code app}: the host application's name, version and build. */
  public static DiagnosticsProvider app(AppInfo app) {
    Objects.requireNonNull(app, "app == null");
    return stable("app", sink -> {
      sink.put("name", app.name());
      sink.put("version", app.version());
      sink.put("build", app.build());
    });
  }

  /** Section {@code locale}: default locale as a BCP 47 tag, time zone id and its current UTC offset. */
  public static DiagnosticsProvider locale() {
    return locale(Clock.systemUTC());
  }

  /**
   * Like {@link #locale()}, the offset taken at the clock's instant. The offset comes from the default
   * {@link TimeZone} itself, daylight saving time included, so a zone of the host's own rules (a {@code
   * SimpleTimeZone} whose id the time zone database does not know) is reported too.
   */
  public static DiagnosticsProvider locale(Clock clock) {
    return provider("locale", sink -> {
      sink.put("locale", Locale.getDefault().toLanguageTag());
      TimeZone zone = TimeZone.getDefault();
      sink.put("timeZone", zone.getID());
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(zone.getOffset(clock.millis()) / 1000);
      sink.put("utcOffset", offset.equals(ZoneOffset.UTC) ? "+00:00" : offset.getId());
    });
  }

  /** Section {@code memory}: heap used, free, total and (when bounded) maximum, in bytes. */
  public static DiagnosticsProvider memory() {
    return provider("memory", sink -> {
      Runtime rt = Runtime.getRuntime();
      long total = rt.totalMemory();
      long free = rt.freeMemory();
      sink.put("heapUsedBytes", total - free);
      sink.put("heapFreeBytes", free);
      sink.put("heapTotalBytes", total);
      long max = rt.maxMemory();
      if (max != Long.MAX_VALUE) sink.put("heapMaxBytes", max);
    });
  }

  /**
   * Section {@code disk}: free, usable and total bytes of the file store holding the directory that
   * {@code dataDirectory} returns, measured at its nearest existing ancestor when it does not exist
   * yet ({@code exists} says which). The path itself is not reported: it may contain a user name.
   */
  public static DiagnosticsProvider disk(Supplier<Path> dataDirectory) {
    Objects.requireNonNull(dataDirectory, "dataDirectory == null");
    StoreCache stores = new StoreCache();
    return provider("disk", sink -> {
      Path dir = Objects.requireNonNull(dataDirectory.get(), "dataDirectory supplied null").toAbsolutePath();
      boolean exists = Files.exists(dir);
      Path probe = exists ? dir : dir.getParent();
      while (probe != null && !Files.exists(probe)) probe = probe.getParent();
      if (probe == null) throw new IOException("no existing ancestor of the data directory");
      FileStore store = stores.of(probe);
      sink.put("exists", exists);
      sink.put("freeBytes", store.getUnallocatedSpace());
      sink.put("usableBytes", store.getUsableSpace());
      sink.put("totalBytes", store.getTotalSpace());
    });
  }

  /**
   * Section {@code custom}: a copy of the host's context, taken now, in the map's iteration order.
   *
   * @throws IllegalArgumentException when a key is empty or too long, or there are too many keys
   */
  public static DiagnosticsProvider custom(Map<String, String> context) {
    Objects.requireNonNull(context, "context == null");
    Map<String, String> copy = new LinkedHashMap<>();
    DiagnosticsProvider.Sink check = Diagnostics.builder(Instant.EPOCH).section("custom");
    for (Map.Entry<String, String> e : context.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "context key == null");
      check.put(key, e.getValue());
      if (e.getValue() != null) copy.put(key, e.getValue());
    }
    return provider("custom", sink -> {
      for (Map.Entry<String, String> e : copy.entrySet()) sink.put(e.getKey(), e.getValue());
    });
  }

  /**
   * The file store of the path asked for last. Finding a path's store reads the mount table and
   * every ancestor's attributes, which costs more than the rest of a snapshot; the store, once
   * found, reads its free and total space afresh at every call.
   */
  private static final class StoreCache {
    private volatile Map.@Nullable Entry<Path, FileStore> last;

    FileStore of(Path path) throws IOException {
      Map.Entry<Path, FileStore> known = last;
      if (known != null && known.getKey().equals(path)) return known.getValue();
      FileStore store = Files.getFileStore(path);
      last = new AbstractMap.SimpleImmutableEntry<>(path, store);
      return store;
    }
  }

  private static @Nullable Integer androidApiLevel() {
    try {
      Class<?> version = Class.forName("android.os.Build$VERSION");
      Field sdkInt = version.getField("SDK_INT");
      return sdkInt.getInt(null);
    } catch (ClassNotFoundException notAndroid) {
      return null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // On a platform that has the class but not the field, the level is unknown rather than fatal.
      return null;
    }
  }

  private interface Body {
    void contribute(DiagnosticsProvider.Sink sink) throws Exception;
  }

  /** A provider whose section cannot change during a process: collected once, then reused. */
  private static DiagnosticsProvider stable(String name, Body body) {
    return new StableProvider(name, body);
  }

  private static final class StableProvider implements DiagnosticsProvider {
    private final String name;
    private final Body body;

    StableProvider(String name, Body body) {
      this.name = name;
      this.body = body;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void contribute(DiagnosticsProvider.Sink sink) throws Exception {
      body.contribute(sink);
    }

    @Override
    public boolean isStable() {
      return true;
    }

    @Override
    public String toString() {
      return "DiagnosticsProvider{" + name + ", stable}";
    }
  }

  private static DiagnosticsProvider provider(String name, Body body) {
    return new DiagnosticsProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void contribute(DiagnosticsProvider.Sink sink) throws Exception {
        body.contribute(sink);
      }

      @Override
      public String toString() {
        return "DiagnosticsProvider{" + name + "}";
      }
    };
  }
}
