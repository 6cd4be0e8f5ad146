package dev.helpline.sample.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TerminalTextTest {
  @Test
  void escapeSequencesBelNulAndCarriageReturnsAreShownEscaped() {
    assertEquals("\\u001B]0;pwned\\u0007title\\u001B[2J\\u0000x\\u000Dy",
        TerminalText.line("\u001B]0;pwned\u0007title\u001B[2J\u0000x\ry"));
  }

  @Test
  void c1ControlsDeleteAndBidiOverridesAreShownEscaped() {
    assertEquals("a\\u009Bb\\u007Fc\\u202Egnp.exe\\u2066d\\u200Be",
        TerminalText.line("a\u009Bb\u007Fc\u202Egnp.exe\u2066d\u200Be"));
  }

  @Test
  void aOneLineFieldCannotStartALineOfItsOwn() {
    String forged = TerminalText.line("Minor\nAll Systems Operational\u2028(indicator none)");
    assertFalse(forged.contains("\n"));
    assertEquals("Minor\\u000AAll Systems Operational\\u2028(indicator none)", forged);
  }

  @Test
  void ordinaryTextIncludingOtherScriptsAndEmojiIsUnchanged() {
    String text = "Сбой оплаты — 支付失败 ✓ 😀 \"quoted\" \\u001B literal";
    assertEquals(text, TerminalText.line(text));
  }

  @Test
  void aBlockKeepsRealLinesIndentedDropsBlankOnesAndEscapesTheRest() {
    assertEquals("    one\n    two\\u001B[31m\n    three",
        TerminalText.block("one\r\n\n  \ntwo\u001B[31m\nthree\n", "    "));
    assertEquals("    one\n    \n    two", TerminalText.block("one\n\ntwo", "    ", true));
  }

  @Test
  void longTextIsCappedWithACountOfWhatWasLeftOut() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < TerminalText.MAX_LINES + 7; i++) lines.append("line ").append(i).append('\n');
    String block = TerminalText.block(lines.toString(), "  ");
    assertEquals(TerminalText.MAX_LINES + 1, block.split("\n").length);
    assertTrue(block.endsWith("  … 7 more lines"), block);

    String longLine = TerminalText.line("x".repeat(TerminalText.MAX_LINE_CHARS + 5));
    assertTrue(longLine.endsWith("x … 5 more characters"), longLine.substring(longLine.length() - 40));
    assertEquals("… 1 more notice", TerminalText.more(1, "notice"));
  }
}
