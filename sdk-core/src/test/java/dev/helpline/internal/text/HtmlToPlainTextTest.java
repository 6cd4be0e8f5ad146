package dev.helpline.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlToPlainTextTest {
  @Test
  void stripsInlineTagsAndDecodesEntities() {
    assertEquals("Fixed in <2 min> & \"soon\" – thanks’",
        HtmlText.toPlainText("<b>Fixed</b> in &lt;2 min&gt; &amp; &quot;soon&quot; &ndash; thanks&#8217;"));
  }

  @Test
  void keepsLineBreaksForBrParagraphsAndListItems() {
    assertEquals("First line\nSecond line\n\nNew paragraph:\n\n- one\n- two",
        HtmlText.toPlainText("<p>First line<br>Second line<br/></p>\n<p>New   paragraph:</p><ul>\n<li>one</li>\n<li>two</li></ul>"));
  }

  @Test
  void plainTextKeepsItsOwnLineBreaks() {
    assertEquals("We are investigating.\nMore soon.", HtmlText.toPlainText("We are investigating.\r\nMore soon.  "));
  }

  @Test
  void latinOneLettersAndSignsEditorsWriteAsNamedEntitiesAreDecoded() {
    // Rich-text editors (TinyMCE by default) write every non-ASCII letter as a named entity.
    assertEquals("Wartungsarbeiten am Sonntag: Zahlungen über Visa gestört, ½ Stunde «à côté» ¿qué? ÆØÅ ß ÿ ×",
        HtmlText.toPlainText("<p>Wartungsarbeiten am Sonntag: Zahlungen &uuml;ber Visa gest&ouml;rt, &frac12; Stunde "
            + "&laquo;&agrave; c&ocirc;t&eacute;&raquo; &iquest;qu&eacute;? &AElig;&Oslash;&Aring; &szlig; &yuml; &times;</p>"));
    assertEquals("&Eacutex; &eacute", HtmlText.toPlainText("&Eacutex; &eacute"), "unknown or unterminated names stay");
  }

  @Test
  void aGreaterThanSignInAQuotedAttributeValueDoesNotEndTheTag() {
    assertEquals("See the incident. Chart",
        HtmlText.toPlainText("<p>See <a href=\"https://status.example.com/incidents/1\" title=\"errors > 5%\">the incident</a>."
            + " <img alt='p95 > 2 s' src=x>Chart</p>"));
    assertEquals("It's down", HtmlText.toPlainText("<b class=x>It's</b> <i>down</i>"), "quotes outside tags are text");
  }

  @Test
  void numericEntitiesHexAndDecimalAndUnknownEntitiesLeftAlone() {
    assertEquals("A B &bogus; C", HtmlText.toPlainText("&#65; &#x42; &bogus; C"));
  }

  @Test
  void scriptStyleAndCommentsDisappear() {
    assertEquals("Visible text", HtmlText.toPlainText("<style>p{}</style><!-- hidden --><p>Visible <script>alert(1)</script>text</p>"));
  }

  @Test
  void plainTextWithComparisonSignsIsNotMarkupAndKeepsItsLineBreaks() {
    assertEquals("Uploads > 10 MB fail (p95 < 2 s otherwise).\nNext update in 30 minutes.",
        HtmlText.toPlainText("Uploads > 10 MB fail (p95 < 2 s otherwise).\nNext update in 30 minutes."));
    assertEquals("a <= b\nb >= c", HtmlText.toPlainText("a <= b\nb >= c"));
    assertEquals("Fixed\nfor <all>", HtmlText.toPlainText("Fixed\nfor &lt;all&gt;"), "escaped signs are no tag either");
    assertEquals("Tagged text", HtmlText.toPlainText("Tagged\n<b>text</b>"), "one real tag makes it markup");
  }

  @Test
  void aListItemsFirstParagraphStaysOnTheDashLine() {
    assertEquals("Affected:\n\n- Card payments\n- Invoices",
        HtmlText.toPlainText("<p>Affected:</p><ul><li><p>Card payments</p></li><li><p>Invoices</p></li></ul>"));
    assertEquals("- Card payments\n\nDeclined at checkout.\n- Invoices",
        HtmlText.toPlainText("<ul>\n  <li>\n    <p>Card payments</p>\n    <p>Declined at checkout.</p>\n  </li>\n"
            + "  <li><div>Invoices</div></li>\n</ul>"));
  }

  @Test
  void aLoneLessThanSignIsText() {
    assertEquals("latency < 5 ms", HtmlText.toPlainText("latency < 5 ms"));
    assertEquals("a <b", HtmlText.toPlainText("a <b"));
  }
}
