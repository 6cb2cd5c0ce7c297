package io.tessera.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Moves (key, value) pairs of longs between partitions as one packed {@code long[]} per pair of partitions, the
 * key deciding the target ({@link #partitionOf}). Near-dedup's hot exchanges (band keys, candidate pairs, graph
 * messages) carry millions of tiny records: packed, they cost Spark a few objects per task instead of one per
 * record (no row conversion, no per-record serialization, no size estimation).
 */
final class Exchange {
  private Exchange() {}

  /** The partition of a key: a mixed hash, so keys that share low bits (sequential ids) still spread. */
  static int partitionOf(long key, int partitions) {
    return (int) Long.remainderUnsigned(Shingles.mix(key), partitions);
  }

  /** Each partition's outgoing blocks (target partition, packed pairs), moved to their target partition. */
  static JavaRDD<long[]> deliver(JavaRDD<Tuple2<Integer, long[]>> blocks, int partitions) {
    return JavaPairRDD.fromJavaRDD(blocks).partitionBy(new Direct(partitions)).values();
  }

  /** The pairs a partition received, packed in one array (key, value, key, value...). */
  static long[] gather(Iterator<long[]> blocks) {
    List<long[]> received = new ArrayList<>();
    int length = 0;
    while (blocks.hasNext()) {
      long[] block = blocks.next();
      received.add(block);
      length += block.length;
    }
    long[] all = new long[length];
    int at = 0;
    for (long[] block : received) {
      System.arraycopy(block, 0, all, at, block.length);
      at += block.length;
    }
    return all;
  }

  /** Where the packed record (key, value, size, set...) starting at {@code at} ends: the next record's start. */
  static int nextRecord(long[] packed, int at) {
    return at + 3 + (int) packed[at + 2];
  }

  /** Swaps each packed pair's key and value in place. */
  static void swapKeysAndValues(long[] pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      long key = pairs[i];
      pairs[i] = pairs[i + 1];
      pairs[i + 1] = key;
    }
  }

  /**
   * Sorts packed pairs by key (stable: pairs with equal keys keep their order), by an LSD radix sort over the key's
   * bytes as unsigned; bytes every key shares are skipped. Returns the sorted array (the argument or its twin).
   */
  static long[] sortByKey(long[] pairs) {
    int n = pairs.length / 2;
    long[] from = pairs;
    long[] to = new long[pairs.length];
    int[] counts = new int[257];
    for (int shift = 0; shift < 64; shift += 8) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[(int) ((from[2 * i] >>> shift) & 0xFF) + 1]++;
      }
      boolean oneBucket = false;
      for (int b = 1; b <= 256 && !oneBucket; b++) {
        oneBucket = counts[b] == n;
      }
      if (oneBucket) {
        continue;
      }
      for (int b = 1; b <= 256; b++) {
        counts[b] += counts[b - 1];
      }
      for (int i = 0; i < n; i++) {
        int position = 2 * counts[(int) ((from[2 * i] >>> shift) & 0xFF)]++;
        to[position] = from[2 * i];
        to[position + 1] = from[2 * i + 1];
      }
      long[] swap = from;
      from = to;
      to = swap;
    }
    return from;
  }

  /** Routes a block keyed by its target partition number to that partition. */
  static final class Direct extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    Direct(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Direct d && d.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }

  /** Pairs (key, value), or records (key, value, size, set...), from one partition packed per target partition. */
  static final class Outbox {
    private final long[][] packed;
    private final int[] sizes;

    Outbox(int partitions) {
      packed = new long[partitions][];
      sizes = new int[partitions];
    }

    void send(long key, long value) {
      int p = reserve(key, 2);
      packed[p][sizes[p]++] = key;
      packed[p][sizes[p]++] = value;
    }

    /** A record of variable length: (key, value, size, set[from, from + size)). */
    void send(long key, long value, long[] set, int from, int size) {
      int p = reserve(key, 3 + size);
      long[] to = packed[p];
      to[sizes[p]++] = key;
      to[sizes[p]++] = value;
      to[sizes[p]++] = size;
      System.arraycopy(set, from, to, sizes[p], size);
      sizes[p] += size;
    }

    private int reserve(long key, int length) {
      int p = partitionOf(key, packed.length);
      if (packed[p] == null) {
        packed[p] = new long[Math.max(16, length)];
      } else if (sizes[p] + length > packed[p].length) {
        packed[p] = Arrays.copyOf(packed[p], Math.max(packed[p].length * 2, sizes[p] + length));
      }
      return p;
    }

    Iterator<Tuple2<Integer, long[]>> blocks() {
      List<Tuple2<Integer, long[]>> blocks = new ArrayList<>();
      for (int p = 0; p < packed.length; p++) {
        if (sizes[p] > 0) {
          blocks.add(new Tuple2<>(p, Arrays.copyOf(packed[p], sizes[p])));
          packed[p] = null;
        }
      }
      return blocks.iterator();
    }
  }
}
