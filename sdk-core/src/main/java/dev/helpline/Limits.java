package dev.helpline;

/**
 * Bounds on what a ticket may hold and on how much the outbox keeps on disk. Immutable; start from
 * {@link #defaults()} and tune with {@link #toBuilder()}. Each setter checks that the value lies
 * within a hard ceiling and throws {@link IllegalArgumentException} naming the setting otherwise.
 *
 * <p>A subject's length counts code points, as a person counts characters; every other length in
 * characters (custom-field names and values, tags, and TicketDraft's category and requester) counts
 * UTF-16 units, as {@link String#length()} does, so a character outside the Basic Multilingual Plane
 * (most emoji) counts twice there.
 */
public final class Limits {
  private static final Limits DEFAULTS = new Builder().build();

  private final int maxSubjectChars;
  private final int maxDescriptionBytes;
  private final int maxAttachments;
  private final long maxAttachmentBytes;
  private final long maxTotalAttachmentBytes;
  private final int maxCustomFields;
  private final int maxCustomFieldNameChars;
  private final int maxCustomFieldValueChars;
  private final int maxTags;
  private final int maxTagChars;
  private final int maxOutboxEntries;
  private final long maxOutboxBytes;

  private Limits(Builder b, long maxAttachmentBytes, long maxTotalAttachmentBytes) {
    maxSubjectChars = b.maxSubjectChars;
    maxDescriptionBytes = b.maxDescriptionBytes;
    maxAttachments = b.maxAttachments;
    this.maxAttachmentBytes = maxAttachmentBytes;
    this.maxTotalAttachmentBytes = maxTotalAttachmentBytes;
    maxCustomFields = b.maxCustomFields;
    maxCustomFieldNameChars = b.maxCustomFieldNameChars;
    maxCustomFieldValueChars = b.maxCustomFieldValueChars;
    maxTags = b.maxTags;
    maxTagChars = b.maxTagChars;
    maxOutboxEntries = b.maxOutboxEntries;
    maxOutboxBytes = b.maxOutboxBytes;
  }

  /**
   * Subject ≤ 200 characters; description ≤ 64 KiB of UTF-8; ≤ 10 attachments, each ≤ 10 MiB,
   * together ≤ 25 MiB; ≤ 50 custom fields, names ≤ 100 and values ≤ 4,096 characters; ≤ 20 tags of
   * ≤ 64 characters; outbox ≤ 500 entries and 200 MiB.
   */
  public static Limits defaults() {
    return DEFAULTS;
  }

  /** A builder holding these limits, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The longest subject, in code points. */
  public int maxSubjectChars() {
    return maxSubjectChars;
  }

  /** The longest description (and reply body), in bytes of UTF-8. */
  public int maxDescriptionBytes() {
    return maxDescriptionBytes;
  }

  /** The most files a draft or a reply may carry, not counting the generated ones. */
  public int maxAttachments() {
    return maxAttachments;
  }

  /** The largest single attachment, in bytes. */
  public long maxAttachmentBytes() {
    return maxAttachmentBytes;
  }

  /** The most bytes a draft's or reply's own attachments may hold together. */
  public long maxTotalAttachmentBytes() {
    return maxTotalAttachmentBytes;
  }

  /** The most custom fields on a draft. */
  public int maxCustomFields() {
    return maxCustomFields;
  }

  /** The longest custom-field name, in UTF-16 units. */
  public int maxCustomFieldNameChars() {
    return maxCustomFieldNameChars;
  }

  /** The longest custom-field value, in UTF-16 units. */
  public int maxCustomFieldValueChars() {
    return maxCustomFieldValueChars;
  }

  /** The most tags on a draft. */
  public int maxTags() {
    return maxTags;
  }

  /** The longest tag, in UTF-16 units. */
  public int maxTagChars() {
    return maxTagChars;
  }

  /** The most submissions the outbox keeps, pending and failed; one more throws {@link OutboxFullException}. */
  public int maxOutboxEntries() {
    return maxOutboxEntries;
  }

  /** The most bytes the outbox keeps, pending and failed; a submission beyond it throws {@link OutboxFullException}. */
  public long maxOutboxBytes() {
    return maxOutboxBytes;
  }

  /**
   * Builds {@link Limits}. Each setter throws {@link IllegalArgumentException} naming the setting when the value
   * lies outside its range; {@link #build()} checks the settings against each other. Not thread-safe.
   */
  public static final class Builder {
    private static final long MIB = 1024L * 1024L;

    private int maxSubjectChars = 200;
    private int maxDescriptionBytes = 64 * 1024;
    private int maxAttachments = 10;
    private long maxAttachmentBytes = 10 * MIB;
    private long maxTotalAttachmentBytes = 25 * MIB;
    private int maxCustomFields = 50;
    private int maxCustomFieldNameChars = 100;
    private int maxCustomFieldValueChars = 4096;
    private int maxTags = 20;
    private int maxTagChars = 64;
    private int maxOutboxEntries = 500;
    private long maxOutboxBytes = 200 * MIB;
    private boolean attachmentBytesSet;
    private boolean totalAttachmentBytesSet;

