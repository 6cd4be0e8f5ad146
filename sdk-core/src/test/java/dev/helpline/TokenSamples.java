package dev.helpline;

/**
 * Tokens the redaction rules recognise only whole, and filler text to place one across a cut at an exact
 * index. Shared with other modules' tests through sdk-core's test jar.
 */
public final class TokenSamples {
  public static final String EMAIL = "ada.lovelace@example.com";
  public static final String IBAN = "DE89 3704 0044 0532 0130 00";
  public static final String CARD = "4111 1111 1111 1111";
  public static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
      + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSBMb3ZlbGFjZSIsImlhdCI6MTUxNjIzOTAyMn0"
      + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  private TokenSamples() {}

  /** {@code n} characters of short words, ending with a space. */
  public static String filler(int n) {
    return n % 2 == 0 ? "a ".repeat(n / 2) : "ab " + "a ".repeat((n - 3) / 2);
  }
}
