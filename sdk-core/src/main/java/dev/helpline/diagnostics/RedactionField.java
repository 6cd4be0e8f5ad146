package dev.helpline.diagnostics;

/** The parts of a report a {@link Redactor} is applied to; each can be opted out separately. */
public enum RedactionField {
  /** The ticket subject. */
  SUBJECT,
  /** The ticket description. */
  DESCRIPTION,
  /** Names and values of custom fields. */
  CUSTOM_FIELDS,
  /** Tags and the category. */
  TAGS,
  /**
   * The requester's display name. The requester's e-mail address and id are never redacted: they are
   * how the desk reaches the user, and the user gave them for that.
   */
  REQUESTER_NAME,
  /** Recent log lines attached to a report. */
  LOGS,
  /** Collected diagnostics values (device, runtime, network, ...). */
  DIAGNOSTICS
}
