package dev.helpline.sample.feed;

import java.io.IOException;
import java.util.List;

/**
 * Where the sample reads service status and notices. {@link JsonStatusFeed} reads the feed JSON directly; an
 * implementation over the SDK's status monitor can replace it without touching the commands or the service.
 * Implementations block and may be called from any thread.
 */
public interface StatusFeed {
  /** The current status: overall indicator, components and scheduled maintenances. */
  StatusSnapshot status() throws IOException;

  /** Active and upcoming notices: announcements and maintenances (from the desk's notices and the status page). */
  List<Notice> notices() throws IOException;
}
