package dev.helpline.diagnostics;

import dev.helpline.internal.redaction.RedactionEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Removes personal data and secrets from text before it is stored or sent. Immutable and
 * thread-safe; {@link #redact(String)} runs in time linear in the text's length (every look-ahead
 * is bounded or consumes what it read; no backtracking regular expressions).
 *
 * <p>Each built-in kind replaces what it finds with a marker that keeps the kind visible:
 *
 * <table>
 *   <caption>Built-in kinds, in order of precedence</caption>
 *   <tr><th>kind</th><th>finds</th><th>becomes</th></tr>
 *   <tr><td>{@code privatekey}</td><td>PEM private-key blocks (RSA, EC, DSA, OpenSSH, PKCS#8,
 *       encrypted, PGP), also indented, with {@code \n} escapes in JSON, with a log prefix on
 *       every line (logcat, {@code docker compose logs}), and cut-short blocks</td><td>the whole block: {@code [private-key]}</td></tr>
 *   <tr><td>{@code secret}</td><td>values next to a key that names a secret: {@code password=x},
 *       {@code "accessToken": "x"}, {@code DB_PASS=x}, {@code Пароль: x}, {@code 密码：x},
 *       {@code X-Auth-Token: x}, {@code aws_secret_access_key = x}, a bare {@code key} whose value
 *       looks generated ({@code ?key=9f3Kx2Lq8Zt4Wn7Rb1Yc}, {@code stripe_key: x}; not {@code
 *       key=ArrowUp}, {@code primaryKey=…} or a UUID), session cookies
 *       ({@code JSESSIONID}, {@code PHPSESSID}, {@code connect.sid}, {@code laravel_session},
 *       {@code ASP.NET_SessionId}, {@code sessionid}, …); JSON escaped inside a string;
 *       {@code <password>x</password>} and {@code <add key="ClientSecret" value="x"/>};
 *       {@code password: several words}; {@code password={noop}x}; the password in a URL's user
 *       info ({@code postgres://app:x@10.0.0.5}, also holding {@code @ # ?}); command lines
 *       ({@code --password x}, {@code curl -u user:x}, {@code mysql -px}); an Authorization
 *       header with a scheme other than those of {@code bearer} ({@code ApiKey x}, {@code SSWS x})</td>
 *       <td>key, user name and separators kept, value {@code [redacted]}; a user name that is an
 *       e-mail address goes with the password</td></tr>
 *   <tr><td>{@code bearer}</td><td>{@code Bearer x}; {@code Basic x} and {@code token x} in an
 *       Authorization header (also Negotiate, NTLM, DPoP)</td><td>scheme kept as written,
 *       credential {@code [token]}: {@code Bearer [token]}</td></tr>
 *   <tr><td>{@code jwt}</td><td>{@code eyJ…}.{@code …}.{@code …}, also unsigned
 *       ({@code alg: none})</td><td>{@code [jwt]}</td></tr>
 *   <tr><td>{@code webhook}</td><td>Slack, Discord, Microsoft Teams, Zapier, Telegram bot,
 *       IFTTT and Google Chat webhook URLs</td><td>host and fixed path kept, the secret path
 *       {@code [webhook]}</td></tr>
 *   <tr><td>{@code apikey}</td><td>about seventy provider token formats by prefix: AWS access key
 *       ids and session tokens, GitHub, GitLab, Slack, Stripe (also {@code whsec_}), Google, npm,
 *       SendGrid, Twilio, OpenAI-style {@code sk-…}, Shopify, DigitalOcean, PyPI, Hugging Face,
 *       Vault, Telegram bot tokens and more, of any length</td><td>{@code [apikey]}</td></tr>
 *   <tr><td>{@code email}</td><td>addresses, also with non-ASCII letters, percent-encoded
 *       ({@code jane%40example.com}) or with punycode domains</td><td>{@code [email]}</td></tr>
 *   <tr><td>{@code iban}</td><td>IBANs with a valid mod-97 check, solid or in groups of four (by
 *       spaces or dashes), in upper or lower case (Russia's 33-character IBAN included)</td><td>{@code [iban]}</td></tr>
 *   <tr><td>{@code account}</td><td>Russian 20-digit bank accounts (balance account starting with
 *       3 or 4, a currency code in digits 6–8)</td><td>{@code [account]}</td></tr>
 *   <tr><td>{@code device}</td><td>device and advertising identifiers after their keys: IMEI and
 *       MEID ({@code imei=…}), the Android ID ({@code android_id=…}), advertising ids
 *       ({@code advertisingId}, {@code gaid}, {@code idfa}, {@code idfv}); 8–40 hex digits, dashes
 *       allowed</td><td>{@code [device-id]}</td></tr>
 *   <tr><td>{@code ssn}</td><td>US Social Security numbers written {@code 078-05-1120}, and after an
 *       SSN key also run together or spaced; numbers never issued (area 000, 666, 9xx) stay</td>
 *       <td>{@code [ssn]}</td></tr>
 *   <tr><td>{@code location}</td><td>coordinates with three or more decimals after a location key
 *       ({@code lat=37.421998}, {@code "longitude": …}, {@code GPSLatitude}, {@code coords=a, b}), in
 *       Android's {@code Location[fused a,b …]} and in map links ({@code maps/@a,b,15z})</td>
 *       <td>{@code [location]}</td></tr>
 *   <tr><td>{@code card}</td><td>13–19 digit card numbers passing the Luhn check, solid or grouped
 *       by spaces, dashes or dots, also in comma-separated lists</td><td>{@code [card]}</td></tr>
 *   <tr><td>{@code ip}</td><td>IPv4 and IPv6 addresses</td><td>{@code [ip]}</td></tr>
 *   <tr><td>{@code phone}</td><td>international ({@code +…}) and common national numbers with
 *       8–15 digits, Russian ({@code 8 800 555-35-35}, {@code 8(495)…}, {@code 89161234567}) and
 *       Chinese ({@code 138 1234 5678}, {@code 13812345678}) forms included; after a phone key
 *       ({@code phone=5551234567}, {@code "mobile": …}, {@code X-Phone-Number: …}) 7–15 digits in any
 *       grouping; URL-encoded in query strings and form bodies too ({@code To=%2B14155550123},
 *       {@code phone=%2B44%2020%207946%200958}), and international ones as a URL's path segment
 *       ({@code /PhoneNumbers/+14155550123})</td>
 *       <td>{@code [phone]}</td></tr>
 *   <tr><td>{@code homedir}</td><td>the user name in a home-directory path: {@code /home/x/…},
 *       {@code /Users/x/…}, {@code /var/home/x/…}, {@code /mnt/c/Users/x/…} (WSL),
 *       {@code C:\Users\x\…} (also with spaces, {@code /} or JSON-escaped
 *       backslashes, and inside {@code file:} URLs); the shared profiles ({@code Public},
 *       {@code Default}, {@code Shared}, …) stay</td><td>the rest of the path kept, the name
 *       {@code [user]}: {@code C:\Users\[user]\AppData}</td></tr>
 * </table>
 *
 * <p>JSON that escapes {@code /} as {@code \/} (Android's {@code org.json}), {@code = &} as
 * <code>&#92;u003d</code> and <code>&#92;u0026</code> (Gson) or every non-ASCII letter as <code>&#92;uXXXX</code>
 * (Python's {@code json.dumps}, Jackson's ASCII mode) is read as if unescaped, so its URLs, paths, addresses
 * and key/value pairs are found too; what stays is copied with its escapes. URL-encoded text (query
 * strings, form bodies) is read word by word: a token may start after an encoded separator ({@code
 * %20}, {@code %3D}, {@code %26}, …) or a form's {@code +} after a lower-case letter as after a plain one,
 * so {@code text=my%20number%20is%20555-123-4567} and {@code msg=Call+me+at+555-123-4567} lose the number.
 *
 * <p>Matches are found in one left-to-right pass and the leftmost wins, so a token is replaced
 * whole before its digits could be read as a phone number. A key's value that ends at a blank
 * does not cut a longer secret short: a PEM block, a grouped card number or a bearer token that
 * starts the value is removed whole ({@code private_key: [private-key]}). Dates, times, UUIDs,
 * hex ids and hashes are left alone, and so are version numbers: a dotted quad after a version
 * word ({@code version}, {@code AssemblyVersion("…")}), after a product token
 * ({@code Chrome/120.0.0.0}; not after a host name: {@code DESKTOP-KQ3RJ7T/192.168.1.23})
 * or a package name, or followed by a pre-release tag ({@code 1.2.3.4-beta}). A logcat tag that ends
 * like a secret's key ({@code D/FirebaseAuth: Notifying …}, {@code 1234 D Session : Started …}) names
 * the class that logs, so its message goes only when it looks generated. Redacting already
 * redacted text changes nothing further. Text outside the matches, including any Unicode, is
 * copied unchanged.
 *
 * <p>Known over-matches, chosen over leaks: a dotted quad in a URL path is taken for an address
 * ({@code …/core/1.2.3.4/…}); after a password word and a colon the value runs over single spaces
 * to the end of the line or the next key ({@code Password: click the link below} loses its
 * sentence); any value of a key that ends like a secret goes ({@code session=3}); 11-digit numbers
 * starting with 89, 79 or 13–19 are taken for mobile numbers; a web path written without its host
 * that starts with {@code /home/} or {@code /Users/} ({@code GET /home/start}) loses its second
 * segment.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.builder()
 *     .skipField(Field.SUBJECT)
 *     .disableKind("ip")
 *     .addPattern("customer", Pattern.compile("CUST-\\d{6}"))
 *     .build();
 * String safe = redactor.redact(Field.LOGS, logText);
 * }</pre>
 */
public final class Redactor {
  private static final Pattern KIND_NAME = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Redactor DEFAULTS = new Builder().build();
  private static final Redactor DISABLED = disabledBuilder().build();

  private final Set<String> disabledKinds;
  private final List<String> extraKinds;
  private final List<Pattern> extraPatterns;
  private final Set<Field> skippedFields;
  private final RedactionEngine engine;

  private Redactor(Builder b) {
    disabledKinds = Collections.unmodifiableSet(new LinkedHashSet<>(b.disabledKinds));
    extraKinds = Collections.unmodifiableList(new ArrayList<>(b.extraKinds));
    extraPatterns = Collections.unmodifiableList(new ArrayList<>(b.extraPatterns));
    skippedFields = Collections.unmodifiableSet(EnumSet.copyOf(b.skippedFields));
    engine = RedactionEngine.create(disabledKinds, extraKinds, extraPatterns);
  }

  /** All built-in kinds, applied to every field. */
  public static Redactor defaults() {
    return DEFAULTS;
  }

  /** A redactor that changes nothing: every built-in kind disabled, no host patterns. */
  public static Redactor disabled() {
    return DISABLED;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this redactor's settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The names of the built-in kinds, in order of precedence. */
  public static List<String> builtInKinds() {
    return RedactionEngine.builtInKinds();
  }

  /** Returns {@code text} with every enabled rule applied; the same instance if nothing matched. */
  public String redact(String text) {
    Objects.requireNonNull(text, "text == null");
    return engine.redact(text);
  }

  /** Whether {@link #redact(Field, String)} may change text of {@code field}. */
  public boolean appliesTo(Field field) {
    Objects.requireNonNull(field, "field == null");
    return !engine.isNoop() && !skippedFields.contains(field);
  }

  /** Like {@link #redact(String)}, but returns {@code text} unchanged for a skipped field. */
  public String redact(Field field, String text) {
    Objects.requireNonNull(field, "field == null");
    Objects.requireNonNull(text, "text == null");
    return skippedFields.contains(field) ? text : engine.redact(text);
  }

  @Override
  public String toString() {
    List<String> enabled = new ArrayList<>();
    for (String kind : builtInKinds()) {
      if (!disabledKinds.contains(kind)) {
        enabled.add(kind);
      }
    }
    return "Redactor{kinds=" + enabled + ", extraKinds=" + extraKinds
        + ", skippedFields=" + skippedFields + "}";
  }

  private static Builder disabledBuilder() {
    Builder b = new Builder();
    b.disabledKinds.addAll(builtInKinds());
    return b;
  }

  /**
   * Configures a {@link Redactor}. Not thread-safe; {@link #build()} may be called repeatedly and
   * each result is independent of later changes to the builder.
   */
  public static final class Builder {
    private final Set<String> disabledKinds = new LinkedHashSet<>();
    private final List<String> extraKinds = new ArrayList<>();
    private final List<Pattern> extraPatterns = new ArrayList<>();
    private final Set<Field> skippedFields = EnumSet.noneOf(Field.class);

    Builder() {}

    Builder(Redactor r) {
      disabledKinds.addAll(r.disabledKinds);
      extraKinds.addAll(r.extraKinds);
      extraPatterns.addAll(r.extraPatterns);
      skippedFields.addAll(r.skippedFields);
    }

    /** Leaves text of {@code field} unredacted. */
    public Builder skipField(Field field) {
      skippedFields.add(Objects.requireNonNull(field, "field == null"));
      return this;
    }

    /**
     * Turns off a built-in kind (see {@link Redactor#builtInKinds()}) or removes the host patterns
     * added so far under {@code kind}.
     *
     * @throws IllegalArgumentException if {@code kind} is neither built in nor added; the message
     *     lists the known kinds
     */
    public Builder disableKind(String kind) {
      Objects.requireNonNull(kind, "kind == null");
      boolean builtIn = builtInKinds().contains(kind);
      boolean extra = extraKinds.contains(kind);
      if (!builtIn && !extra) {
        Set<String> known = new TreeSet<>(builtInKinds());
        known.addAll(extraKinds);
        throw new IllegalArgumentException(
            "kind: unknown kind '" + kind + "'; known kinds are " + known);
      }
      if (builtIn) {
        disabledKinds.add(kind);
      }
      for (int k = extraKinds.size() - 1; k >= 0; k--) {
        if (extraKinds.get(k).equals(kind)) {
          extraKinds.remove(k);
          extraPatterns.remove(k);
        }
      }
      return this;
    }

    /**
     * Adds a host rule: every match of {@code pattern} becomes {@code "[" + kind + "]"}. Host rules
     * run before the built-in ones, in the order added, so they see the original text. The pattern
     * runs as given; keep it free of nested quantifiers over overlapping classes. Redacting twice
     * equals redacting once as long as the pattern does not match its own replacement.
     *
     * @throws IllegalArgumentException if {@code kind} does not match {@code [a-z0-9_-]{1,32}},
     *     or if {@code pattern} matches the empty string
     */
    public Builder addPattern(String kind, Pattern pattern) {
      Objects.requireNonNull(kind, "kind == null");
      Objects.requireNonNull(pattern, "pattern == null");
      if (!KIND_NAME.matcher(kind).matches()) {
        throw new IllegalArgumentException(
            "kind: must match [a-z0-9_-]{1,32} but was '" + kind + "' (" + kind.length()
                + " characters)");
      }
      if (pattern.matcher("").matches()) {
        throw new IllegalArgumentException(
            "pattern for kind '" + kind + "' matches the empty string: " + pattern.pattern());
      }
      extraKinds.add(kind);
      extraPatterns.add(pattern);
      return this;
    }

    /** Returns an immutable, thread-safe redactor with these settings. */
    public Redactor build() {
      return new Redactor(this);
    }
  }

  /** The parts of a report a {@link Redactor} is applied to; each can be opted out separately. */
  public enum Field {
    /** The ticket subject. */
    SUBJECT,
    /** The ticket description. */
    DESCRIPTION,
    /** Names and values of custom fields. */
    CUSTOM_FIELDS,
    /** Tags and the category. */
    TAGS,
    /**
     * The requester's display name. The requester's e-mail address and id are never redacted: they are
     * how the desk reaches the user, and the user gave them for that.
     */
    REQUESTER_NAME,
    /** Recent log lines attached to a report. */
    LOGS,
    /** Collected diagnostics values (device, runtime, network, ...). */
    DIAGNOSTICS
  }
}
