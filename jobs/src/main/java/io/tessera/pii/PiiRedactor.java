package io.tessera.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in text and replaces each span by a typed placeholder ({@code <EMAIL>}, {@code <PHONE>}...).
 * The candidate patterns and word lists are data ({@code conf/pii/patterns.yaml}); the checks a pattern cannot make
 * are here: Luhn for cards, IPv6 group rules, and the shapes and contexts that make a digit run a date, an ISBN or a
 * version rather than a phone number. Types are tried in {@link Type} order; an earlier type's span wins an overlap,
 * and a URL without credentials shields its own text from the later types (an @ or a digit run in a path).
 */
public final class PiiRedactor implements Serializable {
  /** The kinds of personal data, in the order they are looked for. */
  public enum Type {
    URL, EMAIL, IP, CARD, PHONE, HANDLE;

    public String placeholder() {
      return "<" + name() + ">";
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A span of personal data: [start, end) in the text. */
  public record Span(Type type, int start, int end) {}

  /** A redacted text and the spans found in it, by type ({@link Type#ordinal()}). */
  public record Result(String text, int[] counts) {
    public int total() {
      int total = 0;
      for (int count : counts) {
        total += count;
      }
      return total;
    }
  }

  private static final String RESOURCE = "/pii/patterns.yaml";
  /** How far before a digit run {@code not_phone_before} looks. */
  private static final int CONTEXT_CHARS = 24;
  /** Telephone numbers have 7 to 15 digits (E.164 allows at most 15). */
  private static final int MIN_PHONE_DIGITS = 7;
  private static final int MAX_PHONE_DIGITS = 15;

  private static final Pattern DATE = Pattern.compile(
      "\\(?\\d{4}[-./ ]\\d{1,2}[-./ ]\\d{1,2}\\)?|\\(?\\d{1,2}[-./ ]\\d{1,2}[-./ ]\\d{4}\\)?");
  private static final Pattern YEAR_RANGE = Pattern.compile("(?:1[5-9]|20)\\d\\d\\s*[-–]\\s*(?:1[5-9]|20)\\d\\d");
  private static final Pattern ISBN10 = Pattern.compile("\\d{1,5}-\\d{1,7}-\\d{1,7}-\\d");
  /** National numbers written the way their country writes them, where they start with no trunk 0. */
  private static final Pattern NATIONAL = Pattern.compile(String.join("|",
      "1?[ .-]?\\(?[2-9]\\d{2}\\)?[ .-]?\\d{3}[ .-]\\d{4}", // North America: (555) 123-4567, 555.123.4567
      "8[ (-]+\\d{3}\\)?[ -]?\\d{3}[ -]?\\d{2}[ -]?\\d{2}", // Russia: 8 (912) 345-67-89
      "[6-9]\\d{4}[ -]\\d{5}", // India mobile: 98765 43210
      "1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}")); // China mobile: 138 0013 8000, 13800138000
  private static final Pattern USER_INFO = Pattern.compile("^[a-zA-Z]+://[^/@\\s]+:[^/@\\s]+@");

  private final Pattern url;
  private final Pattern email;
  private final Pattern ipv4;
  private final Pattern ipv6;
  private final Pattern card;
  private final Pattern phone;
  private final Pattern handle;
  private final Pattern notPhoneBefore;
  private final Set<String> secretParams;

  private PiiRedactor(JsonNode conf) {
    JsonNode patterns = conf.get("patterns");
    url = Pattern.compile(patterns.get("url").asText());
    email = Pattern.compile(patterns.get("email").asText());
    ipv4 = Pattern.compile(patterns.get("ipv4").asText());
    ipv6 = Pattern.compile(patterns.get("ipv6").asText());
    card = Pattern.compile(patterns.get("card").asText());
    phone = Pattern.compile(patterns.get("phone").asText());
    handle = Pattern.compile(patterns.get("handle").asText());
    notPhoneBefore = Pattern.compile(conf.get("not_phone_before").asText());
    secretParams = new HashSet<>();
    conf.get("secret_params").forEach(p -> secretParams.add(p.asText().toLowerCase(Locale.ROOT)));
  }

  private static final class Holder {
    static final PiiRedactor STANDARD = load();

    private static PiiRedactor load() {
      try (InputStream in = PiiRedactor.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE + " (conf/pii/patterns.yaml)");
        }
        return new PiiRedactor(new YAMLMapper().readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The redactor of conf/pii/patterns.yaml, built once per JVM. */
  public static PiiRedactor standard() {
    return Holder.STANDARD;
  }

  /** The personal data in a text, by position. */
  public List<Span> find(String text) {
    List<Span> taken = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return taken;
    }
    List<Span> plainUrls = new ArrayList<>();
    for (Matcher m = url.matcher(text); m.find(); ) {
      int end = trimUrl(text, m.start(), m.end());
      Span span = new Span(Type.URL, m.start(), end);
      (carriesCredential(text.substring(m.start(), end)) ? taken : plainUrls).add(span);
    }
    for (Matcher m = email.matcher(text); m.find(); ) {
      take(taken, new Span(Type.EMAIL, m.start(), m.end()));
    }
    for (Matcher m = ipv4.matcher(text); m.find(); ) {
      if (!notPhoneBefore(text, m.start())) {
        take(taken, new Span(Type.IP, m.start(), m.end()));
      }
    }
    for (Matcher m = ipv6.matcher(text); m.find(); ) {
      if (isIpv6(m.group())) {
        take(taken, new Span(Type.IP, m.start(), m.end()));
      }
    }
    // URLs without credentials are not personal data, but what is inside them is not a phone or a handle either.
    List<Span> shields = new ArrayList<>();
    for (Span span : plainUrls) {
      if (take(taken, span)) {
        shields.add(span);
      }
    }
    for (Matcher m = card.matcher(text); m.find(); ) {
      if (isCard(m.group())) {
        take(taken, new Span(Type.CARD, m.start(), m.end()));
      }
    }
    for (Matcher m = phone.matcher(text); m.find(); ) {
      int start = m.start();
      String candidate = m.group();
      // A bracket opened before the number, or closed after it, is not part of it.
      if (candidate.startsWith("(") && candidate.indexOf(')') < 0) {
        candidate = candidate.substring(1);
        start++;
      }
      if (isPhone(candidate) && !notPhoneBefore(text, start)) {
        take(taken, new Span(Type.PHONE, start, start + candidate.length()));
      }
    }
    for (Matcher m = handle.matcher(text); m.find(); ) {
      take(taken, new Span(Type.HANDLE, m.start(), m.end()));
    }
    taken.removeAll(shields);
    taken.sort(Comparator.comparingInt(Span::start));
    return taken;
  }

  /** The text with its personal data replaced by placeholders, and the counts by type. */
  public Result redact(String text) {
    int[] counts = new int[Type.values().length];
    if (text == null) {
      return new Result(null, counts);
    }
    List<Span> spans = find(text);
    if (spans.isEmpty()) {
      return new Result(text, counts);
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Span span : spans) {
      out.append(text, at, span.start()).append(span.type().placeholder());
      at = span.end();
      counts[span.type().ordinal()]++;
    }
    out.append(text, at, text.length());
    return new Result(out.toString(), counts);
  }

  private static boolean take(List<Span> taken, Span span) {
    for (Span other : taken) {
      if (span.start() < other.end() && other.start() < span.end()) {
        return false;
      }
    }
    taken.add(span);
    return true;
  }

  /** A URL's end without the sentence's punctuation, and without a closing bracket it did not open. */
  private static int trimUrl(String text, int start, int end) {
    while (end > start) {
      char last = text.charAt(end - 1);
      if (".,;:!?'\"".indexOf(last) >= 0) {
        end--;
      } else if (last == ')' && count(text, start, end, '(') < count(text, start, end, ')')) {
        end--;
      } else {
        break;
      }
    }
    return end;
  }

  private static int count(String text, int start, int end, char c) {
    int n = 0;
    for (int i = start; i < end; i++) {
      n += text.charAt(i) == c ? 1 : 0;
    }
    return n;
  }

  private boolean carriesCredential(String link) {
    if (USER_INFO.matcher(link).find()) {
      return true;
    }
    int query = link.indexOf('?');
    int fragment = link.indexOf('#');
    int from = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
    if (from < 0) {
      return false;
    }
    for (String param : link.substring(from + 1).split("[&;#?]")) {
      int eq = param.indexOf('=');
      if (eq > 0 && eq < param.length() - 1 && secretParams.contains(param.substring(0, eq).toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private boolean notPhoneBefore(String text, int start) {
    return notPhoneBefore.matcher(text.substring(Math.max(0, start - CONTEXT_CHARS), start)).find();
  }

  static boolean isIpv6(String candidate) {
    int doubleColon = candidate.indexOf("::");
    if (candidate.contains(":::") || (doubleColon >= 0 && candidate.indexOf("::", doubleColon + 1) >= 0)) {
      return false;
    }
    String[] groups = candidate.split(":", -1);
    int nonEmpty = 0;
    for (String group : groups) {
      if (group.length() > 4) {
        return false;
      }
      nonEmpty += group.isEmpty() ? 0 : 1;
    }
    if (doubleColon < 0) {
      return groups.length == 8 && nonEmpty == 8;
    }
    // ::1 (loopback) or at least two groups around the gap (2001:db8::1); fewer is too little to be an address.
    return nonEmpty <= 7 && (nonEmpty >= 2 || candidate.equals("::1"));
  }

  static boolean isCard(String candidate) {
    String digits = candidate.replaceAll("[^0-9]", "");
    if (digits.length() < 13 || digits.length() > 19) {
      return false;
    }
    // One separator used throughout, or none: 4111 1111 1111 1111, 4111-1111-1111-1111, 4111111111111111.
    boolean spaces = candidate.indexOf(' ') >= 0;
    boolean dashes = candidate.indexOf('-') >= 0;
    return !(spaces && dashes) && luhn(digits);
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubled) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  static boolean isPhone(String candidate) {
    String digits = candidate.replaceAll("[^0-9]", "");
    int n = digits.length();
    if (n < MIN_PHONE_DIGITS || n > MAX_PHONE_DIGITS || count(candidate, 0, candidate.length(), '(')
        != count(candidate, 0, candidate.length(), ')')) {
      return false;
    }
    if (DATE.matcher(candidate).matches() || YEAR_RANGE.matcher(candidate).matches()) {
      return false;
    }
    if (isIsbn(candidate, digits)) {
      return false;
    }
    if (candidate.startsWith("+")) {
      // No country code starts with 0: +0000 2024 is a time zone and a year.
      return n >= 8 && digits.charAt(0) != '0';
    }
    if (candidate.startsWith("00")) {
      // 00, a country code and a number: an id padded with zeros (case 00123456) is shorter.
      return n >= 11;
    }
    boolean separated = !candidate.equals(digits);
    String national = candidate.startsWith("(") ? candidate.substring(1) : candidate;
    if (national.startsWith("0")) {
      return separated ? n >= 9 && n <= 12 : n == 10 || n == 11;
    }
    if (candidate.startsWith("(") && (n == 10 || n == 11)) {
      return true;
    }
    return NATIONAL.matcher(candidate).matches();
  }

  private static boolean isIsbn(String candidate, String digits) {
    if (digits.length() == 13 && (digits.startsWith("978") || digits.startsWith("979"))) {
      int sum = 0;
      for (int i = 0; i < 13; i++) {
        sum += (digits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
      }
      return sum % 10 == 0;
    }
    if (digits.length() == 10 && ISBN10.matcher(candidate).matches()) {
      int sum = 0;
      for (int i = 0; i < 10; i++) {
        sum += (digits.charAt(i) - '0') * (10 - i);
      }
      return sum % 11 == 0;
    }
    return false;
  }
}
