package dev.helpline.internal.submit;

import dev.helpline.Attachment;
import dev.helpline.Limits;
import dev.helpline.Requester;
import dev.helpline.TicketDraft;
import dev.helpline.internal.text.EmailAddress;
import dev.helpline.internal.text.OneLine;
import dev.helpline.internal.text.SafeCut;
import dev.helpline.internal.text.Spaces;
import dev.helpline.internal.text.Surrogates;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks a draft against {@link Limits}. Every violation is an {@link IllegalArgumentException}
 * whose message names the field, the actual size and the limit, so a host can show it as is.
 */
public final class DraftValidator {
  /** Categories are short identifiers that connectors map to queues or types. */
  public static final int MAX_CATEGORY_CHARS = 100;

  private static final String AFTER_REDACTION = " after redaction (personal data is replaced by markers that can be"
      + " longer than what they replace); shorten it";

  private final Limits limits;

  public DraftValidator(Limits limits) {
    this.limits = limits;
  }

  /** @throws IllegalArgumentException naming the first field that breaks a limit */
  public void validate(TicketDraft draft) {
    checkSubject(draft.subject());
    checkDescription(draft.description());
    checkCategory(draft.category());
    checkTags(draft.tags());
    checkCustomFields(draft.customFields());
    checkRequester("requester", draft.requester());
    checkAttachments(draft.attachments());
  }

