package dev.helpline.connector.rt;

import dev.helpline.Priority;
import dev.helpline.TicketStatus;
import dev.helpline.connector.NewTicket;
import dev.helpline.connector.UserAuth;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Pure mappings between Helpline's model and RT's fields, and the checks of ids, e-mails and settings
 * that go into TicketSQL and headers.
 */
final class RtMapping {
  private RtMapping() {}

  static String email(UserAuth user) {
    Objects.requireNonNull(user, "user == null");
    String email = user.requester().email();
    if (email == null) {
      throw new IllegalArgumentException("user.requester().email is null; Request Tracker identifies requesters by e-mail");
    }
    return email;
  }

  static String ticketNumber(String ticketId) {
    Objects.requireNonNull(ticketId, "ticketId == null");
    if (!isNumber(ticketId)) {
      throw new IllegalArgumentException("ticketId '" + ticketId + "' is not a Request Tracker ticket number");
    }
    return ticketId;
  }

  static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 18) return false;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    }
    return true;
  }

  /** Escapes a value for a single-quoted TicketSQL string. */
  static String sqlString(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }

  static TicketStatus status(@Nullable String rt) {
    if (rt == null) return TicketStatus.UNKNOWN;
    switch (rt.toLowerCase(Locale.ROOT)) {
      case "new": return TicketStatus.NEW;
      case "open": return TicketStatus.OPEN;
      case "stalled": return TicketStatus.ON_HOLD;
      case "resolved": return TicketStatus.SOLVED;
      case "rejected": return TicketStatus.REJECTED;
      case "deleted": return TicketStatus.CLOSED;
      default: return TicketStatus.UNKNOWN;
    }
  }

  static int priorityValue(Priority p) {
    switch (p) {
      case LOW: return 10;
      case HIGH: return 75;
      case URGENT: return 100;
      default: return 50;
    }
  }

  /** The nearest of 10/50/75/100; 0 and below is RT's "no priority set". */
  static @Nullable Priority priority(long rt) {
    if (rt <= 0) return null;
    if (rt >= 88) return Priority.URGENT;
    if (rt >= 63) return Priority.HIGH;
    if (rt >= 30) return Priority.NORMAL;
    return Priority.LOW;
  }

  static String content(NewTicket ticket) {
    String summary = ticket.diagnosticsSummary();
    if (summary == null || summary.trim().isEmpty()) return ticket.description();
    return ticket.description() + "\n\n-- \nDiagnostics\n" + summary;
  }

  static String nonEmpty(String field, String value) {
    Objects.requireNonNull(value, field + " == null");
    if (value.trim().isEmpty()) throw new IllegalArgumentException(field + " is empty");
    return value;
  }

  /** Header values: no line breaks. Never echoes the value, which may be a secret. */
  static void checkSecret(String field, String value) {
    if (value.isEmpty()) throw new IllegalArgumentException(field + " is empty");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) throw new IllegalArgumentException(field + " contains a control character");
    }
  }
}
