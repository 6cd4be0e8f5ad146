package dev.helpline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LimitsTest {
  @Test
  void defaultsMatchTheDocumentedValues() {
    Limits l = Limits.defaults();
    assertEquals(200, l.maxSubjectChars());
    assertEquals(64 * 1024, l.maxDescriptionBytes());
    assertEquals(10, l.maxAttachments());
    assertEquals(10L * 1024 * 1024, l.maxAttachmentBytes());
    assertEquals(25L * 1024 * 1024, l.maxTotalAttachmentBytes());
    assertEquals(500, l.maxOutboxEntries());
    assertEquals(200L * 1024 * 1024, l.maxOutboxBytes());
  }

  @Test
  void settersEnforceTheirCeilingsNamingTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Limits.defaults().toBuilder().maxSubjectChars(1001));
    assertEquals("maxSubjectChars is 1001; it must lie between 1 and 1000", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Limits.defaults().toBuilder().maxAttachments(-1));
    assertThrows(IllegalArgumentException.class, () -> Limits.defaults().toBuilder().maxOutboxEntries(0));
  }

  @Test
  void oneAttachmentMayNotExceedAllTogether() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Limits.defaults().toBuilder().maxAttachmentBytes(30L * 1024 * 1024).build());
    assertEquals("maxAttachmentBytes (31457280) exceeds maxTotalAttachmentBytes (26214400)", e.getMessage());
  }

  @Test
  void aSmallerOutboxLowersTheAttachmentLimitsLeftAtTheirDefaults() {
    long mib = 1024 * 1024;
    Limits l = Limits.defaults().toBuilder().maxOutboxBytes(2 * mib).build();
    assertEquals(2 * mib, l.maxTotalAttachmentBytes(), "attachments that could never be queued were allowed");
    assertEquals(2 * mib, l.maxAttachmentBytes());

    Limits tuned = Limits.defaults().toBuilder().maxOutboxBytes(2 * mib).maxAttachmentBytes(mib).build();
    assertEquals(mib, tuned.maxAttachmentBytes());
    assertEquals(2 * mib, tuned.maxTotalAttachmentBytes());

    Limits lowTotal = Limits.defaults().toBuilder().maxTotalAttachmentBytes(mib).build();
    assertEquals(mib, lowTotal.maxAttachmentBytes(), "one attachment left at its default may not exceed all together");
  }

  @Test
  void attachmentsSetLargerThanTheOutboxAreRefusedNamingBoth() {
    long mib = 1024 * 1024;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Limits.defaults().toBuilder().maxTotalAttachmentBytes(25 * mib).maxOutboxBytes(mib).build());
    assertEquals("maxTotalAttachmentBytes (26214400) exceeds maxOutboxBytes (1048576): attachments that large could"
        + " never be queued", e.getMessage());
  }

  @Test
  void toBuilderKeepsOtherValues() {
    Limits tuned = Limits.defaults().toBuilder().maxAttachments(3).build();
    assertEquals(3, tuned.maxAttachments());
    assertEquals(200, tuned.maxSubjectChars());
  }
}
