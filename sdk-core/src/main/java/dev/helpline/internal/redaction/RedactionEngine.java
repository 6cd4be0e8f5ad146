package dev.helpline.internal.redaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Applies a fixed set of rules to text. Immutable and thread-safe.
 *
 * <p>Host patterns run first, each as one regular-expression pass, so they see the original text.
 * The built-in rules then share a single left-to-right scan: at each position where a token can
 * start (the previous character is not a letter, digit or underscore, or it ends a percent-encoded
 * separator such as {@code %20}), the rules that can start
 * with the current character are tried in precedence order ({@link #builtInKinds()}), and the first
 * match is replaced and skipped. Because the leftmost match wins, a secret, token or address is
 * consumed whole before its digits could be taken for a phone or card number. After a replacement
 * the scan continues as a second pass over the output would (see {@link Match#floor}), which keeps
 * redaction idempotent. Rules reject most positions after a constant number of reads and never
 * rescan a region from many starts, so the scan is linear in the length of the text.
 *
 * <p>Overlaps. A match that keeps a prefix (a key, an option) and whose value ends at a blank or
 * line break by guess ({@link Match#open}) may have cut a longer secret short: a PEM block after
 * {@code private_key: }, a grouped card number after {@code password=}, {@code Bearer} and its
 * credential after {@code --token}. So the rules are tried once more where the value starts; if
 * the first match there is of another kind and ends further right, it wins the overlap: the prefix
 * stays and everything from the value's start to that match's end becomes that match's marker
 * ({@code private_key: [private-key]}; a kept part of the longer match, such as its scheme, goes
 * too, or a second pass would take it for the value). When the value of a match already starts
 * with another kind's marker, as on a second pass over that output, the text through the marker is
 * kept as it is and the scan goes on after it. Both cost one extra dispatch per match, not per
 * character.
 */
public final class RedactionEngine {
  private static final Rule[] NONE = new Rule[0];

  /** Built-in kinds in precedence order. */
  private static final List<String> KINDS = Collections.unmodifiableList(Arrays.asList(
      PrivateKeyRule.KIND, SecretPairRule.KIND, BearerRule.KIND, JwtRule.KIND, WebhookRule.KIND,
      ApiKeyRule.KIND, EmailRule.KIND, IbanRule.KIND, BankAccountRule.KIND, DeviceIdRule.KIND,
      SsnRule.KIND, LocationRule.KIND, CardRule.KIND, IpRule.KIND, PhoneRule.KIND,
      HomeDirectoryRule.KIND));

  private final Rule[] rules;
  private final Rule[][] byFirstChar = new Rule[128][];
  private final Rule[] nonAscii;
  private final Pattern[] extraPatterns;
  private final String[] extraReplacements;
  private final boolean noop;

  private RedactionEngine(List<Rule> rules, List<String> extraKinds, List<Pattern> extras) {
    this.rules = rules.toArray(NONE);
    for (char c = 0; c < 128; c++) {
      List<Rule> fit = new ArrayList<>();
      for (Rule r : rules) {
        if (r.canStartWith(c)) {
          fit.add(r);
        }
      }
      byFirstChar[c] = fit.isEmpty() ? NONE : fit.toArray(NONE);
    }
    List<Rule> wide = new ArrayList<>();
    for (Rule r : rules) {
      if (r.canStartWith('\u00e9')) {
        wide.add(r);
      }
    }
    nonAscii = wide.toArray(NONE);
    extraPatterns = extras.toArray(new Pattern[0]);
    extraReplacements = new String[extraKinds.size()];
    for (int k = 0; k < extraReplacements.length; k++) {
      extraReplacements[k] = "[" + extraKinds.get(k) + "]";
    }
    noop = rules.isEmpty() && extras.isEmpty();
  }

  /** The built-in kinds, in the order they take precedence. */
  public static List<String> builtInKinds() {
    return KINDS;
  }

  /**
   * An engine with every built-in kind except {@code disabledKinds} (which must all be built-in)
   * plus one rule per host pattern, replaced by {@code "[" + kind + "]"}.
   */
  public static RedactionEngine create(
      Set<String> disabledKinds, List<String> extraKinds, List<Pattern> extraPatterns) {
    if (extraKinds.size() != extraPatterns.size()) {
      throw new IllegalArgumentException("extraKinds has " + extraKinds.size()
          + " entries but extraPatterns has " + extraPatterns.size());
    }
    List<Rule> rules = new ArrayList<>();
    for (Rule r : allBuiltIns()) {
      if (!disabledKinds.contains(r.kind())) {
        rules.add(r);
      }
    }
    return new RedactionEngine(rules, extraKinds, extraPatterns);
  }

  private static List<Rule> allBuiltIns() {
    // Precedence order; the secret kind has three rules (key/value pairs, URL user info, command
    // lines), tried in that order.
    return Arrays.asList(new PrivateKeyRule(), new SecretPairRule(), new UrlCredentialRule(),
        new CommandLineRule(), new BearerRule(), new JwtRule(), new WebhookRule(),
        new ApiKeyRule(), new EmailRule(), new IbanRule(), new BankAccountRule(), new DeviceIdRule(),
        new SsnRule(), new LocationRule(), new CardRule(), new IpRule(), new PhoneRule(),
        new HomeDirectoryRule());
  }

  /** Whether this engine never changes any text. */
  public boolean isNoop() {
    return noop;
  }

  /** Returns {@code text} with every match replaced; the same instance when nothing matched. */
  public String redact(String text) {
    Objects.requireNonNull(text, "text == null");
    String s = text;
    for (int k = 0; k < extraPatterns.length; k++) {
      s = replaceAll(s, extraPatterns[k], extraReplacements[k]);
    }
    EscapedView view = EscapedView.of(s);
    return view == null ? scan(s, s, null) : scan(view.text, s, view);
  }

  private static String replaceAll(String s, Pattern p, String replacement) {
    Matcher m = p.matcher(s);
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      if (m.end() == m.start()) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, copied, m.start()).append(replacement);
      copied = m.end();
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, s.length()).toString();
  }

  /**
   * Scans {@code s}, which is {@code original} or its {@code view}, and returns {@code original} with every
   * match replaced: the view's indices are mapped back, so kept text keeps its escapes.
   */
  private String scan(String s, String original, @Nullable EscapedView view) {
    int n = s.length();
    StringBuilder out = null;
    Match m = new Match();
    int copied = 0;
    int i = 0;
    char prev = '\0';
    while (i < n) {
      char c = s.charAt(i);
      if (Chars.isWordChar(prev) && !Chars.followsEncodedSeparator(s, i, m.floor)
          || candidates(c).length == 0) {
        prev = c;
        i++;
        continue;
      }
      Rule hit = firstMatch(s, i, m);
      if (hit == null) {
        prev = c;
        i++;
        continue;
      }
      int from = i + m.keep;
      int end = m.end;
      String replacement = m.replacement;
      int markerEnd = otherMarkerEnd(s, from, end, hit);
      if (markerEnd >= 0) {
        i = markerEnd; // already redacted: resume where the pass that wrote the marker did
        m.floor = i;
        prev = ']';
        continue;
      }
      if (m.open && from > i && !Chars.isWordChar(s.charAt(from - 1))) {
        Rule longer = firstMatch(s, from, m);
        if (longer != null && m.end > end && !longer.kind().equals(hit.kind())) {
          end = m.end;
          replacement = longer.marker();
        }
      }
      if (out == null) {
        out = new StringBuilder(original.length());
      }
      out.append(original, origin(view, copied), origin(view, from)).append(replacement);
      copied = end;
      i = end;
      // Continue as a second pass over the output would: right after a ']'.
      m.floor = i;
      prev = ']';
    }
    if (out == null) {
      return original;
    }
    return out.append(original, origin(view, copied), original.length()).toString();
  }

  private static int origin(@Nullable EscapedView view, int i) {
    return view == null ? i : view.origin(i);
  }

  private Rule[] candidates(char c) {
    return c < 128 ? byFirstChar[c] : nonAscii;
  }

  /** The first rule, in precedence order, that matches at {@code at}; fills {@code m}. */
  private Rule firstMatch(String s, int at, Match m) {
    for (Rule r : candidates(s.charAt(at))) {
      if (r.match(s, at, m)) {
        return r;
      }
    }
    return null;
  }

  /**
   * The end of the marker of a rule of another kind than {@code r} that starts {@code s[from,
   * end)}, or -1.
   */
  private int otherMarkerEnd(String s, int from, int end, Rule r) {
    if (from >= end || s.charAt(from) != '[') {
      return -1;
    }
    for (Rule other : rules) {
      if (!other.kind().equals(r.kind()) && s.startsWith(other.marker(), from)) {
        return from + other.marker().length();
      }
    }
    return -1;
  }
}
