package dev.helpline.internal.delivery;

import dev.helpline.Attachment;
import dev.helpline.outbox.SubmissionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class Tickets {
  private Tickets() {}

  static SubmissionRecord ticket(String subject, Instant createdAt) {
    return SubmissionRecord.builder()
        .submissionId(UUID.randomUUID().toString())
        .subject(subject)
        .description("details of " + subject)
        .createdAt(createdAt)
        .attachments(List.of(Attachment.ofBytes("log.txt", "text/plain", ("log of " + subject).getBytes(StandardCharsets.UTF_8))))
        .build();
  }
}
