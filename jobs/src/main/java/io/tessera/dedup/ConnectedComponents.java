package io.tessera.dedup;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Connected components of an undirected graph given as edges {@code (src, dst)} of long node keys, computed
 * distributed: every node's label starts as the smallest key among itself and its neighbours, then each round jumps
 * to the label's own label (pointer jumping) and takes the smallest label among the neighbours', until no neighbour
 * has a smaller label. Labels only fall and the smallest key of a component never changes, so the result is each
 * node's smallest component key whatever the partitioning. Rounds grow with the logarithm of the components'
 * diameter in practice; a near-duplicate graph of pairs and short paths takes one.
 *
 * <p>Written on RDDs rather than Datasets: neighbour lists and labels are hash-partitioned alike once, so a round
 * is three narrow joins and three shuffles of (key, label) pairs, one Spark job, without a query to plan per step.
 * Each round's labels are persisted, and every {@link #CHECKPOINT_EVERY} rounds cut from their lineage (reliably
 * when the SparkContext has a checkpoint directory).
 */
public final class ConnectedComponents {
  static final int CHECKPOINT_EVERY = 10;
  private static final StructType LABEL = new StructType()
      .add("node", DataTypes.LongType, false)
      .add("component", DataTypes.LongType, false);

  private final Dataset<Row> edges;
  private int maxRounds = 100;
  private int partitions;

  private ConnectedComponents(Dataset<Row> edges) {
    this.edges = edges;
  }

  public static ConnectedComponents of(Dataset<Row> edges) {
    return new ConnectedComponents(edges);
  }

  /** Partitions of the edges and labels; default {@code spark.sql.shuffle.partitions}. */
  public ConnectedComponents partitions(int partitions) {
    this.partitions = partitions;
    return this;
  }

  public ConnectedComponents maxRounds(int maxRounds) {
    this.maxRounds = maxRounds;
    return this;
  }

  /** {@code labels}: (node, component) for every node of an edge; call {@link #release()} when they are written. */
  public record Result(Dataset<Row> labels, int rounds, JavaPairRDD<Long, ?> persisted) {
    public void release() {
      persisted.unpersist(false);
    }
  }

  /** Labels {@code (node, component)} for every node of an edge; component is the smallest key connected to it. */
  public Result execute() {
    SparkSession spark = edges.sparkSession();
    Partitioner partitioner = new MixedKeyPartitioner(partitions > 0 ? partitions
        : spark.sessionState().conf().numShufflePartitions());
    JavaPairRDD<Long, Nodes> neighbours = edges.select(col("src"), col("dst")).javaRDD()
        .flatMapToPair(row -> {
          long src = row.getLong(0);
          long dst = row.getLong(1);
          return src == dst ? List.<Tuple2<Long, Long>>of().iterator()
              : List.of(new Tuple2<>(src, dst), new Tuple2<>(dst, src)).iterator();
        })
        .combineByKey(Nodes::of, Nodes::add, Nodes::addAll, partitioner)
        .persist(StorageLevel.MEMORY_AND_DISK()); // duplicate edges are harmless: every step takes a minimum
    JavaPairRDD<Long, Long> labels = neighbours
        .mapPartitionsToPair(it -> map(it, t -> new Tuple2<>(t._1, Math.min(t._1, t._2.min()))), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    JavaPairRDD<Long, ?> held = labels;
    try {
      for (int round = 1; round <= maxRounds; round++) {
        // Pointer jumping: every node asks its label for that node's own label and keeps the smaller.
        JavaPairRDD<Long, Long> answers = labels.mapToPair(t -> new Tuple2<>(t._2, t._1))
            .combineByKey(Nodes::of, Nodes::add, Nodes::addAll, partitioner)
            .join(labels, partitioner)
            .flatMapToPair(t -> t._2._1.each(node -> new Tuple2<>(node, t._2._2)))
            .combineByKey(v -> v, Math::min, Math::min, partitioner); // one answer per node
        JavaPairRDD<Long, Long> jumpedLabels = labels.join(answers, partitioner)
            .mapPartitionsToPair(it -> map(it, t -> new Tuple2<>(t._1, Math.min(t._2._1, t._2._2))), true);
        // Then the smallest label among the neighbours': (node, (jumped label, lowered label)).
        JavaPairRDD<Long, Long> neighbourMin = neighbours.join(jumpedLabels, partitioner)
            .flatMapToPair(t -> t._2._1.each(neighbour -> new Tuple2<>(neighbour, t._2._2)))
            .combineByKey(v -> v, Math::min, Math::min, partitioner);
        JavaPairRDD<Long, Tuple2<Long, Long>> lowered = jumpedLabels.join(neighbourMin, partitioner)
            .mapPartitionsToPair(it -> map(it, t -> new Tuple2<>(t._1,
                new Tuple2<>(t._2._1, Math.min(t._2._1, t._2._2)))), true)
            .persist(StorageLevel.MEMORY_AND_DISK());
        if (round % CHECKPOINT_EVERY == 0) {
          cut(lowered, spark);
        }
        // No neighbour has a smaller label: every edge's ends agree, so each component has one label, its
        // smallest key (that node's label never falls below itself and never rises).
        long changed = lowered.filter(t -> !t._2._1.equals(t._2._2)).count();
        held.unpersist(false);
        held = lowered;
        labels = lowered.mapPartitionsToPair(it -> map(it, t -> new Tuple2<>(t._1, t._2._2)), true);
        if (changed == 0) {
          JavaRDD<Row> rows = labels.map(t -> RowFactory.create(t._1, t._2));
          return new Result(spark.createDataFrame(rows, LABEL), round, held);
        }
      }
    } finally {
      neighbours.unpersist(false);
    }
    held.unpersist(false);
    throw new IllegalStateException("connected components did not converge in " + maxRounds + " rounds");
  }

  private static void cut(JavaPairRDD<Long, ?> labels, SparkSession spark) {
    if (spark.sparkContext().getCheckpointDir().isDefined()) {
      labels.checkpoint();
    } else {
      labels.rdd().localCheckpoint();
    }
  }

  /** A partition's records mapped one by one (used with preservesPartitioning, which mapValues cannot see keys). */
  private static <A, B> Iterator<B> map(Iterator<A> it, Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public B next() {
        return f.apply(it.next());
      }
    };
  }

  /**
   * Partitions by a mixed hash of the long key: Spark's HashPartitioner takes the key's own bits, and component
   * labels (smallest keys) can share low bits, as sequential ids do, which put them all in one partition.
   */
  static final class MixedKeyPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    MixedKeyPartitioner(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (int) Long.remainderUnsigned(Shingles.mix((Long) key), partitions);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof MixedKeyPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }

  /** A growable list of node keys (a node's neighbours, or the nodes asking one label). */
  static final class Nodes implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private long[] keys = new long[4];
    private int size;

    static Nodes of(Long key) {
      return new Nodes().add(key);
    }

    Nodes add(Long key) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
      }
      keys[size++] = key;
      return this;
    }

    Nodes addAll(Nodes other) {
      for (int i = 0; i < other.size; i++) {
        add(other.keys[i]);
      }
      return this;
    }

    long min() {
      long min = Long.MAX_VALUE;
      for (int i = 0; i < size; i++) {
        min = Math.min(min, keys[i]);
      }
      return min;
    }

    <T> Iterator<T> each(LongFunction<T> f) {
      List<T> out = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        out.add(f.apply(keys[i]));
      }
      return out.iterator();
    }
  }
}
