package io.tessera.langid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.pemistahl.lingua.api.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A fast first look at a text's language: naive Bayes over its letter trigrams with Lingua's own trigram models
 * (the {@code language-models/<code>/trigrams.json} files in Lingua's jar), held in flat primitive arrays. Lingua
 * answers about 0.35 ms per text whatever its length, mostly in object overhead; this screen answers in
 * microseconds. Texts where it is clearly sure ({@link Verdict#sure}) are settled here, the close calls go to
 * Lingua. Built once per JVM and language set; immutable, shared by task threads.
 */
final class TrigramScreen {
  /** Log probability of a trigram a language's model lacks: below every trigram the models hold. */
  private static final float UNSEEN = (float) Math.log(1e-7);
  private static final int BITS = 21;

  private final Language[] languages;
  private final long[] keys;
  private final int[] slots;
  private final int mask;
  private final int[] offsets;
  private final byte[] entryLanguage;
  private final float[] entryLogP;

  /**
   * The screen's answer: the best language, its lead over the second (log-likelihood ratio, nats; naive Bayes
   * overstates it, so thresholds are set by calibration against Lingua), and the evidence size. {@code fit} is the
   * best language's mean log-probability per trigram: text in one of Lingua's languages fits its model well
   * (about -2 on the UDHR), text in a language Lingua lacks fits none (Hausa -3.0, Breton -3.4).
   */
  record Verdict(Language best, Language second, double margin, int trigrams, int known, double fit,
      double[] scores) {
    /**
     * Sure enough to skip Lingua: enough trigrams, a lead of {@code minMargin} nats, and most of the text's
     * trigrams known to some model (not a Chinese text with a few English words).
     */
    boolean sure(double minMargin, int minTrigrams) {
      return best != null && trigrams >= minTrigrams && margin >= minMargin && known >= 0.8 * trigrams;
    }
  }

  private TrigramScreen(Language[] languages, long[] keys, int[] slots, int[] offsets, byte[] entryLanguage,
      float[] entryLogP) {
    this.languages = languages;
    this.keys = keys;
    this.slots = slots;
    this.mask = keys.length - 1;
    this.offsets = offsets;
    this.entryLanguage = entryLanguage;
    this.entryLogP = entryLogP;
  }

  /** Loads the trigram models of these languages (at most 127) from Lingua's jar. */
  static TrigramScreen load(Set<Language> chosen) {
    Language[] languages = chosen.toArray(Language[]::new);
    if (languages.length > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("at most 127 languages");
    }
    Map<Long, Integer> ids = new HashMap<>();
    long[] tripleKey = new long[1 << 20];
    byte[] tripleLanguage = new byte[1 << 20];
    float[] tripleLogP = new float[1 << 20];
    int n = 0;
    JsonFactory json = new JsonFactory();
    for (int l = 0; l < languages.length; l++) {
      String code = languages[l].getIsoCode639_1().toString().toLowerCase(Locale.ROOT);
      String resource = "language-models/" + code + "/trigrams.json";
      try (InputStream in = Language.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          continue; // a language Lingua decides by rules only
        }
        JsonParser parser = json.createParser(in);
        boolean inNgrams = false;
        for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
          if (t == JsonToken.FIELD_NAME && "ngrams".equals(parser.currentName())) {
            inNgrams = true;
            parser.nextToken();
            continue;
          }
          if (!inNgrams || t != JsonToken.FIELD_NAME) {
            continue;
          }
          String fraction = parser.currentName();
          parser.nextToken();
          int slash = fraction.indexOf('/');
          float logP = (float) Math.log(Double.parseDouble(fraction.substring(0, slash))
              / Double.parseDouble(fraction.substring(slash + 1)));
          for (String trigram : parser.getText().split(" ")) {
            long key = pack(trigram);
            if (key < 0) {
              continue;
            }
            if (n == tripleKey.length) {
              tripleKey = Arrays.copyOf(tripleKey, n * 2);
              tripleLanguage = Arrays.copyOf(tripleLanguage, n * 2);
              tripleLogP = Arrays.copyOf(tripleLogP, n * 2);
            }
            tripleKey[n] = key;
            tripleLanguage[n] = (byte) l;
            tripleLogP[n] = logP;
            n++;
            ids.putIfAbsent(key, ids.size());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read Lingua's model " + resource, e);
      }
    }
    // Entries grouped by trigram id: offsets[id] .. offsets[id + 1].
    int[] offsets = new int[ids.size() + 1];
    int[] idOf = new int[n];
    for (int i = 0; i < n; i++) {
      idOf[i] = ids.get(tripleKey[i]);
      offsets[idOf[i] + 1]++;
    }
    for (int i = 0; i < ids.size(); i++) {
      offsets[i + 1] += offsets[i];
    }
    int[] fill = Arrays.copyOf(offsets, ids.size());
    byte[] entryLanguage = new byte[n];
    float[] entryLogP = new float[n];
    for (int i = 0; i < n; i++) {
      int at = fill[idOf[i]]++;
      entryLanguage[at] = tripleLanguage[i];
      entryLogP[at] = tripleLogP[i];
    }
    int capacity = Integer.highestOneBit(Math.max(2, ids.size() * 2 - 1)) << 1;
    long[] keys = new long[capacity];
    int[] slots = new int[capacity];
    Arrays.fill(slots, -1);
    for (Map.Entry<Long, Integer> e : ids.entrySet()) {
      int h = mix(e.getKey()) & (capacity - 1);
      while (slots[h] >= 0) {
        h = (h + 1) & (capacity - 1);
      }
      keys[h] = e.getKey();
      slots[h] = e.getValue();
    }
    return new TrigramScreen(languages, keys, slots, offsets, entryLanguage, entryLogP);
  }

  /** Scores the letter trigrams of {@code text} (within words, lower case, as Lingua cuts them). */
  Verdict screen(String text) {
    int count = languages.length;
    double[] score = new double[count];
    int[] hits = new int[count];
    int trigrams = 0;
    int known = 0;
    int first = -1;
    int second = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        first = -1;
        second = -1;
        continue;
      }
      cp = Character.toLowerCase(cp);
      if (first >= 0 && second >= 0) {
        trigrams++;
        int id = lookup(((long) first << (2 * BITS)) | ((long) second << BITS) | cp);
        if (id >= 0) {
          known++;
          for (int e = offsets[id]; e < offsets[id + 1]; e++) {
            score[entryLanguage[e]] += entryLogP[e];
            hits[entryLanguage[e]]++;
          }
        }
      }
      first = second;
      second = cp;
    }
    if (trigrams == 0) {
      return new Verdict(null, null, 0, 0, 0, UNSEEN, score);
    }
    int best = -1;
    int next = -1;
    for (int l = 0; l < count; l++) {
      score[l] += (trigrams - hits[l]) * (double) UNSEEN;
      if (best < 0 || score[l] > score[best]) {
        next = best;
        best = l;
      } else if (next < 0 || score[l] > score[next]) {
        next = l;
      }
    }
    double margin = next < 0 ? Double.MAX_VALUE : score[best] - score[next];
    return new Verdict(languages[best], next < 0 ? null : languages[next], margin, trigrams, known,
        score[best] / trigrams, score);
  }

  /**
   * A verdict's languages by score, best first, when the models know at least half of the text's trigrams and
   * gave some language evidence; else empty. Only texts the screen does not settle need it.
   */
  List<Language> trustedRanking(Verdict verdict) {
    if (verdict.known() < 0.5 * verdict.trigrams()) {
      return List.of();
    }
    double[] score = verdict.scores();
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]) != 0 ? Double.compare(score[b], score[a])
        : Integer.compare(a, b));
    if (score[order[0]] == score[order[order.length - 1]]) {
      return List.of();
    }
    return Arrays.stream(order).map(i -> languages[i]).toList();
  }

  private int lookup(long key) {
    int h = mix(key) & mask;
    while (slots[h] >= 0) {
      if (keys[h] == key) {
        return slots[h];
      }
      h = (h + 1) & mask;
    }
    return -1;
  }

  /** Three code points in 63 bits; -1 for anything that is not three letters. */
  private static long pack(String trigram) {
    int[] cps = trigram.codePoints().toArray();
    if (cps.length != 3) {
      return -1;
    }
    return ((long) cps[0] << (2 * BITS)) | ((long) cps[1] << BITS) | cps[2];
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
