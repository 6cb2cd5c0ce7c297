package io.tessera.dedup;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import java.util.Arrays;

/**
 * The shingle set near-dedup compares: 64-bit hashes of n-grams of the normalised text ({@link TextNormalizer}).
 *
 * <p>Fixed ({@link #Shingles(int, int, int)}, decontamination's n-grams): word n-grams, or character n-grams
 * without spaces when most letters belong to scripts written without spaces between words.
 *
 * <p>Adaptive ({@link #adaptive}, near-dedup), fitted to the text: a one-word edit removes n word n-grams, which
 * in a 40-word post is a fifth of its set, so a short text (under {@code shortChars} characters) is shingled by
 * character n-grams (spaces kept in spaced scripts, where they mark word boundaries), which an edit dents in
 * proportion to its length. A longer text is shingled by word n-grams, its words cut by ICU's word break rules
 * (dictionary-based for Chinese, Japanese, Thai, Khmer, Lao, Myanmar) where the script has no spaces, with
 * {@code segmentedNgram} words, as those words are short. A text within 5 % of the boundary has a {@link #twin}:
 * the other representation, so a near copy on the other side of the boundary is still compared like with like.
 *
 * <p>A text shorter than one n-gram is a single shingle. Sets are sorted arrays of distinct longs.
 */
