package dev.helpline.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeUrlsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://ops:hunter2@desk.example/v1|https://desk.example/v1",
      "https://desk.example/feed?api_key=K3y&lang=en#top|https://desk.example/feed?api_key=***&lang=en",
      // A password holding '/' or '?' ends the authority early in a naive reading; it still goes.
      "rt+https://u:p/w@rt.example/REST/2.0|rt+https://rt.example/REST/2.0",
      "https://u:p?w@desk.example/x|https://desk.example/x",
      "u:p/w@desk.example|desk.example",
      // A numeric port, or an IPv6 literal, is not a password: an '@' later in the path stays.
      "http://localhost:8080/users/@me|http://localhost:8080/users/@me",
      "http://[::1]/users/@me|http://[::1]/users/@me",
      "http://desk.example/users/@me|http://desk.example/users/@me"})
  void userInfoAndSecretParametersNeverShow(String url, String shown) {
    assertEquals(shown, SafeUrls.forMessage(url));
  }
}
