package dev.helpline.diagnostics;

/** The parts of a report a {@link Redactor} is applied to; each can be opted out separately. */
public enum RedactionField {
  /** The ticket subject. */
  SUBJECT,
  /** The ticket description. */
  DESCRIPTION,
  /** Values of custom fields. */
  CUSTOM_FIELDS,
  /** Recent log lines attached to a report. */
  LOGS,
  /** Collected diagnostics values (device, runtime, network, ...). */
  DIAGNOSTICS
}
