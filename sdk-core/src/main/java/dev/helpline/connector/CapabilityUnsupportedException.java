package dev.helpline.connector;

import dev.helpline.HelplineException;

/** The configured desk cannot do what was asked (for example, Request Tracker has no satisfaction ratings). */
public final class CapabilityUnsupportedException extends HelplineException {
  private final Capability capability;

  /** An exception saying that the connector named {@code connectorName} lacks {@code capability}. */
  public CapabilityUnsupportedException(String connectorName, Capability capability) {
    super(connectorName + " does not support " + capability.description()
        + "; check helpline.capabilities() before offering it");
    this.capability = capability;
  }

  /** The capability the connector lacks. */
  public Capability capability() {
    return capability;
  }
}
