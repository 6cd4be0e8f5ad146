package dev.helpline.connector.freshdesk;

import dev.helpline.DeskException;
import dev.helpline.internal.http.JsonCalls;
import dev.helpline.internal.json.JsonTree;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Who a ticket's requester is. A Freshdesk contact has one primary address, which {@code include=requester} shows, and
 * any number of others ({@code other_emails}, such as those of contacts merged into it); tickets filed with any of
 * them belong to the contact.
 */
final class FreshdeskContacts {
  private FreshdeskContacts() {}

  /**
   * Whether {@code email} (lower case) is the ticket's requester: the contact's primary address, or else one of its
   * other addresses ({@code GET /api/v2/contacts/{id}}, asked only then). A contact Freshdesk does not show to this
   * agent (HTTP 403 or 404) is someone else.
   */
  static boolean isRequester(JsonCalls http, HttpUrl contacts, FreshdeskJson.Remote ticket, String email) throws IOException {
    if (email.equalsIgnoreCase(FreshdeskJson.lower(ticket.requesterEmail))) return true;
    if (ticket.requesterId < 0) return false;
    HttpUrl u = contacts.newBuilder().addPathSegment(Long.toString(ticket.requesterId)).build();
    try {
      return http.send(new Request.Builder().url(u).get(), json -> {
        for (Object other : JsonTree.list(JsonTree.objectAt(json, "$"), "other_emails", "$")) {
          if (other instanceof String && email.equalsIgnoreCase(((String) other).trim())) return true;
        }
        return false;
      });
    } catch (DeskException e) {
      if (e.httpStatus() == 403 || e.httpStatus() == 404) return false;
      throw e;
    }
  }
}
