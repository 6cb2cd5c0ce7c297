package io.tessera.split;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;

/** Deterministic draws for the split stage: the same on any cluster and partitioning. */
final class SeededHash {
  private static final long HASH_SPACE = 1L << 53;

  private SeededHash() {}

  /** A seeded hash of {@code keys} as a number in [0, 1). */
  static Column unit(String seed, Column... keys) {
    Column[] hashed = new Column[keys.length + 1];
    hashed[0] = lit(seed);
    System.arraycopy(keys, 0, hashed, 1, keys.length);
    return pmod(xxhash64(hashed), lit(HASH_SPACE)).divide(lit((double) HASH_SPACE));
  }
}
