package dev.helpline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The host application: name, version and an optional build identifier. Immutable. */
public final class AppInfo {
  private final String name;
  private final String version;
  private final @Nullable String build;

  private AppInfo(String name, String version, @Nullable String build) {
    this.name = name;
    this.version = version;
    this.build = build;
  }

  /**
   * Returns app info for {@code name} at {@code version}, with an optional {@code build} (a build
   * number or commit). Throws {@link IllegalArgumentException} when name or version is blank.
   */
  public static AppInfo of(String name, String version, @Nullable String build) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    if (name.trim().isEmpty()) throw new IllegalArgumentException("app name is blank");
    if (version.trim().isEmpty()) throw new IllegalArgumentException("app version is blank");
    return new AppInfo(name, version, build);
  }

  /** App info without a build identifier. */
  public static AppInfo of(String name, String version) {
    return of(name, version, null);
  }

  /** The app's name as given; never blank. */
  public String name() {
    return name;
  }

  /** The app's version as given, for example {@code 2.4.1}; never blank. */
  public String version() {
    return version;
  }

  /** The build number or commit, or null when none was given. */
  public @Nullable String build() {
    return build;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof AppInfo)) return false;
    AppInfo that = (AppInfo) o;
    return name.equals(that.name) && version.equals(that.version) && Objects.equals(build, that.build);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, version, build);
  }

  @Override
  public String toString() {
    return name + " " + version + (build != null ? " (" + build + ")" : "");
  }
}
