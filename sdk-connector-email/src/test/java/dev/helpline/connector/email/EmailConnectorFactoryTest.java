package dev.helpline.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.connector.CapabilityUnsupportedException;
import dev.helpline.connector.Capability;
import dev.helpline.connector.Connector;
import dev.helpline.connector.ConnectorFactory;
import dev.helpline.connector.UserAuth;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** smtp:// and smtps:// desk URLs, found through ConnectorFactory by their own scheme. */
class EmailConnectorFactoryTest {
  private static final String SECRET = "app-password-123";

  @Test
  void smtpUrlBuildsACreateOnlyConnectorThatRequiresStartTls() {
    try (Connector c = ConnectorFactory.connect(
        "smtp://app%40example.com@smtp.example.com:2587?from=Acme%20Notes%20%3Capp@example.com%3E&to=help+desk@desk.test"
            + "&to.billing=billing@desk.test&sendTimeout=45s&connectTimeout=500ms", SECRET)) {
      EmailConnector e = assertInstanceOf(EmailConnector.class, c);
      assertEquals("E-mail", c.name());
      assertEquals(EnumSet.of(Capability.CREATE, Capability.ATTACHMENTS), EnumSet.copyOf(c.capabilities()));
      assertEquals(UserAuth.Requirement.NOTHING, c.userAuthRequirement());
      assertEquals("EmailConnector{starttls_required smtp.example.com:2587, user app@example.com, secret ***,"
          + " from app@example.com, to help+desk@desk.test and 1 per category}", c.toString());
      assertFalse(c.toString().contains(SECRET));
      assertEquals("billing@desk.test", e.deskAddress("Billing").getAddress());
      assertEquals("help+desk@desk.test", e.deskAddress("other").getAddress());
      assertEquals("help+desk@desk.test", e.deskAddress(null).getAddress());
    }
  }

  @Test
  void readsAreRefusedByCapability() {
    Connector c = ConnectorFactory.connect("smtp://relay.internal:25?from=app@example.com&to=support@desk.test"
        + "&starttls=opportunistic&smtputf8=true", null);
    UserAuth auth = UserAuth.of(dev.helpline.Requester.ofEmail("ada@example.com"), null);
    assertEquals(Capability.GET_TICKET,
        assertThrows(CapabilityUnsupportedException.class, () -> c.getTicket(auth, "1", null)).capability());
    assertEquals(Capability.LIST_TICKETS,
        assertThrows(CapabilityUnsupportedException.class, () -> c.listTickets(auth, null)).capability());
    assertEquals(Capability.MESSAGES,
        assertThrows(CapabilityUnsupportedException.class, () -> c.messages(auth, "1")).capability());
    assertEquals(Capability.REPLY, assertThrows(CapabilityUnsupportedException.class,
        () -> c.reply(auth, "1", "hi", java.util.List.of())).capability());
    assertTrue(c.toString().startsWith("EmailConnector{starttls_opportunistic relay.internal:25"), c.toString());
    assertTrue(c.toString().endsWith(", SMTPUTF8}"), c.toString());
  }

  @Test
  void smtpsUrlUsesImplicitTlsOnPort465AndXoauth2() {
    Connector c = ConnectorFactory.connect("smtps://app@example.com@smtp.gmail.com?auth=xoauth2&from=app@example.com"
        + "&to=support@desk.test", "ya29.token");
    assertEquals("EmailConnector{smtps smtp.gmail.com:465, user app@example.com (XOAUTH2), secret ***,"
        + " from app@example.com, to support@desk.test}", c.toString());
  }

  @Test
  void badUrlsSayWhatIsWrongAndNeverShowTheSecret() {
    String[][] cases = {
        {"smtp://smtp.example.com?to=support@desk.test", "from="},
        {"smtp://smtp.example.com?from=app@example.com", "to="},
        {"smtp://app:" + SECRET + "@smtp.example.com?from=a@b.c&to=d@e.f", "never in the URL"},
        {"smtp://app@smtp.example.com?from=a@b.c&to=d@e.f&starttls=sometimes", "starttls=sometimes"},
        {"smtps://app@smtp.example.com?from=a@b.c&to=d@e.f&starttls=required", "does not apply to smtps"},
        {"smtp://smtp.example.com?from=a@b.c&to=d@e.f&bcc=x@y.z", "unknown desk URL parameter 'bcc'"},
        {"smtp://smtp.example.com?from=a@b.c&to=d@e.f%0D%0ABcc:x@y.z", "control character"},
        {"smtp://smtp.example.com?from=a@b.c&to=one@x.y,two@x.y", "not one e-mail address"},
        {"smtp://smtp.example.com?from=a@b.c&to=d@e.f&sendTimeout=soon", "duration"},
        {"smtp://smtp.example.com?from=a@b.c&to=d@e.f&smtputf8=yes", "smtputf8=yes is not true or false"},
        {"smtp://smtp.example.com:70000?from=a@b.c&to=d@e.f", "port is 70000"},
        {"smtp://smtp.example.com?from=a@b.c&to=d@e.f", "no user"},
    };
    for (String[] c : cases) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectorFactory.connect(c[0], SECRET),
          c[0]);
      assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
      assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }
    IllegalArgumentException noSecret = assertThrows(IllegalArgumentException.class,
        () -> ConnectorFactory.connect("smtp://app@smtp.example.com?from=a@b.c&to=d@e.f", null));
    assertTrue(noSecret.getMessage().contains("password as the secret"), noSecret.getMessage());
  }

  @Test
  void aBadPercentEncodingNamesThePartOfTheUrlItIsIn() {
    String[][] cases = {
        {"smtp://app%ZZ@smtp.example.com?from=a@b.c&to=d@e.f", "user"},
        {"smtp://app@smtp.example.com?from=a%4@b.c&to=d@e.f", "from="},
        {"smtp://app@smtp.example.com?from=a@b.c&to=d@e.f%", "to="},
        {"smtp://app@smtp.example.com?from=a@b.c&to=d@e.f&to.bill%G1ng=x@y.z", "to.<category>"},
        {"smtp://app@smtp.example.com?from=a@b.c&to=d@e.f&helo=mail%2", "helo="},
    };
    for (String[] c : cases) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectorFactory.connect(c[0], SECRET),
          c[0]);
      assertTrue(e.getMessage().contains("percent-encoding") && e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
      assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }
  }

  @Test
  void builderFailsFastNamingWhatIsMissing() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> EmailConnector.builder().host("smtp.example.com").from("app@example.com").build());
    assertTrue(e.getMessage().startsWith("to is required"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EmailConnector.builder().host("smtp.example.com\r\nX: y"));
    assertThrows(IllegalArgumentException.class, () -> EmailConnector.builder().sendTimeout(Duration.ZERO));
  }
}
