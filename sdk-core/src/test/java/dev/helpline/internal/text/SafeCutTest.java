package dev.helpline.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeCutTest {
  @Test
  void textWithinTheLimitIsReturnedAsItIs() {
    String s = "ada.lovelace@example.com";
    assertSame(s, SafeCut.cut(s, s.length(), "…"));
    assertSame(s, SafeCut.cut(s, 100, "…[truncated]"));
    assertEquals("", SafeCut.cut("", 0, ""));
  }

  @Test
  void aWordCrossingTheLimitIsDroppedWhole() {
    String s = "write to ada.lovelace@example.com today";
    // "write to ada.lovelace@exam…" before: the e-mail rule never matched the half.
    assertEquals("write to…", SafeCut.cut(s, 27, "…"));
    assertEquals("write to ada.lovelace@example.com…", SafeCut.cut(s, 35, "…"));
  }

  @Test
  void aCutExactlyAtWhitespaceKeepsTheWordBefore() {
    assertEquals("alpha beta…", SafeCut.cut("alpha beta gamma", 11, "…"));
    assertEquals("alpha beta…", SafeCut.cut("alpha beta  gamma", 12, "…"));
    assertEquals("alpha…", SafeCut.cut("alpha\n\tbeta", 8, "…"));
  }

  @Test
  void textWithoutWhitespaceLosesTheWholeCrossingToken() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    assertEquals("…", SafeCut.cut(jwt, 40, "…"));
    assertEquals("…[truncated]", SafeCut.cut("x".repeat(5000), 1000, "…[truncated]"));
    assertEquals("token:…", SafeCut.cut("token: " + jwt, 40, "…"));
  }

  @Test
  void aGroupedNumberCutBetweenItsGroupsIsDropped() {
    assertEquals("card…", SafeCut.cut("card 4111 1111 1111 1111 exp 12/29", 15, "…"));
    assertEquals("card…", SafeCut.cut("card 4111-1111-1111-1111", 20, "…"));
    assertEquals("IBAN…", SafeCut.cut("IBAN DE89 3704 0044 0532 0130 00", 20, "…"));
    assertEquals("IBAN…", SafeCut.cut("IBAN GB29 NWBK 6016 1331 9268 19", 16, "…"));
    assertEquals("call…", SafeCut.cut("call 030 1234 5678 now", 14, "…"));
    assertEquals("call +…", SafeCut.cut("call +49 30 1234 5678", 17, "…"));
    assertEquals("CALL ME AT…", SafeCut.cut("CALL ME AT 4111 1111 1111 1111", 20, "…"));
  }

  @Test
  void wordsWithoutDigitsBeforeTheCutStay() {
    assertEquals("the import of the batch…", SafeCut.cut("the import of the batch failed", 25, "…"));
    assertEquals("path /var/log/app…", SafeCut.cut("path /var/log/app and more", 19, "…"));
  }

  @Test
  void theMarkerCountsTowardsTheLimit() {
    String s = "one two three four five six seven eight nine ten";
    for (int max = 12; max < s.length(); max++) {
      String cut = SafeCut.cut(s, max, "…[truncated]");
      assertTrue(cut.length() <= max, max + ": " + cut);
      assertTrue(s.startsWith(cut.substring(0, cut.length() - "…[truncated]".length())), cut);
    }
    assertThrows(IllegalArgumentException.class, () -> SafeCut.cut(s, 3, "…[truncated]"));
  }

  @Test
  void aSurrogatePairIsNeverSplit() {
    String faces = "\ud83d\ude00".repeat(10);
    assertEquals("…", SafeCut.cut(faces, 6, "…"));
    assertEquals("\ud83d\ude00 \ud83d\ude00…", SafeCut.cut("\ud83d\ude00 \ud83d\ude00 " + faces, 8, "…"));
    // Cutting at index 1 of a pair would keep a lone high surrogate.
    assertEquals(0, SafeCut.end(faces, 1));
    assertEquals(2, SafeCut.end("ab " + faces, 4));
  }

  @Test
  void endKeepsEverythingWhenTheLimitIsNotReached() {
    assertEquals(5, SafeCut.end("hello", 5));
    assertEquals(5, SafeCut.end("hello", 9));
    assertEquals(0, SafeCut.end("hello", 0));
    assertEquals(5, SafeCut.end(new StringBuilder("hello world"), 8));
  }
  @Test
  void aCutInUtf8BytesCountsEachCharactersBytesAndKeepsNoPartOfAWord() {
    assertEquals(3, SafeCut.utf8Length("abc"));
    assertEquals(9, SafeCut.utf8Length("订单号"));
    assertEquals(4, SafeCut.utf8Length("\ud83d\ude00"));
    assertEquals(3, SafeCut.utf8Length("\ud83d"), "an unpaired surrogate counts as a replacement character");
    String chinese = "订单 状态 无效 ".repeat(10); // 8 characters, 21 bytes a repeat
    assertEquals("订单 状态…", SafeCut.cutUtf8(chinese, 20, "…"));
    assertTrue(SafeCut.utf8Length(SafeCut.cutUtf8(chinese, 100, "…")) <= 100);
    assertSame(chinese, SafeCut.cutUtf8(chinese, 210, "…"));
    assertThrows(IllegalArgumentException.class, () -> SafeCut.cutUtf8(chinese, 2, "…"));
  }
}
