package dev.helpline.internal.http;

import dev.helpline.Attachment;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * A request body that streams an {@link Attachment} from {@link Attachment#openStream()} in small
 * segments, never holding the whole file. Its length is taken once, up front, so a multipart body
 * built from it has a known length; a file that changes size while being sent fails the upload
 * with an {@link IOException} rather than sending a body that disagrees with its header.
 *
 * <p>Not one-shot: every {@link #writeTo} reopens the stream, so OkHttp may retry it.
 */
public final class AttachmentBody extends RequestBody {
  private static final long SEGMENT = 8192;

  private final Attachment attachment;
  private final MediaType mediaType;
  private final long length;

  private AttachmentBody(Attachment attachment, MediaType mediaType, long length) {
    this.attachment = attachment;
    this.mediaType = mediaType;
    this.length = length;
  }

  /**
   * Returns a body for {@code attachment}.
   *
   * @throws IOException when the attachment's file cannot be read
   */
  public static AttachmentBody of(Attachment attachment) throws IOException {
    MediaType type = MediaType.parse(attachment.mediaType());
    if (type == null) {
      throw new IllegalArgumentException("attachment mediaType '" + attachment.mediaType() + "' is not a media type");
    }
    long size;
    try {
      size = attachment.size();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new AttachmentBody(attachment, type, size);
  }

  @Override
  public MediaType contentType() {
    return mediaType;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try (Source source = Okio.source(attachment.openStream())) {
      long remaining = length;
      while (remaining > 0) {
        long read = source.read(sink.getBuffer(), Math.min(SEGMENT, remaining));
        if (read == -1) {
          throw new IOException("attachment " + attachment.fileName() + " ended after " + (length - remaining)
              + " bytes; it was " + length + " bytes when the upload started");
        }
        remaining -= read;
        sink.emitCompleteSegments();
      }
      if (source.read(new Buffer(), 1) != -1) {
        throw new IOException("attachment " + attachment.fileName() + " grew beyond " + length
            + " bytes while it was being uploaded");
      }
    }
  }
}
