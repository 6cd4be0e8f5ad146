package dev.helpline.internal.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helpline.Attachment;
import dev.helpline.Limits;
import dev.helpline.Requester;
import dev.helpline.TicketDraft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class DraftValidatorTest {
  private final DraftValidator validator = new DraftValidator(Limits.defaults());

  private static TicketDraft.Builder draft() {
    return TicketDraft.builder().subject("Printer on fire").description("It burns.");
  }

  private IllegalArgumentException rejected(TicketDraft.Builder b) {
    return assertThrows(IllegalArgumentException.class, () -> validator.validate(b.build()));
  }

  private static String chars(int n, char c) {
    char[] a = new char[n];
    Arrays.fill(a, c);
    return new String(a);
  }

  @Test
  void acceptsAReasonableDraft() {
    validator.validate(draft().category("billing").addTag("pdf").customField("plan", "pro").build());
  }

  @Test
  void subjectAtTheLimitPassesAndOnePastFailsNamingBoth() {
    validator.validate(draft().subject(chars(200, 'x')).build());
    IllegalArgumentException e = rejected(draft().subject(chars(201, 'x')));
    assertEquals("subject is 201 chars; the limit is 200", e.getMessage());
  }

  @Test
  void subjectLengthCountsCodePointsNotUtf16Units() {
    String emoji = new String(Character.toChars(0x1F680));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 200; i++) sb.append(emoji);
    validator.validate(draft().subject(sb.toString()).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t  "})
  void blankSubjectIsRejected(String subject) {
    assertTrue(rejected(draft().subject(subject)).getMessage().startsWith("subject is blank"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u3000", "\u00A0", " \u2003\u202F\u3000 "})
  void textOfOnlyIdeographicOrNoBreakSpacesIsBlankLikeAsciiSpaces(String spaces) {
    assertEquals("subject is blank; a ticket needs a subject", rejected(draft().subject(spaces)).getMessage());
    assertEquals("category is blank; pass null for none", rejected(draft().category(spaces)).getMessage());
    assertEquals("tags[0] is blank", rejected(draft().addTag(spaces)).getMessage());
    assertEquals("customFields has a blank name", rejected(draft().customField(spaces, "v")).getMessage());
    validator.validate(draft().subject("\u3000Printer\u3000on fire").build());
  }

  @Test
  void subjectWithANewlineIsRejected() {
    assertEquals("subject contains a control or format character (U+000A) at index 3; it must be a single line of"
        + " visible text", rejected(draft().subject("one\ntwo")).getMessage());
  }

  @Test
  void oneLineFieldsRefuseFormatCharactersBeyondTheBasicPlaneAndSayWhich() {
    // U+E0001 LANGUAGE TAG is a format character written as a surrogate pair, each half of which alone is not one.
    String tagged = "billing\uDB40\uDC01";
    assertEquals("category contains a control or format character (U+E0001) at index 7; it must be a single line"
        + " of visible text", rejected(draft().category(tagged)).getMessage());
    assertTrue(rejected(draft().addTag("zero\u200Bwidth")).getMessage().startsWith("tags[0] contains a control or"
        + " format character (U+200B) at index 4"));
  }

  @Test
  void descriptionIsMeasuredInUtf8Bytes() {
    validator.validate(draft().description(chars(64 * 1024, 'a')).build());
    assertEquals("description is 65537 bytes (UTF-8); the limit is 65536",
        rejected(draft().description(chars(64 * 1024 + 1, 'a'))).getMessage());
    // 'é' is two bytes: 32,769 of them are 65,538 bytes.
    assertEquals("description is 65538 bytes (UTF-8); the limit is 65536",
        rejected(draft().description(chars(32 * 1024 + 1, 'é'))).getMessage());
  }

  @Test
  void tunedLimitsApply() {
    DraftValidator strict = new DraftValidator(Limits.defaults().toBuilder().maxSubjectChars(10).build());
    strict.validate(draft().subject(chars(10, 'x')).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> strict.validate(draft().subject(chars(11, 'x')).build()));
    assertEquals("subject is 11 chars; the limit is 10", e.getMessage());
  }

  @Test
  void categoryIsBounded() {
    validator.validate(draft().category(chars(100, 'c')).build());
    assertEquals("category is 101 chars; the limit is 100", rejected(draft().category(chars(101, 'c'))).getMessage());
    assertTrue(rejected(draft().category(" ")).getMessage().startsWith("category is blank"));
  }

  @Test
  void tagsAreBoundedInNumberAndLength() {
    TicketDraft.Builder twenty = draft();
    for (int i = 0; i < 20; i++) twenty.addTag("t" + i);
    validator.validate(twenty.build());
    assertEquals("tags has 21 entries; the limit is 20", rejected(twenty.addTag("t20")).getMessage());
    validator.validate(draft().addTag(chars(64, 't')).build());
    assertEquals("tags[0] is 65 chars; the limit is 64", rejected(draft().addTag(chars(65, 't'))).getMessage());
    assertEquals("tags[1] is blank", rejected(draft().addTag("ok").addTag("")).getMessage());
  }

  @Test
  void customFieldsAreBoundedInNumberNameAndValue() {
    TicketDraft.Builder fifty = draft();
    for (int i = 0; i < 50; i++) fifty.customField("f" + i, "v");
    validator.validate(fifty.build());
    assertEquals("customFields has 51 entries; the limit is 50", rejected(fifty.customField("f50", "v")).getMessage());

    validator.validate(draft().customField(chars(100, 'n'), "v").build());
    assertTrue(rejected(draft().customField(chars(101, 'n'), "v")).getMessage().endsWith("is 101 chars; the limit is 100"));

    validator.validate(draft().customField("plan", chars(4096, 'v')).build());
    assertEquals("customFields['plan'] is 4097 chars; the limit is 4096",
        rejected(draft().customField("plan", chars(4097, 'v'))).getMessage());
    assertEquals("customFields has a blank name", rejected(draft().customField(" ", "v")).getMessage());
    String hidden = rejected(draft().customField("pl\u200Ban", "v")).getMessage();
    assertTrue(hidden.startsWith("customFields name 'pl") && hidden.contains("(U+200B) at index 2"), hidden);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada@example.com", "ada.lovelace+support@mail.example.co.uk", "o'brien@example.ie", "jürgen@exämple.de"})
  void validEmailsPass(String email) {
    validator.validate(draft().requester(Requester.ofEmail(email)).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada lovelace@example.com",
      "ada@example..com", "ada..x@example.com", "ada@-example.com"})
  void invalidEmailsAreRejectedNamingTheField(String email) {
    IllegalArgumentException e = rejected(draft().requester(Requester.ofEmail(email)));
    assertEquals("requester.email '" + email + "' is not an e-mail address", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada\u3000lovelace@example.com", "ada\u00A0@example.com", "ada@example\u2003.com"})
  void emailsWithIdeographicOrNoBreakSpacesAreRejectedLikeOnesWithAsciiSpaces(String email) {
    IllegalArgumentException e = rejected(draft().requester(Requester.ofEmail(email)));
    assertEquals("requester.email '" + email + "' is not an e-mail address", e.getMessage());
  }

  @Test
  void overlongEmailIsRejectedWithItsLength() {
    String email = chars(250, 'a') + "@example.com";
    assertEquals("requester.email is 262 chars; the limit is 254",
        rejected(draft().requester(Requester.ofEmail(email))).getMessage());
  }

  @Test
  void attachmentCountIsBounded() {
    TicketDraft.Builder ten = draft();
    for (int i = 0; i < 10; i++) ten.addAttachment(Attachment.ofBytes("a" + i + ".txt", "text/plain", new byte[1]));
    validator.validate(ten.build());
    assertEquals("attachments has 11 files; the limit is 10",
        rejected(ten.addAttachment(Attachment.ofBytes("x.txt", "text/plain", new byte[1]))).getMessage());
  }

  @Test
  void eachAttachmentIsBounded(@TempDir Path dir) throws Exception {
    Path atLimit = dir.resolve("ok.bin");
    Path tooBig = dir.resolve("big.bin");
    writeSparse(atLimit, 10L * 1024 * 1024);
    writeSparse(tooBig, 10L * 1024 * 1024 + 1);
    validator.validate(draft().addAttachment(Attachment.ofFile(atLimit, "application/octet-stream")).build());
    IllegalArgumentException e = rejected(draft()
        .addAttachment(Attachment.ofBytes("small.txt", "text/plain", new byte[3]))
        .addAttachment(Attachment.ofFile(tooBig, "application/octet-stream")));
    assertEquals("attachments[1] 'big.bin' is 10485761 bytes; the limit is 10485760", e.getMessage());
  }

  @Test
  void attachmentsTogetherAreBounded(@TempDir Path dir) throws Exception {
    TicketDraft.Builder b = draft();
    for (int i = 0; i < 3; i++) {
      Path f = dir.resolve("part" + i + ".bin");
      writeSparse(f, i < 2 ? 10L * 1024 * 1024 : 5L * 1024 * 1024);
      b.addAttachment(Attachment.ofFile(f, "application/octet-stream"));
    }
    validator.validate(b.build());
    Path extra = dir.resolve("extra.bin");
    writeSparse(extra, 1);
    assertEquals("attachments total 26214401 bytes; the limit is 26214400",
        rejected(b.addAttachment(Attachment.ofFile(extra, "application/octet-stream"))).getMessage());
  }

  @Test
  void anAttachmentTheOutboxCouldNeverHoldIsRefusedBeforeTheUserConfirms(@TempDir Path dir) throws Exception {
    long mib = 1024 * 1024;
    DraftValidator smallOutbox = new DraftValidator(Limits.defaults().toBuilder().maxOutboxBytes(mib).build());
    Path screenshot = dir.resolve("screen.png");
    writeSparse(screenshot, 2 * mib);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> smallOutbox.validate(draft()
        .addAttachment(Attachment.ofFile(screenshot, "image/png")).build()));
    assertEquals("attachments[0] 'screen.png' is 2097152 bytes; the limit is 1048576", e.getMessage());
  }

  @Test
  void missingAttachmentFileIsRejectedClearly(@TempDir Path dir) {
    IllegalArgumentException e = rejected(draft().addAttachment(Attachment.ofFile(dir.resolve("gone.log"), "text/plain")));
    assertTrue(e.getMessage().startsWith("attachments[0] 'gone.log' cannot be read: NoSuchFileException"), e.getMessage());
  }

  private static void writeSparse(Path file, long size) throws Exception {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    assertEquals(size, Files.size(file));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Line\u2028separator", "Para\u2029graph", "Bidi \u202Eevil\u202C", "Isolate \u2066x\u2069",
      "Zero\u200Bwidth"})
  void subjectsRefuseSeparatorsAndBidiControls(String subject) {
    IllegalArgumentException e = rejected(draft().subject(subject));
    assertTrue(e.getMessage().startsWith("subject contains a control or format character"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada@exa\u2028mple.com", "ada\u202E@example.com", "ada@example.com\r\nBcc: x@y.z"})
  void emailAddressesRefuseSeparatorsAndBidiControlsAndTheMessageStaysOneLine(String email) {
    IllegalArgumentException e = rejected(draft().requester(Requester.ofEmail(email)));
    assertTrue(e.getMessage().contains("is not an e-mail address"), e.getMessage());
    for (char c : e.getMessage().toCharArray()) {
      int type = Character.getType(c);
      assertTrue(!Character.isISOControl(c) && type != Character.LINE_SEPARATOR && type != Character.FORMAT,
          "the message holds a raw U+" + Integer.toHexString(c) + ": " + e.getMessage());
    }
    assertTrue(e.getMessage().contains("\\u"), "the offending characters are shown escaped: " + e.getMessage());
  }
}
