package io.tessera.dedup;

import java.util.Arrays;

/**
 * The shingle set near-dedup compares: 64-bit hashes of word n-grams of the normalised text ({@link TextNormalizer}),
 * or of character n-grams when most letters belong to scripts written without spaces between words. A text shorter
 * than one n-gram is a single shingle. Sets are sorted arrays of distinct longs.
 */
public final class Shingles implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final int wordNgram;
  private final int charNgram;
  private final int maxChars;

  public Shingles(int wordNgram, int charNgram, int maxChars) {
    this.wordNgram = wordNgram;
    this.charNgram = charNgram;
    this.maxChars = maxChars;
  }

  /** Whether {@link #of} reads only part of this text. */
  public boolean bounds(String normalised) {
    return normalised.length() > maxChars;
  }

  /** Sorted distinct shingle hashes of a text already passed through {@link TextNormalizer#normalize}. */
  public long[] of(String normalised) {
    String text = normalised.length() > maxChars ? normalised.substring(0, maxChars) : normalised;
    boolean spaceless = spaceless(text);
    long[] units = spaceless ? codePointHashes(text) : wordHashes(text);
    int n = spaceless ? charNgram : wordNgram;
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

  private static long[] codePointHashes(String text) {
    return text.codePoints().filter(cp -> cp != ' ').mapToLong(cp -> mix(FNV_OFFSET ^ cp)).toArray();
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
