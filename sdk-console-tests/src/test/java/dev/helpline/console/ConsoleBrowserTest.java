package dev.helpline.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.helpline.AppInfo;
import dev.helpline.Attachment;
import dev.helpline.Helpline;
import dev.helpline.Message;
import dev.helpline.Rating;
import dev.helpline.Requester;
import dev.helpline.Ticket;
import dev.helpline.TicketDraft;
import dev.helpline.TicketStatus;
import dev.helpline.connector.supportapi.SupportApiConnector;
import dev.helpline.diagnostics.DiagnosticsProvider;
import dev.helpline.diagnostics.RecentLogs;
import dev.helpline.diagnostics.Screenshot;
import dev.helpline.diagnostics.jvm.JvmProviders;
import dev.helpline.notices.Notice;
import dev.helpline.notices.NoticeSource;
import dev.helpline.status.Maintenance;
import dev.helpline.status.StatusSnapshot;
import dev.helpline.status.StatusSource;
import dev.helpline.testkit.DeskTicket;
import dev.helpline.testkit.TestDesk;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent console in a real headless Chromium while a real SDK client files tickets, reads replies and receives
 * notices through a test desk. The tests run in order on one browser session, like an agent's working day; each
 * screen is saved under {@code target/console-screenshots/}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Path dir;
  private TestDesk desk;
  private SupportApiConnector connector;
  private OkHttpClient http;
  private Helpline helpline;
  private RecentLogs logs;
  private Chromium chromium;
  private WebDriverWait wait;
  private String ticketId;

  @BeforeAll
  void start(@TempDir Path tempDir) throws IOException {
    dir = tempDir;
    desk = TestDesk.builder().start();
    connector = SupportApiConnector.builder().baseUrl(desk.baseUrl()).appKey(desk.appKey()).build();
    http = new OkHttpClient();
    logs = RecentLogs.create(200, 64 * 1024);
    helpline = Helpline.builder()
        .app(AppInfo.of("Acme Notes", "4.2.0", "4210"))
        .connector(connector)
        .dataDirectory(dir.resolve("helpline"))
        .requester(Requester.of("user-ada", "ada@example.com", "Ada"))
        .userToken(desk.issueUserToken("user-ada", "ada@example.com", Duration.ofHours(1)))
        .recentLogs(logs)
        .addDiagnosticsProvider(JvmProviders.process())
        .screenshotProvider(max -> Screenshot.of(png(), Screenshot.PNG, 640, 400))
        .statusSource(StatusSource.supportApi(desk.baseUrl(), http))
        .addNoticeSource(NoticeSource.supportApi(desk.baseUrl(), http))
        .build();
    chromium = new Chromium(1400, 1000);
    wait = new WebDriverWait(chromium.driver, WAIT);
  }

  @AfterAll
  void stop() throws IOException {
    try {
      if (chromium != null) chromium.close();
    } finally {
      if (helpline != null) helpline.close();
      if (connector != null) connector.close();
      if (http != null) {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
      if (desk != null) desk.close();
    }
  }

  /** A 640x400 picture of an app window: title bar, sidebar and a red error banner. */
  static byte[] png() throws IOException {
    BufferedImage img = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(0xF3F4F6));
    g.fillRect(0, 0, 640, 400);
    g.setColor(new Color(0x1E3A8A));
    g.fillRect(0, 0, 640, 40);
    g.setColor(new Color(0xE5E7EB));
    g.fillRect(0, 40, 160, 360);
    g.setColor(new Color(0xDC2626));
    g.fillRect(190, 70, 420, 60);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private JavascriptExecutor js() {
    return chromium.driver;
  }

  private WebElement visible(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Clicks the element once it is there; the live list re-renders, so a found row may be replaced meanwhile. */
  private void click(String css) {
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
      d.findElement(By.cssSelector(css)).click();
      return true;
    });
  }

  private String text(String css) {
    return wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> d.findElement(By.cssSelector(css)).getText());
  }

  private Ticket submit(TicketDraft draft) throws Exception {
    return helpline.submit(draft).delivery().get(20, TimeUnit.SECONDS);
  }

  @Test
  @Order(1)
  void signingInTakesTheAdminKeyAndSetsAnHttpOnlyStrictSessionCookie() throws Exception {
    chromium.driver.get(desk.consoleUrl());
    visible("#admin-key");
    chromium.screenshot("01-sign-in");
    chromium.driver.findElement(By.id("admin-key")).sendKeys("not-the-key");
    chromium.driver.findElement(By.id("signin-button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "not this desk"));
    assertNull(chromium.driver.manage().getCookieNamed("helpline_console_" + desk.port()));

    chromium.driver.findElement(By.id("admin-key")).clear();
    chromium.driver.findElement(By.id("admin-key")).sendKeys(desk.adminKey());
    chromium.driver.findElement(By.id("signin-button")).click();
    visible("#view-tickets");
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    Cookie cookie = chromium.driver.manage().getCookieNamed("helpline_console_" + desk.port());
    assertNotNull(cookie);
    assertTrue(cookie.isHttpOnly(), "HttpOnly");
    assertEquals("Strict", cookie.getSameSite());
    assertFalse(String.valueOf(js().executeScript("return document.cookie")).contains("helpline_console"),
        "page scripts cannot read the session");
  }

  @Test
  @Order(2)
  void aTicketSubmittedThroughTheSdkAppearsLiveWithDiagnosticsScreenshotAndLogs() throws Exception {
    js().executeScript("window.__samePage = 'yes'");
    logs.log("INFO", "acme.sync", "sync started for 3 folders", null);
    logs.log("WARN", "acme.sync", "upload of report.pdf slow: 48 s for 2 MB", null);
    logs.log("ERROR", "acme.sync", "sync stalled; giving up after 3 retries", new IOException("connection reset"));
    Ticket ticket = submit(TicketDraft.builder()
        .subject("Sync stops after an hour")
        .description("Since the update sync stops after about an hour.\nIt worked in 4.1.")
        .addAttachment(Attachment.ofBytes("sync-settings.txt", "text/plain",
            "sync.interval=60s\n".getBytes(StandardCharsets.UTF_8)))
        .includeDiagnostics(true).includeLogs(true).includeScreenshot(true)
        .build());
    ticketId = ticket.id();
    String rowCss = "#ticket-list li[data-ticket-id='" + ticketId + "']";
    visible(rowCss);
    assertTrue(text(rowCss).contains("Sync stops after an hour"), text(rowCss));
    assertEquals("yes", js().executeScript("return window.__samePage"), "arrived without a page reload");
    chromium.screenshot("02-ticket-list");

    click(rowCss);
    wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "Sync stops after an hour"));
    assertEquals("Since the update sync stops after about an hour.\nIt worked in 4.1.",
        chromium.driver.findElement(By.id("detail-description")).getText());
    WebElement table = visible("#diagnostics-table");
    assertTrue(table.findElements(By.cssSelector("tbody tr")).size() >= 3, table.getText());
    assertTrue(table.getText().contains("4.2.0"), "the app version is in the diagnostics table");
    WebElement img = visible("#screenshot");
    wait.until(d -> ((Number) js().executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0", img))
        .intValue() == 640);
    List<WebElement> files = chromium.driver.findElements(By.cssSelector("#attachments a"));
    assertEquals(List.of("sync-settings.txt", "diagnostics.json", "logs.txt", "screenshot.png"),
        files.stream().map(WebElement::getText).collect(java.util.stream.Collectors.toList()));
    WebElement log = visible("#log");
    assertTrue(log.getText().contains("sync stalled"), log.getText());
    chromium.screenshot("03-ticket-detail");

    chromium.driver.findElement(By.id("log-search")).sendKeys("stalled");
    wait.until(ExpectedConditions.textMatches(By.id("log-count"), java.util.regex.Pattern.compile("^1 of \\d+ lines")));
    assertEquals("stalled", chromium.driver.findElement(By.cssSelector("#log mark")).getText());
    assertFalse(log.getText().contains("sync started"), "non-matching lines are hidden");
    chromium.screenshot("04-log-search");
  }

  @Test
  @Order(3)
  void theScreenshotOpensZoomed() throws Exception {
    WebElement img = visible("#screenshot");
    js().executeScript("arguments[0].scrollIntoView()", img);
    long fitted = ((Number) js().executeScript("return arguments[0].getBoundingClientRect().width", img)).longValue();
    img.click();
    wait.until(ExpectedConditions.attributeContains(By.id("screenshot-box"), "class", "zoomed"));
    long zoomed = ((Number) js().executeScript("return arguments[0].getBoundingClientRect().width", img)).longValue();
    assertEquals(640, zoomed, "natural size when zoomed");
    assertTrue(fitted <= zoomed);
    chromium.screenshot("05-screenshot-zoomed");
    img.click();
  }

  @Test
  @Order(4)
  void anAgentReplyAndStatusChangeReachTheSdkAndItsRatingShowsLive() throws Exception {
    chromium.driver.findElement(By.id("reply-body")).sendKeys("Thanks Ada! 4.2.1 fixes the sync timeout.");
    chromium.driver.findElement(By.id("reply-send")).click();
    visible("#conversation .msg.agent");
    List<Message> messages = helpline.messages(ticketId);
    assertEquals(Message.Author.AGENT, messages.get(messages.size() - 1).author());
    assertEquals("Thanks Ada! 4.2.1 fixes the sync timeout.", messages.get(messages.size() - 1).body());

    helpline.reply(ticketId, "Updated, it works now.");
    visible("#conversation .msg.requester");

    new Select(chromium.driver.findElement(By.id("status-select"))).selectByValue("solved");
    chromium.driver.findElement(By.id("status-save")).click();
    wait.until(ExpectedConditions.textToBe(By.id("detail-status"), "solved"));
    assertEquals(TicketStatus.SOLVED, helpline.ticket(ticketId).status());

    helpline.rate(ticketId, Rating.of(5, "Quick and friendly"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-rating"), "Quick and friendly"));
    chromium.screenshot("06-conversation-and-rating");
    // The README's picture (docs/images/console.png): list, detail, screenshot, diagnostics and log in one tall view.
    chromium.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1700));
    js().executeScript("window.scrollTo(0, 0)");
    chromium.screenshot("console");
    chromium.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
  }

  @Test
  @Order(5)
  void aMaintenancePublishedInTheConsoleReachesTheSdksNoticeCenterAndStatusMonitor() throws Exception {
    chromium.driver.findElement(By.id("tab-status")).click();
    visible("#maintenance-form");
    Instant start = Instant.now().plus(Duration.ofHours(6)).truncatedTo(ChronoUnit.MINUTES);
    Instant end = start.plus(Duration.ofHours(1));
    chromium.driver.findElement(By.id("component-name")).sendKeys("Sync");
    new Select(chromium.driver.findElement(By.id("component-status"))).selectByVisibleText("degraded_performance");
    chromium.driver.findElement(By.cssSelector("#component-form button")).click();
    visible("#component-table");
    chromium.driver.findElement(By.id("maintenance-name")).sendKeys("Database maintenance");
    setValue("maintenance-start", start.toString().substring(0, 16));
    setValue("maintenance-end", end.toString().substring(0, 16));
    chromium.driver.findElement(By.id("maintenance-body")).sendKeys("Sync may pause for up to 10 minutes.");
    chromium.driver.findElement(By.cssSelector("#maintenance-form button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("event-list"), "Database maintenance"));
    js().executeScript("window.scrollTo(0, 0)");
    chromium.screenshot("07-service-status");

    helpline.noticeCenter().refresh().get(15, TimeUnit.SECONDS);
    Notice notice = helpline.notices().stream().filter(n -> n.type() == Notice.Type.MAINTENANCE).findFirst()
        .orElseThrow(() -> new AssertionError("no maintenance notice in " + helpline.notices()));
    assertEquals("Database maintenance", notice.title());
    assertEquals("Sync may pause for up to 10 minutes.", notice.plainText());
    assertEquals(start, notice.startsAt());
    assertEquals(end, notice.endsAt());
    StatusSnapshot status = helpline.statusMonitor().refresh().get(15, TimeUnit.SECONDS);
    Maintenance m = status.maintenances().get(0);
    assertEquals("Database maintenance", m.name());
    assertEquals(start, m.scheduledFor());

    chromium.driver.findElement(By.id("tab-notices")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice-list"), "Database maintenance"));
    chromium.driver.findElement(By.id("notice-id")).sendKeys("new-export");
    chromium.driver.findElement(By.id("notice-title")).sendKeys("Export to PDF is here");
    chromium.driver.findElement(By.id("notice-body")).sendKeys("Find it under File > Export.");
    chromium.driver.findElement(By.cssSelector("#notice-form button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#notice-list li[data-notice-id='new-export']")));
    helpline.noticeCenter().refresh().get(15, TimeUnit.SECONDS);
    assertTrue(helpline.notices().stream().anyMatch(n -> n.type() == Notice.Type.ANNOUNCEMENT
        && n.title().equals("Export to PDF is here")), helpline.notices().toString());
    chromium.screenshot("08-notices");
    chromium.driver.findElement(By.id("tab-tickets")).click();
  }

  private void setValue(String id, String value) {
    js().executeScript("arguments[0].value = arguments[1]", chromium.driver.findElement(By.id(id)), value);
  }

  @Test
  @Order(6)
  void hostileTicketTextRendersAsPlainTextAndRunsNothing() throws Exception {
    String subject = "<img src=x onerror=\"window.__xss='subject'\">Broken";
    String description = "<script>window.__xss='description'</script><b>bold?</b>";
    String fileName = "<img src=x onerror=window.__xss=1>.txt";
    String diagnostic = "<svg onload=\"window.__xss='diagnostics'\"></svg>";
    Helpline hostile = helpline.newBuilder()
        .dataDirectory(dir.resolve("hostile"))
        .addDiagnosticsProvider(new DiagnosticsProvider() {
          @Override public String name() {
            return "plugin";
          }

          @Override public void contribute(DiagnosticsProvider.Sink sink) {
            sink.put("<b>key</b>", diagnostic);
          }
        })
        .build();
    Ticket t;
    try {
      t = hostile.submit(TicketDraft.builder().subject(subject).description(description)
          .addAttachment(Attachment.ofBytes(fileName, "text/html", "<script>alert(1)</script>".getBytes(
              StandardCharsets.UTF_8)))
          .includeDiagnostics(true).build()).delivery().get(20, TimeUnit.SECONDS);
    } finally {
      hostile.close();
    }
    desk.admin().publishNotice("{\"id\":\"xss\",\"type\":\"announcement\",\"title\":\"<img src=x onerror="
        + "window.__xss='notice'>\",\"body\":\"<script>window.__xss='notice-body'</script>\"}");

    String rowCss = "#ticket-list li[data-ticket-id='" + t.id() + "']";
    click(rowCss);
    wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), subject));
    assertEquals(description, chromium.driver.findElement(By.id("detail-description")).getText());
    WebElement table = visible("#diagnostics-table");
    wait.until(ExpectedConditions.textToBePresentInElement(table, diagnostic));
    assertTrue(table.getText().contains("<b>key</b>"), table.getText());
    assertTrue(text(rowCss).contains(subject), text(rowCss));
    chromium.screenshot("09-hostile-text");

    // The SDK cleans file names; a client speaking the API directly need not, so post one raw.
    String rawName = "<img src=x onerror=window.__xss='file'>.log";
    okhttp3.RequestBody body = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
        .addFormDataPart("ticket", null, okhttp3.RequestBody.create("{\"subject\":\"Raw upload\"}",
            okhttp3.MediaType.get("application/json")))
        .addFormDataPart("attachment", rawName, okhttp3.RequestBody.create(
            "<script>window.__xss='log'</script>".getBytes(StandardCharsets.UTF_8), okhttp3.MediaType.get("text/html")))
        .addFormDataPart("attachment", "logs.txt", okhttp3.RequestBody.create(
            "INFO <img src=x onerror=window.__xss='logline'>\n".getBytes(StandardCharsets.UTF_8),
            okhttp3.MediaType.get("text/plain")))
        .addFormDataPart("attachment", "diagnostics.json", okhttp3.RequestBody.create(
            "null".getBytes(StandardCharsets.UTF_8), okhttp3.MediaType.get("application/json")))
        .build();
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(desk.baseUrl() + "/v1/tickets")
        .header("Authorization", "Bearer " + desk.appKey()).header("Idempotency-Key", "raw-1").post(body).build())
        .execute()) {
      assertEquals(201, r.code());
    }
    String rawId = Integer.toString(desk.ticketCount());
    assertEquals(rawName, desk.ticket(rawId).attachments().get(0).fileName(), "stored as sent");
    click("#ticket-list li[data-ticket-id='" + rawId + "']");
    wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "Raw upload"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("attachments"), rawName));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "<img src=x onerror="));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("diagnostics"), "not an object of sections"));

    chromium.driver.findElement(By.id("tab-notices")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice-list"), "<img src=x"));
    chromium.driver.findElement(By.id("tab-tickets")).click();
    visible("#ticket-list li[data-ticket-id='" + t.id() + "']");

    assertNull(js().executeScript("return window.__xss === undefined ? null : String(window.__xss)"),
        "no injected handler or script ran");
    assertEquals(0L, js().executeScript("return document.querySelectorAll('main img[src=\"x\"], main svg, "
        + "main b, main script').length"), "no element was created from ticket text");
  }

  @Test
  @Order(7)
  void writesWithoutTheCsrfTokenAreRefusedEvenFromThePageItself() throws Exception {
    int before = desk.ticket(ticketId).messages().size();
    Object status = js().executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch('/console/api/tickets/" + ticketId + "/messages', {method: 'POST', credentials: 'same-origin',"
        + " headers: {'Content-Type': 'application/json'}, body: JSON.stringify({body: 'forged'})})"
        + ".then(r => done(r.status), e => done(String(e)));");
    assertEquals(403L, status);
    assertEquals(before, desk.ticket(ticketId).messages().size());
  }

  @Test
  @Order(8)
  void aFormOnAnotherSiteCannotWriteThroughTheSignedInBrowser() throws Exception {
    int before = desk.ticket(ticketId).messages().size();
    String target = desk.baseUrl() + "/console/api/tickets/" + ticketId + "/messages";
    // The attacker's page: an auto-submitting form (its own inline script is the attacker's, not the console's).
    byte[] page = ("<!DOCTYPE html><form id=f method=POST action='" + target + "' enctype='text/plain'>"
        + "<input name='{\"body\":\"forged\",\"x\":\"' value='\"}'></form><script>document.getElementById('f')"
        + ".submit()</script>").getBytes(StandardCharsets.UTF_8);
    HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
    attacker.createContext("/", ex -> {
      ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, page.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(page);
      }
    });
    attacker.start();
    try {
      chromium.driver.get("http://localhost:" + attacker.getAddress().getPort() + "/");
      wait.until(ExpectedConditions.urlContains("/console/api/tickets/"));
      String body = chromium.driver.findElement(By.tagName("body")).getText();
      assertTrue(body.contains("\"error\""), body);
    } finally {
      attacker.stop(0);
    }
    DeskTicket after = desk.ticket(ticketId);
    assertEquals(before, after.messages().size(), "the forged reply did not land");
    chromium.driver.get(desk.consoleUrl());
    visible("#view-tickets");
  }

  @Test
  @Order(9)
  void aReplyStillSendsAfterSigningInAgainInAnotherTab() throws Exception {
    click("#ticket-list li[data-ticket-id='" + ticketId + "']");
    visible("#reply-body");
    // Another tab of this browser signs in again: the shared cookie now names a session with another CSRF token.
    Object status = js().executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch('/console/session', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type':"
        + " 'application/json'}, body: JSON.stringify({adminKey: arguments[0]})}).then(r => done(r.status),"
        + " e => done(String(e)));", desk.adminKey());
    assertEquals(200L, status);
    int before = desk.ticket(ticketId).messages().size();
    chromium.driver.findElement(By.id("reply-body")).sendKeys("Sent after a second sign-in.");
    chromium.driver.findElement(By.id("reply-send")).click();
    wait.until(d -> desk.ticket(ticketId).messages().size() > before
        || !d.findElements(By.cssSelector("#ticket-detail .error")).isEmpty());
    assertEquals(List.of(), chromium.driver.findElements(By.cssSelector("#ticket-detail .error")).stream()
        .map(WebElement::getText).collect(java.util.stream.Collectors.toList()), "no error shown");
    DeskTicket after = desk.ticket(ticketId);
    assertEquals("Sent after a second sign-in.", after.messages().get(after.messages().size() - 1).body());
  }

  @Test
  @Order(10)
  void aPageRefusedALiveStreamForWantOfASlotTriesAgain() throws Exception {
    chromium.driver.navigate().refresh();
    visible("#view-tickets");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
    Cookie session = chromium.driver.manage().getCookies().stream()
        .filter(c -> c.getName().startsWith("helpline_console_")).findFirst().orElseThrow();
    OkHttpClient streams = http.newBuilder().readTimeout(Duration.ZERO).build();
    List<okhttp3.Response> held = new ArrayList<>();
    try {
      // Take every stream the desk serves but the page's own.
      while (true) {
        okhttp3.Response r = streams.newCall(new okhttp3.Request.Builder().url(desk.baseUrl() + "/console/api/events")
            .header("Cookie", session.getName() + "=" + session.getValue()).build()).execute();
        if (r.code() != 200) {
          assertEquals(503, r.code());
          r.close();
          break;
        }
        held.add(r);
      }
      // A reload asks for a stream at once, before the desk has noticed that the old one is gone: refused, 503.
      chromium.driver.navigate().refresh();
      visible("#view-tickets");
    } finally {
      held.forEach(okhttp3.Response::close);
    }
    wait.withTimeout(Duration.ofSeconds(30))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
    wait.withTimeout(WAIT);
  }

  @Test
  @Order(11)
  void aSessionEndedInAnotherTabShowsTheSignInWithoutAClick() throws IOException {
    visible("#view-tickets");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));
    // Another tab of this browser signs out: the desk ends this page's event stream and refuses its reconnection.
    Object status = js().executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch('/console/api/session', {credentials: 'same-origin', cache: 'no-store'}).then(r => r.json())"
        + ".then(s => fetch('/console/session', {method: 'DELETE', credentials: 'same-origin',"
        + " headers: {'X-CSRF-Token': s.csrfToken}})).then(r => done(r.status), e => done(String(e)));");
    assertTrue(status instanceof Number && ((Number) status).intValue() < 300, "signed out: " + status);
    visible("#view-signin");
    assertTrue(chromium.driver.findElement(By.id("nav")).getAttribute("hidden") != null, "the desk's views are gone");
    chromium.screenshot("11-signed-out-elsewhere");
  }

  /** Shows the console signed in, whatever the earlier tests left behind. */
  private void signedIn() {
    chromium.driver.get(desk.consoleUrl());
    wait.until(d -> d.findElement(By.id("view-signin")).isDisplayed() || d.findElement(By.id("nav")).isDisplayed());
    if (chromium.driver.findElement(By.id("view-signin")).isDisplayed()) {
      chromium.driver.findElement(By.id("admin-key")).sendKeys(desk.adminKey());
      chromium.driver.findElement(By.id("signin-button")).click();
    }
    visible("#view-tickets");
    wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
  }

  /** Leaves the console and takes every stream the desk serves, the one the page had included once it is free. */
  private void holdEveryStream(List<okhttp3.Response> held) {
    Cookie session = chromium.driver.manage().getCookieNamed("helpline_console_" + desk.port());
    OkHttpClient streams = http.newBuilder().readTimeout(Duration.ZERO).build();
    chromium.driver.get("about:blank");
    wait.withTimeout(Duration.ofSeconds(30)).until(d -> {
      try {
        okhttp3.Response r = streams.newCall(new okhttp3.Request.Builder()
            .url(desk.baseUrl() + "/console/api/events")
            .header("Cookie", session.getName() + "=" + session.getValue()).build()).execute();
        if (r.code() == 200) {
          held.add(r);
          return false;
        }
        r.close();
        return held.size() == 6; // ConsoleStream.MAX_STREAMS
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    wait.withTimeout(WAIT);
  }

  @Test
  @Order(12)
  void aTicketFiledWhileThePageHadNoLiveStreamAppearsOnceTheStreamIsBack() throws Exception {
    signedIn();
    List<okhttp3.Response> held = new ArrayList<>();
    String missedId;
    try {
      holdEveryStream(held);
      chromium.driver.get(desk.consoleUrl());
      visible("#ticket-list li[data-ticket-id='" + ticketId + "']"); // the list is loaded, the stream refused
      assertEquals("offline", text("#live"));
      // Filed while the page has no stream: its event goes to the streams held here, not to the page.
      missedId = submit(TicketDraft.builder().subject("Filed while the console was offline")
          .description("Nobody told the page.").build()).id();
    } finally {
      held.forEach(okhttp3.Response::close);
    }
    wait.withTimeout(Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("live"), "live"));
    wait.withTimeout(WAIT);
    assertTrue(text("#ticket-list li[data-ticket-id='" + missedId + "']").contains("Filed while the console was"
        + " offline"), "the page caught up with what happened while it had no stream");
  }

  @Test
  @Order(13)
  void aReplyBeingTypedKeepsTheFocusWhenTheTicketChangesMeanwhile() throws Exception {
    signedIn();
    click("#ticket-list li[data-ticket-id='" + ticketId + "']");
    WebElement reply = visible("#reply-body");
    reply.click();
    new org.openqa.selenium.interactions.Actions(chromium.driver).sendKeys("I am looking ").perform();
    helpline.reply(ticketId, "One more thing: the export fails too.");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "the export fails too"));
    // The agent goes on typing where the caret was, without clicking into the box again.
    new org.openqa.selenium.interactions.Actions(chromium.driver).sendKeys("into it.").perform();
    assertEquals("I am looking into it.", js().executeScript("return document.getElementById('reply-body').value"));
  }

  @Test
  @Order(14)
  void aSentReplyLeavesTheBoxEmptyEvenWhenTheTicketRedrewBeforeTheAnswerCame() throws Exception {
    signedIn();
    click("#ticket-list li[data-ticket-id='" + ticketId + "']");
    visible("#reply-body").clear();
    // Hold the answer to the reply until the page has redrawn the ticket from the live stream.
    js().executeScript("const original = window.fetch; window.fetch = function (url, init) {"
        + " const answer = original.apply(this, arguments);"
        + " if (init && init.method === 'POST' && String(url).endsWith('/messages')) {"
        + "   return new Promise((resolve) => { window.__release = () => answer.then(resolve); }); }"
        + " return answer; };");
    chromium.driver.findElement(By.id("reply-body")).sendKeys("Fixed in 4.2.2.");
    chromium.driver.findElement(By.id("reply-send")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "Fixed in 4.2.2."));
    js().executeScript("window.__release()");
    wait.until(d -> "".equals(js().executeScript("return document.getElementById('reply-body').value")));
    assertEquals("Fixed in 4.2.2.", desk.ticket(ticketId).messages().get(desk.ticket(ticketId).messages().size() - 1)
        .body());
  }

  @Test
  @Order(15)
  void anOlderAnswerArrivingLateDoesNotUndoANewerOne() throws Exception {
    signedIn();
    click("#ticket-list li[data-ticket-id='" + ticketId + "']");
    visible("#reply-body");
    desk.admin().setStatus(ticketId, "open");
    wait.until(ExpectedConditions.textToBe(By.id("detail-status"), "open"));
    // Hold the page's next read of the queue; the read after it is answered at once.
    js().executeScript("const original = window.fetch; let holding = true; window.fetch = function (url, init) {"
        + " const answer = original.apply(this, arguments);"
        + " if (!holding || String(url) !== '/console/api/tickets') return answer;"
        + " holding = false;"
        + " return new Promise((resolve) => answer.then((r) => { window.__held = (done) => {"
        + "   const json = r.json.bind(r);"
        + "   r.json = () => json().then((v) => { setTimeout(done, 0); return v; });"
        + "   resolve(r); }; })); };");
    desk.admin().setStatus(ticketId, "pending"); // read 1, answered but held in the page: says pending
    wait.until(d -> "function".equals(js().executeScript("return typeof window.__held")));
    desk.admin().setStatus(ticketId, "on_hold"); // read 2, answered: says on_hold
    wait.until(ExpectedConditions.textToBe(By.id("detail-status"), "on_hold"));
    js().executeAsyncScript("window.__held(arguments[arguments.length - 1])");
    assertEquals("on_hold", text("#detail-status"), "the late answer about an older state was not shown");
  }

  @Test
  @Order(16)
  void aStatusChangeShowsAtOnceEvenWithoutALiveStream() throws Exception {
    signedIn();
    List<okhttp3.Response> held = new ArrayList<>();
    try {
      holdEveryStream(held);
      chromium.driver.get(desk.consoleUrl());
      click("#ticket-list li[data-ticket-id='" + ticketId + "']");
      visible("#status-select");
      assertEquals("offline", text("#live"));
      new Select(chromium.driver.findElement(By.id("status-select"))).selectByValue("solved");
      chromium.driver.findElement(By.id("status-save")).click();
      wait.until(ExpectedConditions.textToBe(By.id("detail-status"), "solved"));
      assertEquals("solved", desk.ticket(ticketId).status());
    } finally {
      held.forEach(okhttp3.Response::close);
    }
  }

  @Test
  @Order(17)
  void theLogSearchMarksWhatMatchesInLinesWithLettersWhoseLowerCaseIsLonger() throws Exception {
    signedIn();
    logs.log("WARN", "acme.office", "İzmir office: upload failed", null); // lower case of İ is two chars
    String id = submit(TicketDraft.builder().subject("Uploads fail in İzmir").description("See the log.")
        .includeLogs(true).build()).id();
    click("#ticket-list li[data-ticket-id='" + id + "']");
    visible("#log");
    chromium.driver.findElement(By.id("log-search")).sendKeys("upload");
    wait.until(ExpectedConditions.textMatches(By.id("log-count"), java.util.regex.Pattern.compile("^\\d+ of")));
    List<String> marked = chromium.driver.findElements(By.cssSelector("#log mark")).stream()
        .map(WebElement::getText).collect(java.util.stream.Collectors.toList());
    assertFalse(marked.isEmpty());
    for (String m : marked) {
      assertEquals("upload", m.toLowerCase(java.util.Locale.ROOT), "marked " + marked);
    }
  }

  @Test
  @Order(18)
  void aStatusChosenButNotYetSavedSurvivesAChangeByAnotherAgent() throws Exception {
    signedIn();
    click("#ticket-list li[data-ticket-id='" + ticketId + "']");
    visible("#status-select");
    desk.admin().setStatus(ticketId, "open");
    wait.until(ExpectedConditions.textToBe(By.id("detail-status"), "open"));
    new Select(chromium.driver.findElement(By.id("status-select"))).selectByValue("pending");
    desk.admin().reply(ticketId, "Another agent: we reproduced it."); // redraws the ticket
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "we reproduced it"));
    assertEquals("pending", new Select(chromium.driver.findElement(By.id("status-select")))
        .getFirstSelectedOption().getAttribute("value"), "the choice waits for its save");
    chromium.driver.findElement(By.id("status-save")).click();
    wait.until(ExpectedConditions.textToBe(By.id("detail-status"), "pending"));
    assertEquals("pending", desk.ticket(ticketId).status());
  }

  @Test
  @Order(19)
  void anAgentReplyWithFilesReachesTheAppAndChosenFilesSurviveARedraw(@TempDir Path dir) throws Exception {
    signedIn();
    click("#ticket-list li[data-ticket-id='" + ticketId + "']");
    Path steps = java.nio.file.Files.writeString(dir.resolve("steps.txt"), "1. Update to 4.2.1\n2. Sync again\n");
    chromium.driver.findElement(By.id("reply-files")).sendKeys(steps.toString());
    desk.admin().reply(ticketId, "Another agent: looking at it too."); // redraws the ticket
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "looking at it too"));
    chromium.driver.findElement(By.id("reply-body")).sendKeys("Try these steps.");
    chromium.driver.findElement(By.id("reply-send")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "steps.txt"));
    List<Message> messages = helpline.messages(ticketId);
    Message sent = messages.get(messages.size() - 1);
    assertEquals("Try these steps.", sent.body());
    assertEquals(1, sent.attachments().size(), sent::toString);
    assertEquals("steps.txt", sent.attachments().get(0).fileName());
    assertEquals(java.nio.file.Files.size(steps), sent.attachments().get(0).size());
    assertEquals("", js().executeScript("return document.getElementById('reply-files').value"),
        "the picker is empty once the reply is sent");
  }

  /** Files a ticket straight through the Support API (as any client may), with a requester reply; returns its id. */
  private String fileRaw(String key, String subject, String requesterName, String fileName) throws IOException {
    String json = "{\"subject\":" + quote(subject) + ",\"requester\":{\"id\":\"user-raw\",\"name\":"
        + quote(requesterName) + "}}";
    okhttp3.RequestBody body = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
        .addFormDataPart("ticket", null, okhttp3.RequestBody.create(json, okhttp3.MediaType.get("application/json")))
        .addFormDataPart("attachment", fileName, okhttp3.RequestBody.create(
            "notes".getBytes(StandardCharsets.UTF_8), okhttp3.MediaType.get("text/plain")))
        .build();
    String id;
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(desk.baseUrl() + "/v1/tickets")
        .header("Authorization", "Bearer " + desk.appKey()).header("Idempotency-Key", key).post(body).build())
        .execute()) {
      assertEquals(201, r.code());
      String text = r.body().string();
      id = text.replaceFirst("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
    }
    okhttp3.RequestBody reply = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
        .addFormDataPart("message", null, okhttp3.RequestBody.create("{\"body\":\"Any news?\"}",
            okhttp3.MediaType.get("application/json")))
        .build();
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder()
        .url(desk.baseUrl() + "/v1/tickets/" + id + "/messages")
        .header("Authorization", "Bearer " + desk.issueUserToken("user-raw", null, Duration.ofHours(1)))
        .post(reply).build()).execute()) {
      assertEquals(201, r.code());
    }
    return id;
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      b.append(c == '"' || c == '\\' ? "\\" + c : c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c)
          : String.valueOf(c));
    }
    return b.append('"').toString();
  }

  @Test
  @Order(20)
  void longUnbrokenTicketTextWrapsInsideTheWindow() throws Exception {
    signedIn();
    String longName = "N".repeat(300);
    String id = fileRaw("long-1", "Long names", longName, "F".repeat(240) + ".txt");
    click("#ticket-list li[data-ticket-id='" + id + "']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "Any news?"));
    chromium.screenshot("12-long-text");
    assertEquals(Boolean.TRUE, js().executeScript("const d = document.documentElement;"
        + " return d.scrollWidth <= d.clientWidth"
        + " && document.getElementById('ticket-detail').getBoundingClientRect().right <= d.clientWidth;"),
        "the page does not scroll sideways and the ticket stays inside the window");
    assertEquals(Boolean.TRUE, js().executeScript("const list = document.querySelector('aside.list');"
        + " return list.scrollWidth <= list.clientWidth;"), "the ticket list does not scroll sideways either");
  }

  @Test
  @Order(21)
  void aBidiOverrideInTicketTextDoesNotReorderTheConsolesOwnText() throws Exception {
    signedIn();
    String rlo = "\u202E";
    String id = fileRaw("bidi-1", "Bidi", "Eve" + rlo, "report" + rlo + "txt.exe");
    click("#ticket-list li[data-ticket-id='" + id + "']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "Any news?"));
    chromium.screenshot("13-bidi-override");
    String inOrder = "const root = document.querySelector(arguments[0]); const text = arguments[1];"
        + " const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); let n;"
        + " while ((n = walk.nextNode())) { const i = n.data.indexOf(text); if (i < 0) continue;"
        + "   const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);"
        + "   const first = r.getBoundingClientRect().left;"
        + "   r.setStart(n, i + text.length - 1); r.setEnd(n, i + text.length);"
        + "   return first < r.getBoundingClientRect().left; }"
        + " return null;";
    assertEquals(Boolean.TRUE, js().executeScript(inOrder, "#conversation .msg.requester .who", "(requester)"),
        "the author label reads left to right after the requester's name");
    assertEquals(Boolean.TRUE, js().executeScript(inOrder, "#attachments li", "text/plain"),
        "the media type reads left to right after the file name");
  }

  @Test
  @Order(22)
  void diagnosticsNumbersShowAsTheSnapshotWroteThemAndNullValuesAreSkipped() throws Exception {
    signedIn();
    // docs/diagnostics-schema.md: integers are 64-bit, other numbers keep a fraction or exponent, readers skip null.
    String diagnostics = "{\"schema\":\"helpline.diagnostics\",\"version\":1,\"collectedAt\":\"2026-11-24T10:15:30Z\","
        + "\"sections\":{\"custom\":{\"installId\":9007199254740993,\"ratio\":3.0,\"huge\":1.0E300,"
        + "\"gone\":null,\"plan\":\"pro\"}},\"failures\":[]}";
    okhttp3.RequestBody body = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
        .addFormDataPart("ticket", null, okhttp3.RequestBody.create("{\"subject\":\"Exact numbers\"}",
            okhttp3.MediaType.get("application/json")))
        .addFormDataPart("attachment", "diagnostics.json", okhttp3.RequestBody.create(
            diagnostics.getBytes(StandardCharsets.UTF_8), okhttp3.MediaType.get("application/json")))
        .build();
    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(desk.baseUrl() + "/v1/tickets")
        .header("Authorization", "Bearer " + desk.appKey()).header("Idempotency-Key", "numbers-1").post(body).build())
        .execute()) {
      assertEquals(201, r.code());
    }
    String id = Integer.toString(desk.ticketCount());
    click("#ticket-list li[data-ticket-id='" + id + "']");
    wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "Exact numbers"));
    visible("#diagnostics-table");
    Object rows = js().executeScript("return Array.from(document.querySelectorAll('#diagnostics-table tbody tr'))"
        + ".map((tr) => tr.cells[1].textContent + '=' + tr.cells[2].textContent).join(' ')");
    assertEquals("installId=9007199254740993 ratio=3.0 huge=1.0E300 plan=pro", rows);
  }

  @Test
  @Order(23)
  void aChangeToTheOpenTicketKeepsTheZoomedScreenshotAndTheReplyBoxInView() throws Exception {
    signedIn();
    for (int i = 0; i < 40; i++) {
      logs.log("INFO", "acme.sync", "folder " + i + " synced", null);
    }
    String id = submit(TicketDraft.builder().subject("Look closely").description("See the screenshot.")
        .includeDiagnostics(true).includeLogs(true).includeScreenshot(true).build()).id();
    click("#ticket-list li[data-ticket-id='" + id + "']");
    visible("#diagnostics-table");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "folder 39 synced"));
    WebElement img = visible("#screenshot");
    wait.until(d -> ((Number) js().executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0", img))
        .intValue() == 640);
    img.click();
    wait.until(ExpectedConditions.attributeContains(By.id("screenshot-box"), "class", "zoomed"));
    WebElement reply = chromium.driver.findElement(By.id("reply-body"));
    js().executeScript("arguments[0].scrollIntoView({block: 'center'})", reply);
    reply.click();
    new org.openqa.selenium.interactions.Actions(chromium.driver).sendKeys("Looking at it").perform();
    double before = ((Number) js().executeScript("return window.scrollY")).doubleValue();
    assertTrue(before > 0, "the reply box is below the first screen");

    helpline.reply(id, "Also, the export fails.");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conversation"), "the export fails"));
    visible("#diagnostics-table");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "folder 39 synced"));
    wait.until(d -> Boolean.TRUE.equals(js().executeScript("return document.getElementById('screenshot').complete")));
    chromium.screenshot("14-redraw-keeps-the-view");
    assertTrue(chromium.driver.findElement(By.id("screenshot-box")).getAttribute("class").contains("zoomed"),
        "the screenshot stays zoomed");
    assertEquals(Boolean.TRUE, js().executeScript("const r = document.getElementById('reply-body')"
        + ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;"),
        "the reply box being typed in stays in view");
    assertEquals("Looking at it", js().executeScript("return document.getElementById('reply-body').value"));
  }

  @Test
  @Order(24)
  void aTicketOpensFromTheKeyboardAndTheListKeepsTheFocusWhenTicketsArrive() throws Exception {
    signedIn();
    String id = submit(TicketDraft.builder().subject("Keyboard only").description("No mouse here.").build()).id();
    String rowCss = "#ticket-list li[data-ticket-id='" + id + "']";
    visible(rowCss);
    js().executeScript("arguments[0].focus()", chromium.driver.findElement(By.cssSelector(rowCss)));
    assertEquals(id, js().executeScript("return document.activeElement.getAttribute('data-ticket-id')"),
        "a row takes the keyboard focus");
    new org.openqa.selenium.interactions.Actions(chromium.driver).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
    wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "Keyboard only"));

    String next = submit(TicketDraft.builder().subject("Arrives meanwhile").description("Redraws the list.").build())
        .id();
    visible("#ticket-list li[data-ticket-id='" + next + "']");
    assertEquals(id, js().executeScript("return document.activeElement.getAttribute('data-ticket-id')"),
        "the focused row is still focused after the list was redrawn");
    new org.openqa.selenium.interactions.Actions(chromium.driver).keyDown(org.openqa.selenium.Keys.SHIFT)
        .sendKeys(org.openqa.selenium.Keys.TAB).keyUp(org.openqa.selenium.Keys.SHIFT).perform();
    assertEquals(next, js().executeScript("return document.activeElement.getAttribute('data-ticket-id')"),
        "Shift+Tab goes to the row above (the newer ticket)");
    new org.openqa.selenium.interactions.Actions(chromium.driver).sendKeys(" ").perform();
    wait.until(ExpectedConditions.textToBe(By.id("detail-subject"), "Arrives meanwhile"));
  }
}
