package dev.helpline.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConnectorFactoryAddressTest {
  @Test
  void plainHttpUrlIsTheNativeDesk() {
    ConnectorFactory.Address a = ConnectorFactory.Address.parse(" https://support.example.com ", "key");
    assertEquals("helpline", a.scheme());
    assertEquals("https://support.example.com", a.url());
  }

  @Test
  void prefixSelectsTheDeskAndIsRemovedFromTheUrl() {
    ConnectorFactory.Address a = ConnectorFactory.Address.parse("RT+https://rt.example.com/", "token");
    assertEquals("rt", a.scheme());
    assertEquals("https://rt.example.com/", a.url());
    assertEquals("rt+https://rt.example.com/ (secret ***)", a.toString());
  }

  @Test
  void urlOfAnotherProtocolIsNamedByItsOwnSchemeAndKeptWhole() {
    ConnectorFactory.Address a = ConnectorFactory.Address.parse(
        "SMTP://app@mail.example.com:587?from=app@example.com&to=help+desk@example.com", "pw");
    assertEquals("smtp", a.scheme());
    assertEquals("SMTP://app@mail.example.com:587?from=app@example.com&to=help+desk@example.com", a.url());
    assertEquals("smtps", ConnectorFactory.Address.parse("smtps://mail.example.com", null).scheme());
  }

  @Test
  void toStringOfAnOwnSchemeUrlHidesUserInfoSecretParametersAndTheSecret() {
    String shown = ConnectorFactory.Address.parse("smtp://app:hunter2@mail.example.com:587?token=abc&to=x@y", "pw")
        .toString();
    assertEquals("smtp://mail.example.com:587 (secret ***)", shown, "no user info, no query (where secrets travel)");
    assertFalse(shown.contains("hunter2"));
  }

  @Test
  void aPrefixMustBeFollowedByAnHttpUrl() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConnectorFactory.Address.parse("rt+smtp://mail.example.com", null));
    assertTrue(e.getMessage().contains("http://"), e.getMessage());
  }

  @Test
  void somethingThatIsNoUrlIsRefusedWithoutShowingTheSecret() {
    for (String bad : new String[] {"not a url", "smtp://", "1x://host", "://host", "https://"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ConnectorFactory.Address.parse(bad, "s3cret"), bad);
      assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
  }

  @Test
  void aSchemeWithoutAFactoryListsTheAvailableOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConnectorFactory.connect("gopher://desk.example.com", "s3cret"));
    assertTrue(e.getMessage().contains("'gopher'"), e.getMessage());
    assertTrue(e.getMessage().contains("helpline"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }
}
