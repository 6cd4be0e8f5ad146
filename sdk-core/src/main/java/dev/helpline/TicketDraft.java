package dev.helpline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a user or a service wants to report, before validation, diagnostics and redaction. Immutable;
 * build one with {@link #builder()}. Limits are not checked here but by {@link Helpline#preview} and
 * {@code submit}, against the client's {@link Limits}, so that one draft can be checked against
 * different limits.
 *
 * <pre>{@code
 * TicketDraft draft = TicketDraft.builder()
 *     .subject("Export fails")
 *     .description("Exporting a report to PDF shows an empty page.")
 *     .category("billing")
 *     .priority(Priority.HIGH)
 *     .includeLogs(true)
 *     .build();
 * }</pre>
 */
public final class TicketDraft {
  private final String subject;
  private final String description;
  private final @Nullable String category;
  private final Priority priority;
  private final List<String> tags;
  private final Map<String, String> customFields;
  private final @Nullable Requester requester;
  private final List<Attachment> attachments;
  private final boolean includeDiagnostics;
  private final boolean includeLogs;
  private final boolean includeScreenshot;

  private TicketDraft(Builder b) {
    this.subject = b.subject;
    this.description = b.description;
    this.category = b.category;
    this.priority = b.priority;
    this.tags = Collections.unmodifiableList(new ArrayList<>(b.tags));
    this.customFields = Collections.unmodifiableMap(new LinkedHashMap<>(b.customFields));
    this.requester = b.requester;
    this.attachments = Collections.unmodifiableList(new ArrayList<>(b.attachments));
    this.includeDiagnostics = b.includeDiagnostics;
    this.includeLogs = b.includeLogs;
    this.includeScreenshot = b.includeScreenshot;
  }

  /** A builder with no subject, an empty description, {@link Priority#NORMAL} and diagnostics included. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this draft's values, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The one-line summary, as given; checked by {@code preview} and {@code submit}, not here. */
  public String subject() {
    return subject;
  }

  /** The description; empty when none was given. */
  public String description() {
    return description;
  }

  /** A host-defined category (for example "billing"); connectors map it to a queue or a type. */
  public @Nullable String category() {
    return category;
  }

  /** The urgency; {@link Priority#NORMAL} unless set. */
  public Priority priority() {
    return priority;
  }

  /** The tags in the order added, duplicates kept; empty when none. Unmodifiable. */
  public List<String> tags() {
    return tags;
  }

  /** Custom fields in insertion order. */
  public Map<String, String> customFields() {
    return customFields;
  }

  /** The requester, or null to use the client's configured requester. */
  public @Nullable Requester requester() {
    return requester;
  }

  /** The user's files in the order added, without the generated ones; empty when none. Unmodifiable. */
  public List<Attachment> attachments() {
    return attachments;
  }

  /** Whether a diagnostics snapshot is attached (default true). */
  public boolean includeDiagnostics() {
    return includeDiagnostics;
  }

  /** Whether recent logs are attached (default false). */
  public boolean includeLogs() {
    return includeLogs;
  }

  /** Whether a screenshot is taken and attached (default false). */
  public boolean includeScreenshot() {
    return includeScreenshot;
  }

  @Override
  public String toString() {
    return "TicketDraft{subject=" + subject + ", category=" + category + ", priority=" + priority
        + ", attachments=" + attachments.size() + "}";
  }

  /**
   * Builds a {@link TicketDraft}. Setters throw {@link NullPointerException} for a null argument (except where
   * null is allowed) and check nothing else; {@link #build()} only requires a subject. The limits below are
   * checked by {@link Helpline#preview} and {@link Helpline#submit}, before and again after redaction, which
   * throw {@link IllegalArgumentException} naming the field, its size and the limit; the numbers are those of
   * {@link Limits#defaults()} unless the client was given other {@link Limits}. No text, single-line or not, may
   * hold an unpaired surrogate (half of a character such as an emoji, left by a cut inside it): UTF-8 cannot
   * encode one, so it would reach the desk as something other than what was previewed. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String subject;
    private String description = "";
    private @Nullable String category;
    private Priority priority = Priority.NORMAL;
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> customFields = new LinkedHashMap<>();
    private @Nullable Requester requester;
    private final List<Attachment> attachments = new ArrayList<>();
    private boolean includeDiagnostics = true;
    private boolean includeLogs;
    private boolean includeScreenshot;

    Builder() {}

    Builder(TicketDraft d) {
      subject = d.subject;
      description = d.description;
      category = d.category;
      priority = d.priority;
      tags.addAll(d.tags);
      customFields.putAll(d.customFields);
      requester = d.requester;
      attachments.addAll(d.attachments);
      includeDiagnostics = d.includeDiagnostics;
      includeLogs = d.includeLogs;
      includeScreenshot = d.includeScreenshot;
    }

    /**
     * The one-line summary (required). Not blank (spaces of any kind, such as the ideographic space, count as
     * blank, here and in the category, tags and custom-field names), at most {@link Limits#maxSubjectChars()}
     * characters (200, counted in code points), on one line: no control characters, line or paragraph separators,
     * or format characters such as bidi overrides and zero-width joiners, or unpaired surrogates.
     */
    public Builder subject(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject == null");
      return this;
    }

    /**
     * What happened, in the user's words; empty by default. At most {@link Limits#maxDescriptionBytes()} bytes of
     * UTF-8 (64 KiB); line breaks are allowed.
     */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description == null");
      return this;
    }

    /**
     * A host-defined category (for example "billing") that connectors map to a queue or type; null for none. Not
     * blank, at most 100 UTF-16 units (a fixed limit, not in {@link Limits}), with no control characters; redacted
     * like the text.
     */
    public Builder category(@Nullable String category) {
      this.category = category;
      return this;
    }

    /** The urgency; {@link Priority#NORMAL} by default. */
    public Builder priority(Priority priority) {
      this.priority = Objects.requireNonNull(priority, "priority == null");
      return this;
    }

    /**
     * Adds a tag. At most {@link Limits#maxTags()} tags (20), each not blank, at most {@link Limits#maxTagChars()}
     * UTF-16 units (64) and with no control characters. Duplicates are kept.
     */
    public Builder addTag(String tag) {
      tags.add(Objects.requireNonNull(tag, "tag == null"));
      return this;
    }

    /** Replaces the tags; the limits of {@link #addTag} apply to each. */
    public Builder tags(List<String> tags) {
      Objects.requireNonNull(tags, "tags == null");
      this.tags.clear();
      for (String t : tags) addTag(t);
      return this;
    }

    /**
     * Sets a custom field, replacing an earlier value of the same name. At most {@link Limits#maxCustomFields()}
     * fields (50); a name is not blank, at most {@link Limits#maxCustomFieldNameChars()} UTF-16 units (100) and
     * has no control characters; a value is at most {@link Limits#maxCustomFieldValueChars()} UTF-16 units (4,096) and
     * may be empty or span lines. Names and values are redacted, a value as it would be in text after its name
     * ({@code phone: 5551234567}).
     */
    public Builder customField(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      customFields.put(name, value);
      return this;
    }

    /** Replaces the custom fields; the limits of {@link #customField} apply. */
    public Builder customFields(Map<String, String> fields) {
      Objects.requireNonNull(fields, "fields == null");
      customFields.clear();
      for (Map.Entry<String, String> e : fields.entrySet()) customField(e.getKey(), e.getValue());
      return this;
    }

    /**
     * Who reports; null (the default) uses the client's configured requester. The e-mail address must be one
     * (at most {@value Requester#MAX_EMAIL_CHARS} UTF-16 units), the id and the name at most
     * {@value Requester#MAX_ID_OR_NAME_CHARS} each; none may hold control
     * characters. Only the name is redacted: the address and id are how the desk answers.
     */
    public Builder requester(@Nullable Requester requester) {
      this.requester = requester;
      return this;
    }

    /**
     * Adds a file. At most {@link Limits#maxAttachments()} files (10), each at most
     * {@link Limits#maxAttachmentBytes()} (10 MiB) and together at most {@link Limits#maxTotalAttachmentBytes()}
     * (25 MiB); a file must be a readable regular file. Sizes are checked, and files read, by {@code preview} and
     * {@code submit}, never here.
     */
    public Builder addAttachment(Attachment attachment) {
      attachments.add(Objects.requireNonNull(attachment, "attachment == null"));
      return this;
    }

    /** Replaces the attachments; the limits of {@link #addAttachment} apply. */
    public Builder attachments(List<Attachment> attachments) {
      Objects.requireNonNull(attachments, "attachments == null");
      this.attachments.clear();
      for (Attachment a : attachments) addAttachment(a);
      return this;
    }

    /** Whether a redacted diagnostics snapshot is attached; true by default. */
    public Builder includeDiagnostics(boolean include) {
      this.includeDiagnostics = include;
      return this;
    }

    /** Whether the client's recent logs, redacted, are attached; false by default. */
    public Builder includeLogs(boolean include) {
      this.includeLogs = include;
      return this;
    }

    /** Whether the client's screenshot provider is asked for a screenshot; false by default. */
    public Builder includeScreenshot(boolean include) {
      this.includeScreenshot = include;
      return this;
    }

    /** Returns an immutable draft; throws {@link IllegalStateException} when no subject was set. Checks no limit. */
    public TicketDraft build() {
      if (subject == null) throw new IllegalStateException("subject is required: call subject(...) before build()");
      return new TicketDraft(this);
    }
  }

  /**
   * The host's last word on a report, called by {@link Helpline#preview} and {@link Helpline#submit}
   * on the caller's thread after redaction and before diagnostics are attached. It may return the
   * draft unchanged, an edited copy (built with {@link TicketDraft#toBuilder()}; it is validated
   * again), or null to veto, which makes the call throw {@link SubmissionVetoedException}.
   */
  @FunctionalInterface
  public interface BeforeSubmit {
    /** Returns the draft to send, or null to veto. An exception thrown here propagates to the caller. */
    @Nullable TicketDraft apply(TicketDraft redactedDraft);
  }
}
