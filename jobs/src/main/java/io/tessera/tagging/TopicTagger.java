package io.tessera.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tessera.dedup.Shingles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cultural topics from the versioned two-level taxonomy in conf/taxonomy.yaml (packaged as {@code taxonomy.yaml}):
 * every term of every language in one automaton, whole words in spaced scripts, anywhere in Chinese and Japanese.
 * A topic's score grows with its matches per 150 words: {@code 1 − exp(−matches / max(1, words / 150))}, so one
 * mention in a tweet counts more than one in a long article. Loaded once per JVM ({@link #get()}).
 */
public final class TopicTagger {
  /** Topics scoring less are not reported. */
  static final double MIN_SCORE = 0.2;
  /** Repeats of one term beyond this add nothing. */
  private static final int MAX_REPEATS = 3;

  public record Topic(String code, String path) {}

  public record TopicTag(String code, String path, double score, String taxonomyVersion) {}

  private record Term(String text, Topic topic, Topic subtopic) {}

  private final String version;
  private final Automaton<Term> automaton;
  private final Map<String, List<String>> crosswalk;

  /** Built on first use, once per JVM (class initialisation is thread-safe and lazy). */
  private static final class Holder {
    static final TopicTagger INSTANCE = load();
  }

  public static TopicTagger get() {
    return Holder.INSTANCE;
  }

  private TopicTagger(String version, List<Term> terms, Map<String, List<String>> crosswalk) {
    this.version = version;
    this.crosswalk = crosswalk;
    Map<String, Term> unique = new LinkedHashMap<>();
    terms.forEach(t -> unique.putIfAbsent(t.text(), t));
    automaton = new Automaton<>(unique);
  }

  public String version() {
    return version;
  }

  /** The topics whose crosswalk names {@code category} for {@code resource} (menavalues, wvs, culturebank, blend). */
  public List<String> topicsFor(String resource, String category) {
    return crosswalk.getOrDefault(resource + "\u0000" + category.toLowerCase(Locale.ROOT), List.of());
  }

  /** Topic tags, best first: the topic and, where a subtopic's own terms matched, the subtopic. */
  public List<TopicTag> tag(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    Map<Term, Integer> repeats = new HashMap<>();
    Map<Topic, Integer> hits = new LinkedHashMap<>();
    automaton.find(lower, (start, end, term) -> {
      if (repeats.merge(term, 1, Integer::sum) <= MAX_REPEATS) {
        hits.merge(term.topic(), 1, Integer::sum);
        if (term.subtopic() != null) {
          hits.merge(term.subtopic(), 1, Integer::sum);
        }
      }
    });
    double per = Math.max(1.0, words(text) / 150.0);
    List<TopicTag> tags = new ArrayList<>();
    hits.forEach((topic, n) -> {
      double score = Math.round((1 - Math.exp(-n / per)) * 1000) / 1000.0;
      if (score >= MIN_SCORE) {
        tags.add(new TopicTag(topic.code(), topic.path(), score, version));
      }
    });
    tags.sort(Comparator.comparingDouble(TopicTag::score).reversed().thenComparing(TopicTag::code));
    return tags;
  }

  /** Words, counting each character of scripts written without spaces as half a word. */
  static double words(String text) {
    double words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        if (c >= 0x0E00 && Shingles.writtenWithoutSpaces(c)) {
          words += 0.5;
          inWord = false;
        } else if (!inWord) {
          words++;
          inWord = true;
        }
      } else {
        inWord = false;
      }
    }
    return words;
  }

  private static TopicTagger load() {
    JsonNode root;
    try (InputStream in = TopicTagger.class.getClassLoader().getResourceAsStream("taxonomy.yaml")) {
      if (in == null) {
        throw new IllegalStateException("taxonomy.yaml is not on the classpath");
      }
      root = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Term> terms = new ArrayList<>();
    Map<String, List<String>> crosswalk = new HashMap<>();
    root.get("topics").fields().forEachRemaining(t -> {
      String code = t.getKey();
      JsonNode node = t.getValue();
      Topic topic = new Topic(code, node.get("label").asText());
      node.path("terms").fields().forEachRemaining(lang -> lang.getValue()
          .forEach(term -> terms.add(new Term(term.asText().toLowerCase(Locale.ROOT), topic, null))));
      node.path("subtopics").fields().forEachRemaining(s -> {
        Topic sub = new Topic(code + "." + s.getKey(), topic.path() + " > " + s.getValue().get("label").asText());
        s.getValue().path("terms").forEach(term -> terms.add(new Term(term.asText().toLowerCase(Locale.ROOT), topic,
            sub)));
      });
      node.path("crosswalk").fields().forEachRemaining(r -> r.getValue().forEach(category -> crosswalk
          .computeIfAbsent(r.getKey() + "\u0000" + category.asText().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(code)));
    });
    return new TopicTagger(root.get("version").asText(), terms, crosswalk);
  }
}
