package dev.helpline.connector.jsm;

import static dev.helpline.internal.json.JsonTree.list;
import static dev.helpline.internal.json.JsonTree.objectAt;

import dev.helpline.Attachment;
import dev.helpline.Message.RemoteFile;
import dev.helpline.connector.Connector.UploadProgress;
import dev.helpline.internal.http.AttachmentBody;
import dev.helpline.internal.http.JsonCalls;
import dev.helpline.internal.http.OneShotBody;
import dev.helpline.internal.http.ProgressRequestBody;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/** Files on requests: temporary attachments on the service desk, then attached to a request. */
final class JsmAttachments {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private final JsonCalls http;
  private final HttpUrl site;
  private final String serviceDeskId;

  JsmAttachments(JsonCalls http, HttpUrl site, String serviceDeskId) {
    this.http = http;
    this.site = site;
    this.serviceDeskId = serviceDeskId;
  }

  private HttpUrl url(String path) {
    return site.newBuilder().addPathSegments(path).build();
  }

  /** Attaches the files the request lacks, by file name: a retry after a failed attach finishes the job. */
  void attachMissing(String key, List<Attachment> attachments, List<AttachmentBody> files, UploadProgress progress)
      throws IOException {
    if (files.isEmpty()) return;
    Set<String> present = new HashSet<>();
    for (RemoteFile f : requestAttachments(key)) present.add(f.fileName());
    List<Attachment> missing = new ArrayList<>();
    List<AttachmentBody> bodies = new ArrayList<>();
    for (int i = 0; i < attachments.size(); i++) {
      if (!present.contains(attachments.get(i).fileName())) {
        missing.add(attachments.get(i));
        bodies.add(files.get(i));
      }
    }
    if (!missing.isEmpty()) attach(key, missing, bodies, progress, null);
  }

  /** Temporary files (streamed multipart, {@code X-Atlassian-Token: no-check}), then attached publicly; returns the answer. */
  Map<String, Object> attach(String key, List<Attachment> attachments, List<AttachmentBody> files, UploadProgress progress,
      @Nullable String comment) throws IOException {
    MultipartBody.Builder mb = new MultipartBody.Builder().setType(MultipartBody.FORM);
    for (int i = 0; i < files.size(); i++) mb.addFormDataPart("file", attachments.get(i).fileName(), files.get(i));
    HttpUrl u = url("rest/servicedeskapi/servicedesk").newBuilder().addPathSegment(serviceDeskId).addPathSegment("attachTemporaryFile").build();
    List<String> ids = http.send(new Request.Builder().url(u).header("X-Atlassian-Token", "no-check").header("X-ExperimentalApi", "opt-in")
        .post(OneShotBody.of(new ProgressRequestBody(mb.build(), progress))), json -> {
          List<String> out = new ArrayList<>();
          List<?> temp = list(objectAt(json, "$"), "temporaryAttachments", "$");
          for (int i = 0; i < temp.size(); i++) {
            out.add(JsonTree.string(objectAt(temp.get(i), "$.temporaryAttachments[" + i + "]"), "temporaryAttachmentId",
                "$.temporaryAttachments[" + i + "]"));
          }
          return out;
        });
    HttpUrl a = url("rest/servicedeskapi/request").newBuilder().addPathSegment(key).addPathSegment("attachment").build();
    return http.send(new Request.Builder().url(a).header("X-ExperimentalApi", "opt-in")
        .post(OneShotBody.of(RequestBody.create(JsmJson.attach(ids, comment), JSON))), json -> objectAt(json, "$"));
  }

  /**
   * Every file of the request, over as many pages as Jira serves (at most 5,000 files); each page starts after
   * the files the one before held, since Jira may serve fewer than the limit asked for.
   */
  List<RemoteFile> requestAttachments(String key) throws IOException {
    HttpUrl base = url("rest/servicedeskapi/request").newBuilder().addPathSegment(key).addPathSegment("attachment")
        .addQueryParameter("limit", "100").build();
    List<RemoteFile> all = new ArrayList<>();
    boolean[] last = new boolean[1];
    for (int start = 0; start < 5000; ) {
      HttpUrl u = base.newBuilder().addQueryParameter("start", Integer.toString(start)).build();
      List<RemoteFile> page = http.send(new Request.Builder().url(u).header("X-ExperimentalApi", "opt-in").get(), json -> {
        last[0] = JsonTree.bool(objectAt(json, "$"), "isLastPage", true, "$");
        return JsmJson.attachments(list(objectAt(json, "$"), "values", "$"), "$.values");
      });
      all.addAll(page);
      if (last[0] || page.isEmpty()) break;
      start += page.size();
    }
    return all;
  }
}
