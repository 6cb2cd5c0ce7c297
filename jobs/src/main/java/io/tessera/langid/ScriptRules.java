package io.tessera.langid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.Character.UnicodeScript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The coverage gate's script rules, read from {@code conf/langid/script-languages.tsv}: scripts only a language
 * Lingua lacks writes (Odia, Khmer...), scripts several such languages write that no detector here tells apart
 * (Tibetan: Tibetan and Dzongkha), letters that mark such a language within a script (Assamese ৰ ৱ in Bengali
 * script), and the shared scripts on which the broad detector is asked. Immutable.
 */
final class ScriptRules {
  static final String RESOURCE = "langid/script-languages.tsv";
  /** Markers decide when they are at least this share of the text's letters. */
  static final double MARKER_SHARE = 0.003;

  private record Marker(String language, Set<Integer> letters) {}

  private final Map<UnicodeScript, String> scriptLanguage = new EnumMap<>(UnicodeScript.class);
  private final Map<UnicodeScript, List<Marker>> markers = new EnumMap<>(UnicodeScript.class);
  private final Set<UnicodeScript> shared = EnumSet.noneOf(UnicodeScript.class);

  private ScriptRules(List<String> lines) {
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("script\t")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 4) {
        throw new IllegalStateException(RESOURCE + ": expected script, rule, language, markers: " + line);
      }
      UnicodeScript script = UnicodeScript.valueOf(f[0]);
      switch (f[1]) {
        // A script of several languages that no detector here tells apart decides und: naming one would be a
        // guess that is wrong for the others' text.
        case "only", "several" -> {
          String language = f[1].equals("only") ? f[2] : LanguageCodes.UNDETERMINED;
          if (!Scripts.writers(script).isEmpty() || scriptLanguage.put(script, language) != null) {
            throw new IllegalStateException(RESOURCE + ": " + script + " is not one language's: " + line);
          }
        }
        case "marker" -> markers.computeIfAbsent(script, s -> new ArrayList<>())
            .add(new Marker(f[2], Set.copyOf(f[3].codePoints().boxed().toList())));
        case "shared" -> shared.add(script);
        default -> throw new IllegalStateException(RESOURCE + ": unknown rule '" + f[1] + "': " + line);
      }
    }
  }

  static ScriptRules load() {
    InputStream in = ScriptRules.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is not on the classpath");
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return new ScriptRules(reader.lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The script that has at least 95% of the text's letters, or null. */
  static UnicodeScript dominant(Map<UnicodeScript, Integer> letters) {
    int total = letters.values().stream().mapToInt(Integer::intValue).sum();
    for (Map.Entry<UnicodeScript, Integer> e : letters.entrySet()) {
      if (total > 0 && e.getValue() * 100 >= total * 95) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * The language the rules give a prepared text whose letters are almost all in {@code script} ({@code und} for a
   * script of several languages without the letters of one of them), or null.
   */
  String decide(UnicodeScript script, String text, int letterCount) {
    if (script == null) {
      return null;
    }
    for (Marker marker : markers.getOrDefault(script, List.of())) {
      long hits = text.codePoints().filter(marker.letters()::contains).count();
      if (hits > 0 && hits >= MARKER_SHARE * letterCount) {
        return marker.language();
      }
    }
    return scriptLanguage.get(script);
  }

  /** Whether some rule names this language. */
  boolean names(String code) {
    return scriptLanguage.containsValue(code)
        || markers.values().stream().flatMap(List::stream).anyMatch(m -> m.language().equals(code));
  }

  /** Scripts written both by Lingua's languages and by languages it lacks: the broad detector is asked. */
  boolean shared(UnicodeScript script) {
    return script != null && shared.contains(script);
  }
}
