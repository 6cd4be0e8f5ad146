package dev.helpline.internal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Files of the kernel's pseudo file systems, {@code /proc} and {@code /sys}: they are regular files that
 * report a size (often 0) which is not their content, so nothing measured from them holds when they are read.
 * The one place both whole-file attachments and regions are checked against.
 */
public final class KernelFiles {
  private KernelFiles() {}

  /**
   * The name of the kernel file system {@code file} really is in ({@code "proc"} or {@code "sys"}), with
   * symbolic links resolved; null for any other file.
   *
   * @throws IOException when the file cannot be resolved (it is gone, say)
   */
  public static @Nullable String fileSystemOf(Path file) throws IOException {
    Path real = file.toRealPath();
    if (real.getNameCount() == 0 || real.getRoot() == null || !"/".equals(real.getRoot().toString())) return null;
    String first = real.getName(0).toString();
    String lower = first.toLowerCase(Locale.ROOT);
    return lower.equals("proc") || lower.equals("sys") ? first : null;
  }
}
