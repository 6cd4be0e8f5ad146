package dev.helpline.internal.redaction;

/**
 * Russian bank account numbers: 20 digits whose first five are a balance account starting with 3
 * or 4 ({@code 40817} personal, {@code 40702} company, {@code 30101} correspondent) and whose
 * sixth to eighth digits are a currency code ({@code 810} or {@code 643} roubles, {@code 840},
 * {@code 978}, …), written solid or in groups separated by single spaces
 * ({@code 40817 810 5 3820 1234567}). The check digit needs the bank's BIC, so it is not verified;
 * the fixed length, the leading digit and the currency code keep other long numbers out.
 */
final class BankAccountRule extends Rule {
  static final String KIND = "account";
  private static final String REPLACEMENT = "[account]";
  private static final int DIGITS = 20;
  private static final int[] CURRENCIES = {
    810, 643, 840, 978, 156, 826, 756, 392, 933, 398, 980, 985, 949
  };

  BankAccountRule() {
    super(KIND, REPLACEMENT);
  }

  @Override
  boolean canStartWith(char c) {
    return c == '3' || c == '4';
  }

  @Override
  boolean match(String s, int start, Match m) {
    if (!DigitRuns.startsCleanly(s, start, m.floor)
        || DigitRuns.continuesGroups(s, start, ' ', m.floor)) {
      return false;
    }
    int n = s.length();
    int count = 0;
    int currency = 0;
    int i = start;
    while (i < n && count < DIGITS) {
      char c = s.charAt(i);
      if (Chars.isDigit(c)) {
        if (count >= 5 && count < 8) {
          currency = currency * 10 + (c - '0');
        }
        count++;
        i++;
      } else if (c == ' ' && count > 0 && Chars.isDigit(Chars.at(s, i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (count != DIGITS || Chars.isDigit(Chars.at(s, i)) || !DigitRuns.endsCleanly(s, i)) {
      return false;
    }
    for (int code : CURRENCIES) {
      if (code == currency) {
        return m.set(i, 0, REPLACEMENT);
      }
    }
    return false;
  }
}
