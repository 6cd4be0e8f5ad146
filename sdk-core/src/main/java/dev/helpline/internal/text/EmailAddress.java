package dev.helpline.internal.text;

import java.util.regex.Pattern;

/**
 * The one rule for an e-mail address a ticket's requester may give: a local part of at most 64 characters from the
 * address characters (any beyond ASCII included), an '@', a domain of at least two labels that neither start nor end
 * with a hyphen; no two dots in a row, no space of any kind ({@link Spaces}) and nothing one-line text may not hold
 * ({@link OneLine}). The length limit is {@code Requester.MAX_EMAIL_CHARS}, checked apart so that a message can say
 * so. Stateless and thread-safe.
 */
public final class EmailAddress {
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\\-\\u0080-\\uFFFF]{1,64}@[A-Za-z0-9\\u0080-\\uFFFF](?:[A-Za-z0-9\\-\\u0080-\\uFFFF]*[A-Za-z0-9\\u0080-\\uFFFF])?(?:\\.[A-Za-z0-9\\u0080-\\uFFFF](?:[A-Za-z0-9\\-\\u0080-\\uFFFF]*[A-Za-z0-9\\u0080-\\uFFFF])?)+");

  private EmailAddress() {}

  /** Whether {@code s} is a well-formed address by this rule (its length aside). */
  public static boolean isWellFormed(String s) {
    return EMAIL.matcher(s).matches() && !s.contains("..") && OneLine.firstForbidden(s) < 0 && !Spaces.hasSpace(s);
  }
}
