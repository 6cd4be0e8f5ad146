package dev.helpline.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
  @Test
  void htmlIsStrippedToPlainText() {
    assertEquals("a b", HtmlText.strip("<p>a</p><p>b</p>"));
    assertEquals("Tom & Jerry \"quoted\" \u00e9 \u20ac", HtmlText.strip("Tom &amp; Jerry &quot;quoted&quot; &#233; &#x20AC;"));
    assertEquals("visible", HtmlText.strip("<script>alert('x')</script><style>p{}</style>visible<!-- hidden -->"));
    assertEquals("cut", HtmlText.strip("cut <a href=\"x"));
    assertEquals("&unknown; stays", HtmlText.strip("&unknown; stays"));
    assertEquals("line one line two", HtmlText.strip("line one<br/>line\n\ttwo"));
  }
}
