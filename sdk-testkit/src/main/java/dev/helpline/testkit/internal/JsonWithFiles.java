package dev.helpline.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.helpline.testkit.internal.Records.Upload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code multipart/form-data} body of one JSON part and any number of {@code attachment} file parts: the Support
 * API's creates (part {@code ticket}) and replies (part {@code message}), and the console's agent replies.
 */
final class JsonWithFiles {
  final byte[] json;
  final List<Upload> uploads;

  private JsonWithFiles(byte[] json, List<Upload> uploads) {
    this.json = json;
    this.uploads = uploads;
  }

  /**
   * Reads the request's body, its JSON part named {@code jsonPart}.
   *
   * @throws ApiException 400 naming the part when the JSON part is missing or repeated, another part is not an
   *     {@code attachment} or an attachment has no file name; 413 over the desk's limits
   */
  static JsonWithFiles read(HttpIo io, HttpExchange ex, String jsonPart) throws IOException {
    Multipart.Part found = null;
    List<Upload> uploads = new ArrayList<>();
    for (Multipart.Part p : io.readMultipart(ex, jsonPart)) {
      if (p.name.equals(jsonPart)) {
        if (found != null) {
          throw ApiException.invalid(jsonPart, "more than one '" + jsonPart + "' part");
        }
        found = p;
      } else {
        uploads.add(upload(p));
      }
    }
    if (found == null) {
      throw ApiException.invalid(jsonPart, "the multipart body has no '" + jsonPart + "' part");
    }
    return new JsonWithFiles(found.body, uploads);
  }

  private static Upload upload(Multipart.Part p) {
    if (!p.name.equals("attachment")) {
      throw ApiException.invalid(p.name, "unexpected multipart part '" + p.name + "'");
    }
    if (p.fileName == null || p.fileName.isEmpty()) {
      throw ApiException.invalid("attachment", "an attachment part needs a filename in Content-Disposition");
    }
    String type = p.contentType == null || p.contentType.isEmpty() ? "application/octet-stream" : p.contentType;
    return new Upload(p.fileName, type, p.body);
  }
}
