package io.tessera.dedup;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * MinHash signatures and LSH band keys. Hash function i is {@code a_i * x + b_i} over 64-bit arithmetic with odd
 * {@code a_i}, applied to shingle hashes that are already well mixed; the coefficients come from the seed, so every
 * executor computes the same signatures. Two records share a band key with probability about {@code 1 - (1 - J^r)^b};
 * {@link #candidateProbability} gives the chance of sharing at least m of the b bands.
 */
public final class MinHash implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int bands;
  private final int rows;
  private final long[] a;
  private final long[] b;

  public MinHash(int bands, int rows, long seed) {
    this.bands = bands;
    this.rows = rows;
    SplittableRandom random = new SplittableRandom(seed);
    a = new long[bands * rows];
    b = new long[bands * rows];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextLong() | 1L;
      b[i] = random.nextLong();
    }
  }

  public long[] signature(long[] shingles) {
    long[] signature = new long[a.length];
    java.util.Arrays.fill(signature, Long.MAX_VALUE);
    for (long x : shingles) {
      for (int i = 0; i < signature.length; i++) {
        long h = a[i] * x + b[i];
        if (h < signature[i]) {
          signature[i] = h;
        }
      }
    }
    return signature;
  }

  /** One key per band: the band's index and its rows' values hashed together. */
  public long[] bandKeys(long[] signature) {
    long[] keys = new long[bands];
    for (int band = 0; band < bands; band++) {
      long h = Shingles.mix(band + 1L);
      for (int r = band * rows; r < (band + 1) * rows; r++) {
        h = Shingles.mix(h ^ signature[r]);
      }
      keys[band] = h;
    }
    return keys;
  }

  /** The probability that two records with Jaccard similarity j share at least {@code minShared} of the bands. */
  public static double candidateProbability(double j, int bands, int rows, int minShared) {
    double p = Math.pow(j, rows);
    double below = 0;
    for (int k = 0; k < minShared; k++) {
      below += binomial(bands, k) * Math.pow(p, k) * Math.pow(1 - p, bands - k);
    }
    return 1 - below;
  }

  private static double binomial(int n, int k) {
    double c = 1;
    for (int i = 1; i <= k; i++) {
      c = c * (n - k + i) / i;
    }
    return c;
  }
}
