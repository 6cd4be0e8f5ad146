package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector;
import org.junit.jupiter.api.Test;

class DeskResolverTest {
  private final DeskResolver resolver = DeskResolver.defaults();

  private Connector resolve(String url, String token) throws CliException {
    return resolver.resolve(url, new DeskResolver.Credentials(token)).connector;
  }

  @Test
  void aPlainUrlIsTheNativeDesk() throws CliException {
    try (Connector c = resolve("http://127.0.0.1:8080", "app-key")) {
      assertEquals("Helpline Support API", c.name());
    }
  }

  @Test
  void zendeskAgentTokensFileAsABackendWithoutReads() throws CliException {
    try (Connector c = resolve("zendesk+https://acme.zendesk.com", "agent@acme.com/token:abc123")) {
      assertEquals("Zendesk", c.name());
      assertTrue(c.capabilities().contains(Capability.IDEMPOTENT_CREATE));
      assertFalse(c.capabilities().contains(Capability.LIST_TICKETS));
    }
  }

  @Test
  void zendeskUserTokensReadTheirOwnRequests() throws CliException {
    try (Connector c = resolve("zendesk+https://acme.zendesk.com", "oauth-user-token")) {
      assertTrue(c.capabilities().contains(Capability.LIST_TICKETS));
    }
  }

  @Test
  void zendeskWithoutATokenFilesAnonymously() throws CliException {
    try (Connector c = resolver.resolve("zendesk+https://acme.zendesk.com", new DeskResolver.Credentials(null)).connector) {
      assertEquals(java.util.EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS), java.util.EnumSet.copyOf(c.capabilities()));
    }
  }

  @Test
  void anSmtpUrlFilesByEmailWithoutReads() throws CliException {
    try (Connector c = resolve("smtp://app@smtp.example.com:587?from=app@example.com&to=support@example.com",
        "smtp-password")) {
      assertEquals("E-mail", c.name());
      assertEquals(java.util.EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS), java.util.EnumSet.copyOf(c.capabilities()));
      assertFalse(c.toString().contains("smtp-password"));
    }
  }

  @Test
  void anSmtpUrlWithoutTheSecretSaysWhereItGoes() {
    CliException e = assertThrows(CliException.class,
        () -> resolve("smtp://app@smtp.example.com?from=app@example.com&to=support@example.com", null));
    assertTrue(e.getMessage().contains("HELPLINE_TOKEN"), e.getMessage());
  }

  @Test
  void aBadUrlNamesTheOptionAndNeverTheToken() {
    CliException e = assertThrows(CliException.class, () -> resolve("zendesk+not a url", "secret-token"));
    assertTrue(e.getMessage().contains("--desk"), e.getMessage());
    assertFalse(e.getMessage().contains("secret-token"), e.getMessage());
  }

  @Test
  void freshdeskTakesTheApiKeyAndReadsByRequester() throws CliException {
    DeskResolver.Desk desk = resolver.resolve("freshdesk+https://acme.freshdesk.com", new DeskResolver.Credentials("fd-api-key"));
    try (Connector c = desk.connector) {
      assertEquals("Freshdesk", c.name());
      assertTrue(desk.readsNeedRequester);
    }
    CliException e = assertThrows(CliException.class, () -> resolver.resolve("freshdesk+https://acme.freshdesk.com",
        new DeskResolver.Credentials(null)));
    assertTrue(e.getMessage().contains("HELPLINE_TOKEN"), e.getMessage());
  }

  @Test
  void jsmTakesBasicOrBearerCredentialsAndNeedsItsIds() throws CliException {
    String url = "jsm+https://acme.atlassian.net/?serviceDeskId=1&requestTypeId=10&submissionField=customfield_10050";
    DeskResolver.Desk desk = resolver.resolve(url, new DeskResolver.Credentials("bot@acme.com:jsm-api-token"));
    try (Connector c = desk.connector) {
      assertEquals("Jira Service Management", c.name());
      assertTrue(desk.readsNeedRequester);
      assertFalse(c.capabilities().contains(Capability.RATE));
    }
    try (Connector c = resolve(url, "oauth-bearer-token")) {
      assertTrue(c.capabilities().contains(Capability.LIST_TICKETS));
    }
    CliException e = assertThrows(CliException.class, () -> resolve("jsm+https://acme.atlassian.net", "bot@acme.com:jsm-api-token"));
    assertTrue(e.getMessage().contains("serviceDeskId"), e.getMessage());
    assertFalse(e.getMessage().contains("jsm-api-token"), e.getMessage());
  }

  @Test
  void aRefusedDeskIsQuotedAsTypedOnceWithoutItsQueryThenTheReason() {
    CliException query = assertThrows(CliException.class,
        () -> resolve("http://127.0.0.1:18080/?token=query-SECRET", "app-key"));
    assertEquals("--desk 'http://127.0.0.1:18080/': baseUrl has a query or fragment; give the root only",
        query.getMessage());
    assertEquals(ExitCodes.REJECTED, query.exitCode());

    CliException jsm = assertThrows(CliException.class,
        () -> resolve("jsm+https://nonexistent.invalid/", "bot@acme.com:jsm-api-token"));
    assertEquals("--desk 'jsm+https://nonexistent.invalid/': needs ?serviceDeskId=…&requestTypeId=…"
        + "&submissionField=customfield_…", jsm.getMessage());
  }

  @Test
  void aRefusedDeskNeverShowsItsUserInfoNorQueryValues() {
    for (String url : new String[] {
        "jsm+https://bot:pw-SECRET@acme.atlassian.net/?serviceDeskId=1&requestTypeId=query-SECRET",
        "freshdesk+https://agent:pw-SECRET@acme.freshdesk.com/",
        "rt+https://ops:pw-SECRET@rt.example.com/?auth_token=query-SECRET"}) {
      CliException e = assertThrows(CliException.class, () -> resolve(url, "token"));
      String host = url.substring(url.indexOf('@') + 1, url.indexOf('/', url.indexOf('@')));
      String scheme = url.substring(0, url.indexOf("://"));
      assertTrue(e.getMessage().startsWith("--desk '" + scheme + "://" + host + "/': "), e.getMessage());
      assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
      assertFalse(e.getMessage().contains("(secret"), e.getMessage());
      assertEquals(1, e.getMessage().split(java.util.regex.Pattern.quote(host), -1).length - 1, e.getMessage());
    }
  }

  @Test
  void aRefusedMailDeskNamesItsHostAndNotItsUserOrParameters() {
    CliException e = assertThrows(CliException.class,
        () -> resolve("smtp://app@smtp.example.com:587?from=app@example.com", "smtp-password"));
    assertEquals("--desk 'smtp://smtp.example.com:587': the desk URL needs to=<the desk's inbound address>",
        e.getMessage());
  }
}