    Builder() {}

    Builder(Limits l) {
      maxSubjectChars = l.maxSubjectChars;
      maxDescriptionBytes = l.maxDescriptionBytes;
      maxAttachments = l.maxAttachments;
      maxAttachmentBytes = l.maxAttachmentBytes;
      maxTotalAttachmentBytes = l.maxTotalAttachmentBytes;
      maxCustomFields = l.maxCustomFields;
      maxCustomFieldNameChars = l.maxCustomFieldNameChars;
      maxCustomFieldValueChars = l.maxCustomFieldValueChars;
      maxTags = l.maxTags;
      maxTagChars = l.maxTagChars;
      maxOutboxEntries = l.maxOutboxEntries;
      maxOutboxBytes = l.maxOutboxBytes;
    }

    /** 1 to 1,000. */
    public Builder maxSubjectChars(int value) {
      maxSubjectChars = (int) check("maxSubjectChars", value, 1, 1000);
      return this;
    }

    /** 0 to 1 MiB. */
    public Builder maxDescriptionBytes(int value) {
      maxDescriptionBytes = (int) check("maxDescriptionBytes", value, 0, MIB);
      return this;
    }

    /** 0 to 50. */
    public Builder maxAttachments(int value) {
      maxAttachments = (int) check("maxAttachments", value, 0, 50);
      return this;
    }

    /**
     * 1 byte to 100 MiB, and at most {@link #maxTotalAttachmentBytes}. Not set on this builder, it follows a
     * smaller total.
     */
    public Builder maxAttachmentBytes(long value) {
      maxAttachmentBytes = check("maxAttachmentBytes", value, 1, 100 * MIB);
      attachmentBytesSet = true;
      return this;
    }

    /**
     * 1 byte to 250 MiB, and at most {@link #maxOutboxBytes}. Not set on this builder, it follows a smaller
     * outbox, so that every draft the limits let through can also be queued.
     */
    public Builder maxTotalAttachmentBytes(long value) {
      maxTotalAttachmentBytes = check("maxTotalAttachmentBytes", value, 1, 250 * MIB);
      totalAttachmentBytesSet = true;
      return this;
    }

    /** 0 to 200. */
    public Builder maxCustomFields(int value) {
      maxCustomFields = (int) check("maxCustomFields", value, 0, 200);
      return this;
    }

    /** 1 to 255. */
    public Builder maxCustomFieldNameChars(int value) {
      maxCustomFieldNameChars = (int) check("maxCustomFieldNameChars", value, 1, 255);
      return this;
    }

    /** 1 to 64 Ki characters. */
    public Builder maxCustomFieldValueChars(int value) {
      maxCustomFieldValueChars = (int) check("maxCustomFieldValueChars", value, 1, 64 * 1024);
      return this;
    }

    /** 0 to 100. */
    public Builder maxTags(int value) {
      maxTags = (int) check("maxTags", value, 0, 100);
      return this;
    }

    /** 1 to 255. */
    public Builder maxTagChars(int value) {
      maxTagChars = (int) check("maxTagChars", value, 1, 255);
      return this;
    }

    /** 1 to 100,000. */
    public Builder maxOutboxEntries(int value) {
      maxOutboxEntries = (int) check("maxOutboxEntries", value, 1, 100_000);
      return this;
    }

    /** 1 MiB to 10 GiB. */
    public Builder maxOutboxBytes(long value) {
      maxOutboxBytes = check("maxOutboxBytes", value, MIB, 10 * 1024 * MIB);
      return this;
    }

    /**
     * Lowers the attachment limits not set on this builder to a smaller outbox's bound (the single one to the
     * total), then builds.
     *
     * @throws IllegalArgumentException when the attachments set on this builder may be larger than the outbox, or
     *     one attachment larger than all together
     */
    public Limits build() {
      long total = maxTotalAttachmentBytes;
      if (total > maxOutboxBytes) {
        if (totalAttachmentBytesSet) {
          throw new IllegalArgumentException("maxTotalAttachmentBytes (" + total + ") exceeds maxOutboxBytes ("
              + maxOutboxBytes + "): attachments that large could never be queued");
        }
        total = maxOutboxBytes;
      }
      long single = maxAttachmentBytes;
      if (single > total) {
        if (attachmentBytesSet) {
          throw new IllegalArgumentException("maxAttachmentBytes (" + single + ") exceeds maxTotalAttachmentBytes ("
              + total + ")");
        }
        single = total;
      }
      return new Limits(this, single, total);
    }

    private static long check(String name, long value, long min, long max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " is " + value + "; it must lie between " + min + " and " + max);
      }
      return value;
    }
  }
}
