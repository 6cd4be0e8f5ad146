package dev.helpline.sample.service;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Tells jobs whether a component is in a maintenance window now. {@link FeedMaintenanceWindows} reads a status
 * feed; an implementation over the SDK's status monitor can replace it. Implementations are thread-safe.
 */
public interface MaintenanceWindows {
  /** Why {@code component} is under maintenance now (for the log), or null when it is not. */
  @Nullable String activeMaintenance(String component) throws IOException;
}