public final class Shingles implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  /** Texts this close to the short/long boundary (as a share of it) also get the other representation. */
  private static final double TWIN_ZONE = 0.05;
  private static final ThreadLocal<BreakIterator> WORDS =
      ThreadLocal.withInitial(() -> BreakIterator.getWordInstance(ULocale.ROOT));

  private final int wordNgram;
  private final int charNgram;
  private final int maxChars;
  /** Adaptive only (else 0): the short/long boundary in characters and the n of segmented words. */
  private final int shortChars;
  private final int segmentedNgram;

  public Shingles(int wordNgram, int charNgram, int maxChars) {
    this(wordNgram, charNgram, maxChars, 0, 0);
  }

  private Shingles(int wordNgram, int charNgram, int maxChars, int shortChars, int segmentedNgram) {
    this.wordNgram = wordNgram;
    this.charNgram = charNgram;
    this.maxChars = maxChars;
    this.shortChars = shortChars;
    this.segmentedNgram = segmentedNgram;
  }

  /** Near-dedup's shingles: character n-grams below {@code shortChars}, word n-grams above (see the class). */
  public static Shingles adaptive(int wordNgram, int segmentedNgram, int charNgram, int shortChars, int maxChars) {
    return new Shingles(wordNgram, charNgram, maxChars, shortChars, segmentedNgram);
  }

  /** Whether {@link #of} reads only part of this text. */
  public boolean bounds(String normalised) {
    return normalised.length() > maxChars;
  }

  /** Sorted distinct shingle hashes of a text already passed through {@link TextNormalizer#normalize}. */
  public long[] of(String normalised) {
    String text = normalised.length() > maxChars ? normalised.substring(0, maxChars) : normalised;
    boolean spaceless = spaceless(text);
    if (shortChars == 0) {
      return spaceless ? ngrams(codePointHashes(text, false), charNgram) : ngrams(wordHashes(text), wordNgram);
    }
    return shingle(text, spaceless, text.length() < shortChars);
  }

  /**
   * Adaptive only: the other representation of a text within {@value #TWIN_ZONE} of the short/long boundary (word
   * n-grams for a short text, character n-grams for a long one), else null.
   */
  public long[] twin(String normalised) {
    int length = Math.min(normalised.length(), maxChars);
    if (shortChars == 0 || Math.abs(length - shortChars) > TWIN_ZONE * shortChars) {
      return null;
    }
    String text = normalised.length() > maxChars ? normalised.substring(0, maxChars) : normalised;
    return shingle(text, spaceless(text), text.length() >= shortChars);
  }

  private long[] shingle(String text, boolean spaceless, boolean asShort) {
    if (asShort) {
      return ngrams(codePointHashes(text, !spaceless), charNgram);
    }
    return spaceless ? ngrams(segmentedWordHashes(text), segmentedNgram) : ngrams(wordHashes(text), wordNgram);
  }

  /** Sorted distinct hashes of the n-grams of {@code units}; one of them all when there are fewer than n. */
  private static long[] ngrams(long[] units, int n) {
    if (units.length == 0) {
      return new long[0];
    }
    int count = Math.max(1, units.length - n + 1);
    long[] shingles = new long[count];
    for (int i = 0; i < count; i++) {
      long h = 0;
      for (int j = i; j < Math.min(units.length, i + n); j++) {
        h = mix(h * GOLDEN + units[j]);
      }
      shingles[i] = h;
    }
    Arrays.sort(shingles);
    int distinct = 0;
    for (int i = 0; i < shingles.length; i++) {
      if (i == 0 || shingles[i] != shingles[i - 1]) {
        shingles[distinct++] = shingles[i];
      }
    }
    return Arrays.copyOf(shingles, distinct);
  }

  /** Most letters in Han, kana, Thai, Lao, Khmer, Myanmar or Tibetan script. */
  static boolean spaceless(String text) {
    int letters = 0;
    int unspaced = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x0E00) { // below Thai: no script without spaces; skip the script lookup
        letters += cp > ' ' ? 1 : 0;
        continue;
      }
      if (!Character.isLetter(cp)) {
        continue;
      }
      letters++;
      unspaced += writtenWithoutSpaces(cp) ? 1 : 0;
    }
    return letters > 0 && unspaced * 2 >= letters;
  }

  /** Whether a code point belongs to a script written without spaces between words (Han, kana, Thai...). */
  public static boolean writtenWithoutSpaces(int cp) {
    return switch (Character.UnicodeScript.of(cp)) {
      case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR, TIBETAN -> true;
      default -> false;
    };
  }

  private static long[] wordHashes(String text) {
    long[] hashes = new long[16];
    int count = 0;
    long h = FNV_OFFSET;
    boolean inWord = false;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (c == ' ') {
        if (inWord) {
          if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
          }
          hashes[count++] = mix(h);
          h = FNV_OFFSET;
          inWord = false;
        }
      } else {
        h = (h ^ c) * FNV_PRIME;
        inWord = true;
      }
    }
    return Arrays.copyOf(hashes, count);
  }

  /** Hashes of the words ICU's word break rules find (dictionary-based in scripts without spaces). */
  private static long[] segmentedWordHashes(String text) {
    BreakIterator words = WORDS.get();
    words.setText(text);
    long[] hashes = new long[16];
    int count = 0;
    for (int start = words.first(), end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
      if (words.getRuleStatus() < BreakIterator.WORD_NONE_LIMIT) {
        continue; // spaces
      }
      long h = FNV_OFFSET;
      for (int i = start; i < end; i++) {
        h = (h ^ text.charAt(i)) * FNV_PRIME;
      }
      if (count == hashes.length) {
        hashes = Arrays.copyOf(hashes, count * 2);
      }
      hashes[count++] = mix(h);
    }
    return Arrays.copyOf(hashes, count);
  }

  private static long[] codePointHashes(String text, boolean keepSpaces) {
    return text.codePoints().filter(cp -> keepSpaces || cp != ' ').mapToLong(cp -> mix(FNV_OFFSET ^ cp)).toArray();
  }

  /** The finaliser of SplitMix64: every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public static double jaccard(long[] a, long[] b) {
    return jaccard(a, 0, a.length, b, 0, b.length);
  }

  /** Jaccard similarity of the sorted sets a[aFrom, aFrom + aSize) and b[bFrom, bFrom + bSize). */
  public static double jaccard(long[] a, int aFrom, int aSize, long[] b, int bFrom, int bSize) {
    if (aSize == 0 && bSize == 0) {
      return 1.0;
    }
    int i = aFrom;
    int j = bFrom;
    int aEnd = aFrom + aSize;
    int bEnd = bFrom + bSize;
    int common = 0;
    while (i < aEnd && j < bEnd) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (aSize + bSize - common);
  }
}
