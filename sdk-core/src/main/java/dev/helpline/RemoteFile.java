package dev.helpline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A file attached to a message at the desk: its name, type, size and where to fetch it. Immutable. */
public final class RemoteFile {
  private final String id;
  private final String fileName;
  private final String mediaType;
  private final long size;
  private final @Nullable String url;

  public RemoteFile(String id, String fileName, String mediaType, long size, @Nullable String url) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.fileName = Objects.requireNonNull(fileName, "fileName == null");
    this.mediaType = Objects.requireNonNull(mediaType, "mediaType == null");
    this.size = size;
    this.url = url;
  }

  /** The desk's id for the file. */
  public String id() {
    return id;
  }

  public String fileName() {
    return fileName;
  }

  public String mediaType() {
    return mediaType;
  }

  /** Size in bytes, or -1 when the desk does not say. */
  public long size() {
    return size;
  }

  public @Nullable String url() {
    return url;
  }

  @Override
  public String toString() {
    return "RemoteFile{" + fileName + ", " + mediaType + ", " + size + "}";
  }
}
