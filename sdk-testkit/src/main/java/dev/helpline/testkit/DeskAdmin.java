package dev.helpline.testkit;

import dev.helpline.testkit.internal.ApiException;
import dev.helpline.testkit.internal.DeskState;
import dev.helpline.testkit.internal.Json;
import dev.helpline.testkit.internal.Records;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The agent's side of the desk: replies, status changes, service status, notices and articles. Changes are visible
 * to the next API request. Bad input throws {@link IllegalArgumentException} naming the field; an unknown ticket id
 * throws IllegalArgumentException starting with {@code "ticketId:"}. Thread-safe.
 */
public final class DeskAdmin {
  private final DeskState state;

  DeskAdmin(DeskState state) {
    this.state = state;
  }

  /** Adds an agent message (author {@code agent}, authorName "Support"); a {@code new} ticket becomes {@code open}. */
  public void reply(String ticketId, String body) {
    state.agentReply(Objects.requireNonNull(ticketId, "ticketId == null"), Objects.requireNonNull(body, "body == null"),
        List.of());
  }

  /** Sets the ticket's status: new, open, pending, on_hold, solved, closed or rejected. */
  public void setStatus(String ticketId, String status) {
    state.setStatus(Objects.requireNonNull(ticketId, "ticketId == null"), Objects.requireNonNull(status, "status == null"));
  }

  /** Replaces the whole status summary with raw Statuspage v2 summary JSON (must have status.indicator). */
  public void publishStatus(String summaryJson) {
    state.publishStatus(Objects.requireNonNull(summaryJson, "summaryJson == null"));
  }

  /** Sets the overall indicator (none, minor, major, critical, maintenance) and its description. */
  public void setIndicator(String indicator, String description) {
    state.setIndicator(Objects.requireNonNull(indicator, "indicator == null"),
        Objects.requireNonNull(description, "description == null"));
  }

  /**
   * Sets the status of the component with this name, adding it if absent. Status: operational,
   * degraded_performance, partial_outage, major_outage or under_maintenance. The overall indicator is unchanged.
   */
  public void setComponent(String name, String status) {
    state.setComponent(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(status, "status == null"));
  }

  /**
   * Adds an unresolved incident to the summary, newest first, with one update carrying {@code body}. Status:
   * investigating, identified or monitoring; impact: none, minor, major or critical. Returns its id.
   */
  public String addIncident(String name, String status, String impact, String body) {
    return state.addIncident(Objects.requireNonNull(name, "name == null"),
        Objects.requireNonNull(status, "status == null"), Objects.requireNonNull(impact, "impact == null"),
        Objects.requireNonNull(body, "body == null"));
  }

  /**
   * Adds a scheduled maintenance window to the summary; its status (scheduled, in_progress or completed) follows
   * from the window and the desk's clock at the time of the call. Returns its id. To also show it as an in-app
   * notice, publish a notice of type maintenance.
   */
  public String addMaintenance(String name, Instant startsAt, Instant endsAt, String body) {
    return state.addMaintenance(Objects.requireNonNull(name, "name == null"),
        Objects.requireNonNull(startsAt, "startsAt == null").toString(),
        Objects.requireNonNull(endsAt, "endsAt == null").toString(), Objects.requireNonNull(body, "body == null"));
  }

  /** Removes an incident or maintenance window by id; returns whether it existed. */
  public boolean removeStatusEvent(String id) {
    return state.removeStatusEvent(Objects.requireNonNull(id, "id == null"));
  }

  /**
   * Adds or replaces (by id) one notice given as the JSON of one notice object of {@code GET /v1/notices}; id and
   * type are required, missing optional fields get their defaults (severity info, empty targeting).
   */
  public void publishNotice(String noticeJson) {
    Objects.requireNonNull(noticeJson, "noticeJson == null");
    try {
      state.publishNotice(Json.parseObject(noticeJson, "noticeJson"));
    } catch (ApiException e) {
      throw new IllegalArgumentException(e.field() + ": " + e.getMessage(), e);
    }
  }

  /** Removes a notice; returns whether it existed. */
  public boolean removeNotice(String id) {
    return state.removeNotice(Objects.requireNonNull(id, "id == null"));
  }

  /** Adds or replaces (by id) an article for every locale. */
  public void addArticle(String id, String title, String body, String url) {
    addArticle(id, title, body, url, null);
  }

  /** Adds or replaces (by id) an article; with a locale (e.g. "de") it is only found by searches for that locale
   * (or a more specific one, e.g. "de-AT") and by searches without a locale. */
  public void addArticle(String id, String title, String body, String url, @Nullable String locale) {
    state.addArticle(new Records.Article(Objects.requireNonNull(id, "id == null"),
        Objects.requireNonNull(title, "title == null"), Objects.requireNonNull(body, "body == null"),
        Objects.requireNonNull(url, "url == null"), locale));
  }
}
