package dev.helpline.android;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every text the help screens show, in English and Russian, in one place. The host overrides any of
 * them, for one language or all, and may add a language: a missing text falls back to English.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * HelpStrings strings = HelpStrings.defaults()
 *     .with(HelpStrings.Key.HELP, "Support")                       // every language
 *     .with(new Locale("ru"), HelpStrings.Key.HELP, "Поддержка");  // Russian only
 * }</pre>
 *
 * <p>Plural texts ({@link Key#isPlural()}) hold their forms separated by {@code |}, each with
 * {@code %d} for the number: English has one|other, Russian one|few|many (1 обращение, 2 обращения,
 * 5 обращений, 11 обращений, 21 обращение). A language this class has no rule for uses one|other.
 *
 * <p>{@link Key#CATEGORIES} holds the form's categories separated by {@code |}, each held to the rules of
 * {@link HelpConfig.Builder#categories} (the ticket's category is one of them); {@code with} refuses a text that
 * breaks them with {@link IllegalArgumentException}.
 */
public final class HelpStrings {
  /** The texts, each with its English and Russian default. */
  public enum Key {
    HELP("Help", "Помощь"),
    MY_TICKETS("My tickets", "Мои обращения"),
    CONTACT_SUPPORT("Contact support", "Написать в поддержку"),
    SUBJECT("Subject", "Тема"),
    DESCRIPTION("What happened?", "Что случилось?"),
    CATEGORY("Category", "Категория"),
    EMAIL("E-mail for our answer", "E-mail для ответа"),
    ATTACH_SCREENSHOT("Attach screenshot", "Приложить снимок экрана"),
    SCREENSHOT_UNAVAILABLE("Screenshot unavailable for this screen", "Снимок этого экрана недоступен"),
    SCREENSHOT_PREVIEW("Screenshot that will be attached", "Снимок экрана, который будет приложен"),
    ANNOTATE("Mark up screenshot", "Разметить снимок"),
    ATTACH_LOGS("Attach recent logs", "Приложить последние журналы"),
    REVIEW("Review what will be sent", "Посмотреть, что будет отправлено"),
    SEND("Send", "Отправить"),
    CONSENT_TITLE("This is exactly what will be sent:", "Будет отправлено ровно это:"),
    CONSENT_SUBJECT("Subject: %s", "Тема: %s"),
    CONSENT_CATEGORY("Category: %s", "Категория: %s"),
    CONSENT_FROM("From: %s", "От: %s"),
    CONSENT_ATTACHMENTS("Attachments, %s in all:", "Вложения, всего %s:"),
    CONSENT_DIAGNOSTICS("Diagnostics:", "Диагностика:"),
    ERROR_SUBJECT("Enter a subject", "Укажите тему"),
    ERROR_TOO_LONG("Too long: at most %d characters", "Слишком длинно: не больше %d символов"),
    ERROR_TOO_LONG_KB("Too long: at most %d KB", "Слишком длинно: не больше %d КБ"),
    ERROR_HIDDEN_CHARACTER("Remove the hidden or control character at position %d",
        "Уберите скрытый или управляющий символ в позиции %d"),
    ERROR_EMAIL("Enter an e-mail address like name@example.com", "Укажите адрес вида name@example.com"),
    ERROR_INVALID("This report cannot be sent as it is. Shorten it or remove unusual characters, then try again.",
        "Это обращение нельзя отправить в таком виде. Сократите его или уберите необычные символы и попробуйте снова."),
    ERROR_SAVE("Could not save your report. Try again.", "Не удалось сохранить обращение. Попробуйте ещё раз."),
    THANKS("Thanks! We'll send it as soon as we can.", "Спасибо! Отправим, как только сможем."),
    KNOWN_ISSUE("Known issue: %s (%s). We're working on it.", "Известная проблема: %s (%s). Мы уже работаем над ней."),
    MIGHT_HELP("Might help: %s", "Может помочь: %s"),
    NO_APP_FOR_LINK("No app on this device can open this link.", "На этом устройстве нет приложения, чтобы открыть эту ссылку."),
    CATEGORIES("Something is broken|Billing|Account|Other", "Что-то не работает|Оплата|Учётная запись|Другое"),
    // Annotation editor
    MARK_UP_TITLE("Mark up screenshot", "Разметка снимка"),
    TOOL_HIGHLIGHT("Highlight", "Выделить"),
    TOOL_BLACKOUT("Black out", "Закрасить"),
    TOOL_PEN("Pen", "Карандаш"),
    UNDO("Undo", "Отменить"),
    DONE("Done", "Готово"),
    TOOL_SELECTED("%s, selected", "%s, выбрано"),
    // My tickets and conversation
    TICKET_COUNT("%d ticket|%d tickets", "%d обращение|%d обращения|%d обращений"),
    NO_TICKETS("No tickets yet.", "Обращений пока нет."),
    LOADING("Loading…", "Загрузка…"),
    REPORTS_UNAVAILABLE("Could not read the reports saved on this device.",
        "Не удалось прочитать обращения, сохранённые на этом устройстве."),
    TICKETS_UNAVAILABLE("Could not load your tickets from support. Try again later.",
        "Не удалось загрузить ваши обращения из поддержки. Попробуйте позже."),
    STATE_QUEUED("queued", "в очереди"),
    STATE_NOT_SENT("not sent", "не отправлено"),
    STATE_SENT("sent", "отправлено"),
    STATE_AGENT_REPLIED("agent replied", "ответ поддержки"),
    STATE_RESOLVED("resolved", "решено"),
    SEND_AGAIN("Tap to send again", "Нажмите, чтобы отправить снова"),
    YOU("You", "Вы"),
    SUPPORT("Support", "Поддержка"),
    ATTACHMENT("Attachment: %s", "Вложение: %s"),
    YOUR_REPLY("Your reply", "Ваш ответ"),
    REPLY("Reply", "Ответить"),
    ATTACH_FILE("Attach a file", "Приложить файл"),
    REMOVE_FILE("Remove %s", "Убрать %s"),
    ERROR_REPLY_EMPTY("Write a reply first", "Сначала напишите ответ"),
    FILE_UNREADABLE("Could not read that file.", "Не удалось прочитать этот файл."),
    FILE_TOO_LARGE("%1$s is too large to attach: at most %2$s.", "Файл %1$s слишком большой для вложения: не больше %2$s."),
    FILES_TOO_MANY("No more files can be attached: the limit is %d.", "Больше файлов приложить нельзя: предел — %d."),
    FILES_TOO_LARGE_TOGETHER("%1$s would make the files too large together: at most %2$s in all.",
        "С файлом %1$s вложения будут слишком большими: всего не больше %2$s."),
    CONVERSATION_GONE("This ticket no longer exists at support.", "Этого обращения больше нет в поддержке."),
    CONVERSATION_UNAVAILABLE("Could not load this conversation. Try again later.",
        "Не удалось загрузить переписку. Попробуйте позже."),
    REPLY_INVALID("This reply cannot be sent as it is. Shorten it or remove unusual characters, then try again.",
        "Этот ответ нельзя отправить в таком виде. Сократите его или уберите необычные символы и попробуйте снова."),
    REPLY_FAILED("Could not send your reply. It is still here; try again later.",
        "Не удалось отправить ответ. Он сохранён здесь; попробуйте позже."),
    RATING_FAILED("Could not send your rating. Try again later.", "Не удалось отправить оценку. Попробуйте позже."),
    SEND_AGAIN_FAILED("Could not send this report again. Try again later.",
        "Не удалось отправить обращение снова. Попробуйте позже."),
    RATE("Rate our help:", "Оцените нашу помощь:"),
    RATE_SCORE("Rate %d of 5", "Оценка %d из 5"),
    RATED("Thanks for rating us %d of 5.", "Спасибо за оценку %d из 5."),
    STATUS("Status: %s", "Статус: %s"),
    // A ticket's status at the desk, shown as STATUS's %s
    TICKET_NEW("new", "новое"),
    TICKET_OPEN("open", "в работе"),
    TICKET_PENDING("pending", "ждёт вашего ответа"),
    TICKET_ON_HOLD("on hold", "отложено"),
    TICKET_SOLVED("solved", "решено"),
    TICKET_CLOSED("closed", "закрыто"),
    TICKET_REJECTED("rejected", "отклонено"),
    TICKET_UNKNOWN("unknown", "неизвестен"),
    // Status banner and notices
    MAINTENANCE("Maintenance: %s", "Техническое обслуживание: %s"),
    COMPONENT_STATUS("%s: %s", "%s: %s"),
    COMPONENT_DEGRADED_PERFORMANCE("degraded performance", "работает медленнее обычного"),
    COMPONENT_PARTIAL_OUTAGE("partial outage", "частичный сбой"),
    COMPONENT_MAJOR_OUTAGE("major outage", "серьёзный сбой"),
    COMPONENT_UNDER_MAINTENANCE("under maintenance", "на обслуживании"),
    // An incident's stage, shown as KNOWN_ISSUE's second %s
    INCIDENT_INVESTIGATING("investigating", "выясняем причину"),
    INCIDENT_IDENTIFIED("identified", "причина найдена"),
    INCIDENT_MONITORING("monitoring", "наблюдаем"),
    INCIDENT_RESOLVED("resolved", "решено"),
    INCIDENT_POSTMORTEM("postmortem", "разбор причин"),
    INCIDENT_UNKNOWN("unknown", "стадия неизвестна"),
    DISMISS("Dismiss", "Закрыть"),
    DISMISS_NOTICE("Dismiss notice: %s", "Закрыть уведомление: %s");

    final String english;
    final String russian;

    Key(String english, String russian) {
      this.english = english;
      this.russian = russian;
    }

    /** Whether the text holds plural forms separated by {@code |}. */
    public boolean isPlural() {
      return this == TICKET_COUNT;
    }
  }

  private static final HelpStrings DEFAULTS = new HelpStrings(new HashMap<>(), new EnumMap<>(Key.class));

  /** Overrides by language ("ru"), each complete or partial. */
  private final Map<String, Map<Key, String>> byLanguage;
  /** Overrides for every language. */
  private final Map<Key, String> everywhere;

  private HelpStrings(Map<String, Map<Key, String>> byLanguage, Map<Key, String> everywhere) {
    this.byLanguage = byLanguage;
    this.everywhere = everywhere;
  }

  /** English and Russian as shipped. */
  public static HelpStrings defaults() {
    return DEFAULTS;
  }

  /** A copy with {@code key} replaced in every language. */
  public HelpStrings with(Key key, String text) {
    Objects.requireNonNull(key, "key == null");
    checkText(key, text);
    Map<Key, String> copy = new EnumMap<>(Key.class);
    copy.putAll(everywhere);
    copy.put(key, text);
    return new HelpStrings(byLanguage, copy);
  }

  /** A copy with {@code key} replaced (or added) for {@code locale}'s language only. */
  public HelpStrings with(Locale locale, Key key, String text) {
    Objects.requireNonNull(locale, "locale == null");
    Objects.requireNonNull(key, "key == null");
    checkText(key, text);
    Map<String, Map<Key, String>> copy = new HashMap<>();
    for (Map.Entry<String, Map<Key, String>> e : byLanguage.entrySet()) copy.put(e.getKey(), new EnumMap<>(e.getValue()));
    copy.computeIfAbsent(locale.getLanguage(), l -> new EnumMap<>(Key.class)).put(key, text);
    return new HelpStrings(copy, everywhere);
  }

  private static void checkText(Key key, String text) {
    Objects.requireNonNull(text, "text == null");
    if (text.isEmpty() || text.length() > 500) {
      throw new IllegalArgumentException("text for " + key + " is " + text.length() + " characters; it must be 1 to 500");
    }
    if (key == Key.CATEGORIES) {
      String[] categories = text.split("\\|");
      if (categories.length == 0 || categories.length > 20) {
        throw new IllegalArgumentException("categories has " + categories.length + " entries; it must have 1 to 20");
      }
      for (int i = 0; i < categories.length; i++) HelpConfig.checkCategory(i, categories[i]);
    }
  }

  /** The text for {@code key} in {@code locale}'s language (English when there is none). */
  public String get(Key key, Locale locale) {
    Map<Key, String> language = byLanguage.get(locale.getLanguage());
    if (language != null && language.containsKey(key)) return language.get(key);
    if (everywhere.containsKey(key)) return everywhere.get(key);
    return "ru".equals(locale.getLanguage()) ? key.russian : key.english;
  }

  /** The text for {@code key} with {@code args} filled in ({@link String#format}, in {@code locale}). */
  public String format(Key key, Locale locale, Object... args) {
    return String.format(locale, get(key, locale), args);
  }

  /** The plural text for {@code key} and {@code count}: "2 обращения", "1 ticket". */
  public String plural(Key key, int count, Locale locale) {
    if (!key.isPlural()) throw new IllegalArgumentException(key + " is not a plural text");
    String[] forms = get(key, locale).split("\\|", -1);
    int index = Math.min(forms.length - 1, pluralIndex(locale.getLanguage(), count));
    return String.format(locale, forms[index], count);
  }

  /**
   * The index of the plural form for {@code n}: Unicode CLDR rules for Russian, Ukrainian and
   * Belarusian (one, few, many); one|other for everything else.
   */
  static int pluralIndex(String language, int n) {
    int abs = Math.abs(n);
    switch (language) {
      case "ru":
      case "uk":
      case "be": {
        int mod10 = abs % 10;
        int mod100 = abs % 100;
        if (mod10 == 1 && mod100 != 11) return 0;
        if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 1;
        return 2;
      }
      default:
        return abs == 1 ? 0 : 1;
    }
  }
}
