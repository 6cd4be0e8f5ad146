package dev.helpline.internal.notices;

import dev.helpline.internal.text.HtmlText;
import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeSource;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Scheduled maintenances of a status snapshot as {@link Notice.Type#MAINTENANCE} notices, with ids
 * {@code status-maintenance:<id>}. A window the page reports as running is active even when it
 * started early or overruns its scheduled end; completed ones are left out.
 */
public final class StatusNoticeSource implements NoticeSource {
  public static final String ID_PREFIX = "status-maintenance:";

  private final Supplier<@Nullable StatusSnapshot> snapshots;

  public StatusNoticeSource(Supplier<@Nullable StatusSnapshot> snapshots) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots == null");
  }

  @Override
  public List<Notice> fetch() {
    StatusSnapshot s = snapshots.get();
    if (s == null) return Collections.emptyList();
    List<Notice> out = new ArrayList<>();
    for (Maintenance m : s.maintenances()) {
      if (m.status() == Maintenance.Status.COMPLETED) continue;
      Instant start = m.scheduledFor();
      Instant end = m.scheduledUntil();
      if (m.status().isActive()) {
        if (start == null || start.isAfter(s.fetchedAt())) start = s.fetchedAt();
        if (end != null && !end.isAfter(s.fetchedAt())) end = null;
      }
      String body = m.latestUpdate();
      out.add(Notice.builder(ID_PREFIX + m.id(), Notice.Type.MAINTENANCE, m.name())
          .body(body == null ? "" : body)
          .plainText(body == null ? "" : HtmlText.toPlainText(body))
          .severity(Notice.Severity.WARNING)
          .startsAt(start)
          .endsAt(end)
          .url(m.shortlink())
          .build());
    }
    return out;
  }

  @Override
  public String toString() {
    return "NoticeSource{status maintenances}";
  }
}
