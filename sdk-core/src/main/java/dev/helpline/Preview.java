package dev.helpline;

import dev.helpline.diagnostics.Diagnostics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Exactly what a submission would store and send: the redacted fields, the requester, the
 * diagnostics and every attachment including the generated ones ({@code diagnostics.json},
 * {@code logs.txt}, the screenshot). Show it on a consent screen, then pass it to
 * {@link Helpline#submit(Preview)} to send precisely what the user saw. Immutable.
 *
 * <p>The draft's own attachments were read once when the preview was made, and their size and a
 * checksum recorded; {@code submit(preview)} refuses a file that no longer holds those bytes.
 */
public final class Preview {
  private final TicketDraft draft;
  private final @Nullable Requester requester;
  private final @Nullable Diagnostics diagnostics;
  private final List<Attachment> attachments;
  /** Each attachment's size when previewed. */
  private final long[] sizes;
  /**
   * What the draft's own attachments held when previewed, checked again by submit: the submit pipeline's own
   * records, carried here untyped so that this value type does not depend on the pipeline's internals.
   */
  final List<?> snapshots;

  Preview(TicketDraft draft, @Nullable Requester requester, @Nullable Diagnostics diagnostics,
      List<Attachment> attachments, long[] sizes, List<?> snapshots) {
    this.draft = draft;
    this.requester = requester;
    this.diagnostics = diagnostics;
    this.attachments = Collections.unmodifiableList(new ArrayList<>(attachments));
    this.sizes = sizes.clone();
    this.snapshots = snapshots;
  }

  /** The draft after redaction and the host's hook. */
  public TicketDraft draft() {
    return draft;
  }

  /** The draft's subject after redaction and the host's hook. */
  public String subject() {
    return draft.subject();
  }

  /** The draft's description after redaction and the host's hook; empty when none was given. */
  public String description() {
    return draft.description();
  }

  /** The requester the ticket is filed for: the draft's, or the client's. */
  public @Nullable Requester requester() {
    return requester;
  }

  /** The redacted diagnostics snapshot, or null when the draft did not ask for diagnostics. */
  public @Nullable Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The short text summary of the diagnostics that text-only desks show, or null. */
  public @Nullable String diagnosticsSummary() {
    return diagnostics != null ? diagnostics.summary() : null;
  }

  /**
   * The user's attachments followed by the generated ones, in the order they are sent. A file attachment's
   * {@link Attachment#size()} reads the file as it is now; {@link #attachmentBytes()} and {@link #toString()} show
   * the sizes recorded when the preview was made.
   */
  public List<Attachment> attachments() {
    return attachments;
  }

  /** Total bytes of all attachments, as recorded when the preview was made; reads no file. */
  public long attachmentBytes() {
    long total = 0;
    for (long size : sizes) total += size;
    return total;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("Subject: ").append(draft.subject()).append('\n');
    if (draft.category() != null) sb.append("Category: ").append(draft.category()).append('\n');
    sb.append("Priority: ").append(draft.priority()).append('\n');
    if (requester != null) {
      sb.append("Requester: ");
      if (requester.name() != null) sb.append(requester.name()).append(' ');
      if (requester.email() != null) sb.append('<').append(requester.email()).append("> ");
      if (requester.id() != null) sb.append("(id ").append(requester.id()).append(')');
      sb.append('\n');
    }
    if (!draft.tags().isEmpty()) sb.append("Tags: ").append(String.join(", ", draft.tags())).append('\n');
    draft.customFields().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    sb.append('\n').append(draft.description()).append('\n');
    if (!attachments.isEmpty()) {
      sb.append("\nAttachments:\n");
      for (int i = 0; i < attachments.size(); i++) {
        Attachment a = attachments.get(i);
        sb.append("  ").append(a.fileName()).append(" (").append(a.mediaType()).append(", ")
            .append(sizes[i]).append(" bytes)\n");
      }
    }
    return sb.toString();
  }
}
