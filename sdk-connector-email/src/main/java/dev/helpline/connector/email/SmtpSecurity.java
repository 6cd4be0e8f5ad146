package dev.helpline.connector.email;

/** How the connection to the mail server is protected. */
public enum SmtpSecurity {
  /**
   * Plain SMTP upgraded with STARTTLS before anything else is sent; a server that does not offer STARTTLS is
   * refused and nothing (no credentials, no message) crosses in clear. The default, usually on port 587.
   */
  STARTTLS_REQUIRED,
  /**
   * STARTTLS when the server offers it, otherwise plain text, credentials included. Only for a relay on a
   * trusted network (a local MTA on port 25).
   */
  STARTTLS_OPPORTUNISTIC,
  /** TLS from the first byte (implicit TLS, "SMTPS"), usually on port 465. */
  SMTPS
}
