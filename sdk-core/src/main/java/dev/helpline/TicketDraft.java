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

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this draft's values, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

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

  public Priority priority() {
    return priority;
  }

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

  /** Builds a {@link TicketDraft}. Setters reject null; {@link #build()} requires a subject. */
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

    public Builder subject(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject == null");
      return this;
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description == null");
      return this;
    }

    public Builder category(@Nullable String category) {
      this.category = category;
      return this;
    }

    public Builder priority(Priority priority) {
      this.priority = Objects.requireNonNull(priority, "priority == null");
      return this;
    }

    public Builder addTag(String tag) {
      tags.add(Objects.requireNonNull(tag, "tag == null"));
      return this;
    }

    public Builder tags(List<String> tags) {
      Objects.requireNonNull(tags, "tags == null");
      this.tags.clear();
      for (String t : tags) addTag(t);
      return this;
    }

    /** Sets a custom field, replacing an earlier value of the same name. */
    public Builder customField(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      customFields.put(name, value);
      return this;
    }

    public Builder customFields(Map<String, String> fields) {
      Objects.requireNonNull(fields, "fields == null");
      customFields.clear();
      for (Map.Entry<String, String> e : fields.entrySet()) customField(e.getKey(), e.getValue());
      return this;
    }

    public Builder requester(@Nullable Requester requester) {
      this.requester = requester;
      return this;
    }

    public Builder addAttachment(Attachment attachment) {
      attachments.add(Objects.requireNonNull(attachment, "attachment == null"));
      return this;
    }

    public Builder attachments(List<Attachment> attachments) {
      Objects.requireNonNull(attachments, "attachments == null");
      this.attachments.clear();
      for (Attachment a : attachments) addAttachment(a);
      return this;
    }

    public Builder includeDiagnostics(boolean include) {
      this.includeDiagnostics = include;
      return this;
    }

    public Builder includeLogs(boolean include) {
      this.includeLogs = include;
      return this;
    }

    public Builder includeScreenshot(boolean include) {
      this.includeScreenshot = include;
      return this;
    }

    /** @throws IllegalStateException when no subject was set */
    public TicketDraft build() {
      if (subject == null) throw new IllegalStateException("subject is required: call subject(...) before build()");
      return new TicketDraft(this);
    }
  }
}
