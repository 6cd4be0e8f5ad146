package dev.helpline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.diagnostics.Redactor;
import dev.helpline.testkit.TestDesk;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Self-service search through the client, served by the desk the connector points at. */
@Timeout(30)
class HelplineArticlesTest {
  @Test
  void theDesksArticleSearchIsUsedByDefault(@TempDir Path dir) throws Exception {
    try (TestDesk desk = TestDesk.builder().start()) {
      desk.admin().addArticle("a1", "Exporting to PDF", "Open the report and choose Export, then PDF.", "https://help.example.com/a1");
      desk.admin().addArticle("a2", "Resetting your password", "Use the link on the sign-in page.", "https://help.example.com/a2");
      try (SupportApiConnector connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
          Helpline helpline = Helpline.builder()
              .app(AppInfo.of("Acme Notes", "4.2.0"))
              .connector(connector)
              .dataDirectory(dir)
              .build()) {
        List<Article> found = helpline.articles().search("pdf export fails", null);
        assertEquals("a1", found.get(0).id());
        assertEquals("Exporting to PDF", found.get(0).title());
        assertTrue(helpline.articles().search("pd", null).isEmpty(), "short queries send no request");
      }
    }
  }

  @Test
  void queriesAreRedactedWithTheClientsRedactor(@TempDir Path dir) throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    try (TestDesk desk = TestDesk.builder().start();
        SupportApiConnector connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
        Helpline helpline = Helpline.builder()
            .app(AppInfo.of("Acme Notes", "4.2.0"))
            .connector(connector)
            .dataDirectory(dir)
            .redactor(Redactor.builder().disableKind("email").build())
            .articleSource((q, locale, limit) -> {
              asked.add(q);
              return List.of();
            })
            .build()) {
      helpline.articles().search("card 4111 1111 1111 1111 refused for ada@example.com", null);
      assertEquals(List.of("card [card] refused for ada@example.com"), asked, "the client's rules, e-mail kept as configured");
    }
  }
}