  /**
   * Validates a draft after redaction: a marker can be longer than what it replaced, so text that kept
   * a limit can break it now. The message says so, since the user's own text was within the limit.
   *
   * @throws IllegalArgumentException naming the first field that breaks a limit after redaction
   */
  public void validateRedacted(TicketDraft redacted) {
    try {
      validate(redacted);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + AFTER_REDACTION, e);
    }
  }

  /**
   * Validates the client's configured requester after redaction, which a draft that names none is filed for: its
   * name can outgrow its limit as a draft's can.
   *
   * @throws IllegalArgumentException naming the part that breaks a limit after redaction
   */
  public void validateRedactedRequester(@Nullable Requester redacted) {
    try {
      checkRequester("requester", redacted);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + AFTER_REDACTION, e);
    }
  }

  private void checkSubject(String subject) {
    if (Spaces.isBlank(subject)) throw new IllegalArgumentException("subject is blank; a ticket needs a subject");
    int chars = subject.codePointCount(0, subject.length());
    if (chars > limits.maxSubjectChars()) {
      throw new IllegalArgumentException(
          "subject is " + chars + " chars; the limit is " + limits.maxSubjectChars());
    }
    OneLine.check("subject", subject);
  }

  /**
   * Checks a reply: its body against the description limit, named "reply body" (a reply has no description), and
   * its attachments against the attachment limits.
   *
   * @throws IllegalArgumentException naming the reply body or the attachment, the size and the limit
   */
  public void validateReply(String body, List<Attachment> attachments) {
    checkText("reply body", body);
    for (Attachment a : attachments) Objects.requireNonNull(a, "attachment == null");
    checkAttachments(attachments);
  }

  /** As {@link #validateReply} for the redacted body; the message says the limit was broken by redaction. */
  public void validateRedactedReply(String redactedBody) {
    try {
      checkText("reply body", redactedBody);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + AFTER_REDACTION, e);
    }
  }

  private void checkDescription(String description) {
    checkText("description", description);
  }

  /** Holds {@code text} to the description limit, in UTF-8 bytes; {@code field} names it in the message. */
  private void checkText(String field, String text) {
    Surrogates.check(field, text);
    // No char takes more than three UTF-8 bytes (a surrogate pair four for two): most need no count.
    if (3L * text.length() <= limits.maxDescriptionBytes()) return;
    long bytes = SafeCut.utf8Length(text);
    if (bytes > limits.maxDescriptionBytes()) {
      throw new IllegalArgumentException(field + " is " + bytes + " bytes (UTF-8); the limit is "
          + limits.maxDescriptionBytes());
    }
  }

  private static void checkCategory(@Nullable String category) {
    if (category == null) return;
    if (Spaces.isBlank(category)) throw new IllegalArgumentException("category is blank; pass null for none");
    if (category.length() > MAX_CATEGORY_CHARS) {
      throw new IllegalArgumentException(
          "category is " + category.length() + " chars; the limit is " + MAX_CATEGORY_CHARS);
    }
    OneLine.check("category", category);
  }

  private void checkTags(List<String> tags) {
    if (tags.size() > limits.maxTags()) {
      throw new IllegalArgumentException("tags has " + tags.size() + " entries; the limit is " + limits.maxTags());
    }
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      if (Spaces.isBlank(tag)) throw new IllegalArgumentException("tags[" + i + "] is blank");
      if (tag.length() > limits.maxTagChars()) {
        throw new IllegalArgumentException(
            "tags[" + i + "] is " + tag.length() + " chars; the limit is " + limits.maxTagChars());
      }
      OneLine.check("tags[" + i + "]", tag);
    }
  }

  private void checkCustomFields(Map<String, String> fields) {
    if (fields.size() > limits.maxCustomFields()) {
      throw new IllegalArgumentException(
          "customFields has " + fields.size() + " entries; the limit is " + limits.maxCustomFields());
    }
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String name = e.getKey();
      if (Spaces.isBlank(name)) throw new IllegalArgumentException("customFields has a blank name");
      if (name.length() > limits.maxCustomFieldNameChars()) {
        throw new IllegalArgumentException("customFields name " + quote(name) + " is " + name.length()
            + " chars; the limit is " + limits.maxCustomFieldNameChars());
      }
      OneLine.check(() -> "customFields name " + quote(name), name);
      String value = e.getValue();
      if (value.length() > limits.maxCustomFieldValueChars()) {
        throw new IllegalArgumentException("customFields[" + quote(name) + "] is " + value.length()
            + " chars; the limit is " + limits.maxCustomFieldValueChars());
      }
      if (Surrogates.firstUnpaired(value) >= 0) Surrogates.check("customFields[" + quote(name) + "]", value);
    }
  }

  /** Checks a requester's parts; {@code field} prefixes the messages. */
  public static void checkRequester(String field, @Nullable Requester requester) {
    if (requester == null) return;
    String email = requester.email();
    if (email != null) {
      if (email.length() > Requester.MAX_EMAIL_CHARS) {
        throw new IllegalArgumentException(
            field + ".email is " + email.length() + " chars; the limit is " + Requester.MAX_EMAIL_CHARS);
      }
      if (!EmailAddress.isWellFormed(email)) {
        throw new IllegalArgumentException(field + ".email " + quote(email) + " is not an e-mail address");
      }
    }
    checkPart(field + ".id", requester.id());
    checkPart(field + ".name", requester.name());
  }

  private static void checkPart(String field, @Nullable String value) {
    if (value == null) return;
    if (value.length() > Requester.MAX_ID_OR_NAME_CHARS) {
      throw new IllegalArgumentException(
          field + " is " + value.length() + " chars; the limit is " + Requester.MAX_ID_OR_NAME_CHARS);
    }
    OneLine.check(field, value);
  }

  private void checkAttachments(List<Attachment> attachments) {
    if (attachments.size() > limits.maxAttachments()) {
      throw new IllegalArgumentException("attachments has " + attachments.size() + " files; the limit is "
          + limits.maxAttachments());
    }
    long total = 0;
    for (int i = 0; i < attachments.size(); i++) {
      Attachment a = attachments.get(i);
      AttachmentSnapshot.checkRegularFile(i, a);
      long size;
      try {
        size = a.size();
      } catch (UncheckedIOException e) {
        throw new IllegalArgumentException("attachments[" + i + "] '" + a.fileName() + "' cannot be read: "
            + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
      }
      if (a.file() != null && !Files.isReadable(a.file())) {
        throw new IllegalArgumentException("attachments[" + i + "] '" + a.fileName() + "' cannot be read: "
            + a.file() + " is not readable");
      }
      if (size > limits.maxAttachmentBytes()) {
        throw new IllegalArgumentException("attachments[" + i + "] '" + a.fileName() + "' is " + size
            + " bytes; the limit is " + limits.maxAttachmentBytes());
      }
      total += size;
    }
    if (total > limits.maxTotalAttachmentBytes()) {
      throw new IllegalArgumentException("attachments total " + total + " bytes; the limit is "
          + limits.maxTotalAttachmentBytes());
    }
  }

  /** {@code value} quoted for a message: controls and separators escaped, so a message stays one honest line. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 64) + 2).append('\'');
    for (int i = 0; i < value.length(); ) {
      if (out.length() > 60) {
        out.append('…');
        break;
      }
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (OneLine.forbids(cp)) {
        out.append(String.format(Locale.ROOT, "\\u%04X", cp));
      } else {
        out.appendCodePoint(cp);
      }
    }
    return out.append('\'').toString();
  }
}
