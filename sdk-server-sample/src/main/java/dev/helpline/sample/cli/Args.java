package dev.helpline.sample.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The parsed arguments of one command: {@code --name value}, {@code --name=value}, flags, repeatable options and
 * positional arguments. Parsing rejects unknown options, missing values and repeats of single options with a
 * one-line message. Every argument that starts with {@code -} (but {@code -} alone) is an option, so a short option
 * such as {@code -v} is refused by its name; an argument that starts with {@code -} goes after {@code --}. Messages
 * quote option values only for numeric options, so secrets never reach them.
 * {@code --help} or {@code -h} where an option could stand asks for the command's usage, whatever else is given.
 */
final class Args {
  /** What one command accepts. */
  static final class Spec {
    private final Map<String, Kind> options = new LinkedHashMap<>();
    private final int minPositional;
    private final int maxPositional;
    private final String positionalName;

    enum Kind { VALUE, REPEATED, FLAG }

    Spec(int minPositional, int maxPositional, String positionalName) {
      this.minPositional = minPositional;
      this.maxPositional = maxPositional;
      this.positionalName = positionalName;
    }

    Spec value(String... names) {
      for (String n : names) options.put(n, Kind.VALUE);
      return this;
    }

    /** An option whose value is a secret; like {@link #value}, since no parser message quotes a value. */
    Spec secret(String... names) {
      return value(names);
    }

    Spec repeated(String... names) {
      for (String n : names) options.put(n, Kind.REPEATED);
      return this;
    }

    Spec flag(String... names) {
      for (String n : names) options.put(n, Kind.FLAG);
      return this;
    }

    /** The options accepted, in the order they were added. */
    Set<String> names() {
      return Collections.unmodifiableSet(options.keySet());
    }
  }

  private final String command;
  private final Map<String, List<String>> values;
  private final List<String> positional;

  private Args(String command, Map<String, List<String>> values, List<String> positional) {
    this.command = command;
    this.values = values;
    this.positional = positional;
  }

  static Args parse(String command, List<String> argv, Spec spec) throws CliException {
    if (asksForHelp(argv, spec)) throw CliException.help(command);
    Map<String, List<String>> values = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    boolean onlyPositional = false;
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (onlyPositional || !arg.startsWith("-") || arg.equals("-")) {
        positional.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        onlyPositional = true;
        continue;
      }
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      Spec.Kind kind = spec.options.get(name);
      if (kind == null) {
        throw CliException.badInput("unknown option " + shorten(name) + " for '" + command + "'; expected one of "
            + String.join(", ", spec.options.keySet())
            + (name.startsWith("--") ? "" : " (an argument starting with '-' goes after --)"));
      }
      if (kind == Spec.Kind.FLAG) {
        if (inline != null) throw CliException.badInput(name + " takes no value");
        values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
        continue;
      }
      String value;
      if (inline != null) {
        value = inline;
      } else {
        if (i + 1 >= argv.size() || !isValue(argv.get(i + 1))) throw CliException.badInput(name + " needs a value");
        value = argv.get(++i);
      }
      List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
      if (kind == Spec.Kind.VALUE && !list.isEmpty()) {
        throw CliException.badInput(name + " was given more than once");
      }
      list.add(value);
    }
    if (positional.size() < spec.minPositional) {
      throw CliException.badInput("'" + command + "' needs " + spec.positionalName);
    }
    if (positional.size() > spec.maxPositional) {
      String extra = positional.get(spec.maxPositional);
      throw CliException.badInput("unexpected argument '" + shorten(extra) + "' for '" + command + "'"
          + (spec.maxPositional == 0 ? "; it takes options only" : ""));
    }
    return new Args(command, values, positional);
  }

  /**
   * Whether {@code --help} or {@code -h} stands where an option could: not as the value of an option
   * ({@code --subject -h} is a subject) and not after {@code --}.
   */
  private static boolean asksForHelp(List<String> argv, Spec spec) {
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (arg.equals("--")) return false;
      if (arg.equals("--help") || arg.startsWith("--help=") || arg.equals("-h")) return true;
      Spec.Kind kind = spec.options.get(arg);
      if (kind != null && kind != Spec.Kind.FLAG && i + 1 < argv.size() && isValue(argv.get(i + 1))) i++;
    }
    return false;
  }

  /** What may follow an option as its value: anything but another option ("--" itself is a value). */
  private static boolean isValue(String next) {
    return !(next.startsWith("--") && next.length() > 2);
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  String command() {
    return command;
  }

  @Nullable String value(String name) {
    List<String> list = values.get(name);
    return list == null ? null : list.get(0);
  }

  String value(String name, String defaultValue) {
    String v = value(name);
    return v == null ? defaultValue : v;
  }

  List<String> values(String name) {
    List<String> list = values.get(name);
    return list == null ? Collections.emptyList() : Collections.unmodifiableList(list);
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  List<String> positional() {
    return Collections.unmodifiableList(positional);
  }

  /** A whole number of seconds from 0 to {@code max}; the message names the option and the value. */
  long seconds(String name, long defaultValue, long max) throws CliException {
    String v = value(name);
    if (v == null) return defaultValue;
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0 || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw CliException.badInput(name + " is '" + shorten(v) + "'; expected whole seconds from 0 to " + max);
    }
  }

  int integer(String name, int defaultValue, int min, int max) throws CliException {
    String v = value(name);
    if (v == null) return defaultValue;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw CliException.badInput(name + " is '" + shorten(v) + "'; expected a whole number from " + min + " to " + max);
    }
  }
}
