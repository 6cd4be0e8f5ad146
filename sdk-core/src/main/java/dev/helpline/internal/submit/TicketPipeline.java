package dev.helpline.internal.submit;

import dev.helpline.Attachment;
import dev.helpline.TicketDraft.BeforeSubmit;
import dev.helpline.Limits;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.SubmissionVetoedException;
import dev.helpline.TicketDraft;
import dev.helpline.diagnostics.Diagnostics;
import dev.helpline.internal.text.Spaces;
import dev.helpline.outbox.SubmissionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns a draft into what is stored and sent: validate, redact, validate the redacted draft (markers
 * can be longer than what they replace, and stored text never exceeds a limit), let the host's hook
 * edit or veto, validate again, snapshot the draft's attachments (see {@link AttachmentSnapshot}), then attach redacted diagnostics, logs and a screenshot as the draft asks.
 * Runs on the caller's thread, the built-in diagnostics providers included; the host's providers run on
 * their own executor within a budget.
 */
public final class TicketPipeline {
  private final DraftValidator validator;
  private final RedactionStep redaction;
  private final DiagnosticsStep diagnostics;
  private final @Nullable BeforeSubmit beforeSubmit;
  private final @Nullable Requester defaultRequester;

  public TicketPipeline(Limits limits, RedactionStep redaction, DiagnosticsStep diagnostics,
      @Nullable BeforeSubmit beforeSubmit, @Nullable Requester defaultRequester) {
    this.validator = new DraftValidator(limits);
    this.redaction = redaction;
    this.diagnostics = diagnostics;
    this.beforeSubmit = beforeSubmit;
    this.defaultRequester = defaultRequester;
  }

  /** What a draft becomes: the facade shows it as a {@code Preview} and stores it on submit. Immutable. */
  public static final class Prepared {
    public final TicketDraft draft;
    public final @Nullable Requester requester;
    public final @Nullable Diagnostics diagnostics;
    public final List<Attachment> attachments;
    /** What each of the draft's own attachments held when it was prepared. */
    public final List<AttachmentSnapshot> snapshots;

    Prepared(TicketDraft draft, @Nullable Requester requester, @Nullable Diagnostics diagnostics,
        List<Attachment> attachments, List<AttachmentSnapshot> snapshots) {
      this.draft = draft;
      this.requester = requester;
      this.diagnostics = diagnostics;
      this.attachments = Collections.unmodifiableList(new ArrayList<>(attachments));
      this.snapshots = Collections.unmodifiableList(new ArrayList<>(snapshots));
    }

    /** Each attachment's size as prepared: its snapshot's for the draft's own, its bytes' for a generated one. */
    public long[] sizes() {
      long[] sizes = new long[attachments.size()];
      for (int i = 0; i < sizes.length; i++) {
        sizes[i] = i < snapshots.size() ? snapshots.get(i).size : attachments.get(i).size();
      }
      return sizes;
    }
  }

  /**
   * @throws IllegalArgumentException when the draft (or the hook's edit of it), or the configured requester once
   *     redacted, breaks a limit
   * @throws SubmissionVetoedException when the host's hook vetoed it
   */
  public Prepared prepare(TicketDraft draft) {
    validator.validate(draft);
    TicketDraft redacted = redaction.draft(draft);
    validator.validateRedacted(redacted);
    if (beforeSubmit != null) {
      TicketDraft edited = beforeSubmit.apply(redacted);
      if (edited == null) throw new SubmissionVetoedException(redacted.subject());
      validator.validate(edited);
      redacted = edited;
    }
    // The configured requester goes with every draft that names none: redacted like a draft's own, here rather
    // than when the client is built, which must not pay for the redactor's start on the host's thread.
    Requester requester = redacted.requester();
    if (requester == null && defaultRequester != null) {
      requester = redaction.requester(defaultRequester);
      validator.validateRedactedRequester(requester);
    }
    List<Attachment> attachments = new ArrayList<>(redacted.attachments());
    List<AttachmentSnapshot> snapshots = new ArrayList<>(attachments.size());
    for (int i = 0; i < attachments.size(); i++) snapshots.add(AttachmentSnapshot.take(i, attachments.get(i)));
    Diagnostics snapshot = diagnostics.attach(redacted, attachments);
    return new Prepared(redacted, requester, snapshot, attachments, snapshots);
  }

  /**
   * The attachments to store for a prepared draft: the draft's own ones checked against what they held
   * when prepared (whole files cut to the size they had then), followed by the generated ones.
   *
   * @throws IllegalStateException naming the first attachment that changed since it was prepared
   */
  public static List<Attachment> verifiedAttachments(List<Attachment> attachments, List<AttachmentSnapshot> snapshots) {
    List<Attachment> out = new ArrayList<>(attachments.size());
    for (AttachmentSnapshot s : snapshots) out.add(s.verify());
    out.addAll(attachments.subList(snapshots.size(), attachments.size()));
    return out;
  }

  /** A diagnostics snapshot taken now, redacted as it would be sent. */
  public Diagnostics diagnostics() {
    return diagnostics.snapshot();
  }

  /**
   * Validates a reply, its body bounded like a draft's description and its attachments like a draft's, and returns
   * the redacted body.
   *
   * @throws IllegalArgumentException naming the reply body or the attachment that breaks a limit
   */
  public String prepareReply(String body, List<Attachment> attachments) {
    if (Spaces.isBlank(body)) throw new IllegalArgumentException("reply body is blank");
    validator.validateReply(body, attachments);
    String redacted = redaction.reply(body);
    validator.validateRedactedReply(redacted);
    return redacted;
  }

  /** The rating with its comment redacted like a reply; a comment redaction made too long is refused. */
  public Rating prepareRating(Rating rating) {
    String redacted = redaction.reply(rating.comment());
    if (redacted.equals(rating.comment())) return rating;
    int chars = redacted.codePointCount(0, redacted.length());
    if (chars > Rating.MAX_COMMENT_CHARS) {
      throw new IllegalArgumentException("rating comment is " + chars + " chars after redaction; the limit is "
          + Rating.MAX_COMMENT_CHARS);
    }
    return Rating.of(rating.score(), redacted);
  }

  /** The record the outbox stores for a previewed draft, under a new submission id. */
  public static SubmissionRecord toRecord(TicketDraft d, @Nullable Requester requester, List<Attachment> attachments,
      @Nullable String diagnosticsSummary, String submissionId, Instant createdAt) {
    return SubmissionRecord.builder()
        .submissionId(submissionId)
        .subject(d.subject())
        .description(d.description())
        .category(d.category())
        .priority(d.priority())
        .tags(d.tags())
        .customFields(d.customFields())
        .requester(requester)
        .attachments(attachments)
        .diagnosticsSummary(diagnosticsSummary)
        .createdAt(createdAt)
        .build();
  }
}
