package io.tessera.dedup;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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
 * diameter in practice; pairs converge in one, short paths in two.
 *
 * <p>Every node belongs to one partition (a mixed hash of its key), which holds its neighbours and its label as
 * primitive arrays ({@link Part}, one object per partition, persisted per round). Messages between nodes (label
 * requests, answers, labels sent to neighbours) travel as one packed {@code long[]} per pair of partitions: a round
 * is one Spark job of three shuffles with no per-record objects, no query to plan and no join. Every
 * {@link #CHECKPOINT_EVERY} rounds the parts are cut from their lineage (reliably when the SparkContext has a
 * checkpoint directory).
 */
public final class ConnectedComponents {
  static final int CHECKPOINT_EVERY = 10;
  private static final StructType EDGE = new StructType()
      .add("src", DataTypes.LongType, false)
      .add("dst", DataTypes.LongType, false);
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

  /**
   * Components of nodes whose texts share a shingle: {@code texts} holds (node, text) rows, several rows per node
   * allowed. The (shingle, node) memberships move to their shingle's partition as packed pairs ({@link Exchange}):
   * the tens of millions of a large corpus never become rows. There the nodes that share a shingle are joined
   * (union-find over the partition's shingles), and only one edge per node leaves, to the smallest node it is
   * joined with: a boilerplate shingle on every record, or a corpus that is one big family, costs the graph one
   * edge per node and partition, not one per membership.
   */
  public static ConnectedComponents ofSharedShingles(Dataset<Row> texts, Shingles shingles) {
    SparkSession spark = texts.sparkSession();
    int n = spark.sessionState().conf().numShufflePartitions();
    JavaRDD<long[]> memberships = Exchange.deliver(texts.javaRDD().mapPartitions(rows -> {
      Exchange.Outbox out = new Exchange.Outbox(n);
      while (rows.hasNext()) {
        Row row = rows.next();
        long node = row.getLong(0);
        for (long shingle : shingles.of(TextNormalizer.normalize(row.getString(1)))) {
          out.send(shingle, node);
        }
      }
      return out.blocks();
    }), n);
    JavaRDD<Row> edges = memberships.mapPartitions(blocks -> {
      long[] links = links(Exchange.sortByKey(Exchange.gather(blocks)));
      List<Row> rows = new ArrayList<>(links.length / 2);
      for (int i = 0; i < links.length; i += 2) {
        rows.add(RowFactory.create(links[i], links[i + 1]));
      }
      return rows.iterator();
    });
    return of(spark.createDataFrame(edges, EDGE));
  }

  /**
   * From (key, node) pairs sorted by key: the nodes joined through shared keys (union-find), as packed (smallest
   * node, node) pairs for every other node of each set.
   */
  private static long[] links(long[] sorted) {
    long[] nodes = new long[sorted.length / 2];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = sorted[2 * i + 1];
    }
    Arrays.sort(nodes);
    int count = 0;
    for (int i = 0; i < nodes.length; i++) {
      if (i == 0 || nodes[i] != nodes[i - 1]) {
        nodes[count++] = nodes[i];
      }
    }
    int[] parent = new int[count];
    for (int i = 0; i < count; i++) {
      parent[i] = i;
    }
    for (int start = 0; start < sorted.length; ) {
      int first = Arrays.binarySearch(nodes, 0, count, sorted[start + 1]);
      int end = start + 2;
      for (; end < sorted.length && sorted[end] == sorted[start]; end += 2) {
        int a = root(parent, first);
        int b = root(parent, Arrays.binarySearch(nodes, 0, count, sorted[end + 1]));
        parent[Math.max(a, b)] = Math.min(a, b); // a set's root is its smallest node (nodes are sorted)
      }
      start = end;
    }
    long[] links = new long[2 * count];
    int size = 0;
    for (int i = 0; i < count; i++) {
      int root = root(parent, i);
      if (root != i) {
        links[size++] = nodes[root];
        links[size++] = nodes[i];
      }
    }
    return Arrays.copyOf(links, size);
  }

  private static int root(int[] parent, int node) {
    while (parent[node] != node) {
      parent[node] = parent[parent[node]]; // path halving
      node = parent[node];
    }
    return node;
  }

  /** Partitions of the graph; default {@code spark.sql.shuffle.partitions}. */
  public ConnectedComponents partitions(int partitions) {
    this.partitions = partitions;
    return this;
  }

  public ConnectedComponents maxRounds(int maxRounds) {
    this.maxRounds = maxRounds;
    return this;
  }

  /** {@code labels}: (node, component) for every node of an edge; call {@link #release()} when they are written. */
  public record Result(Dataset<Row> labels, int rounds, JavaRDD<?> persisted) {
    public void release() {
      persisted.unpersist(false);
    }
  }

  /** Labels {@code (node, component)} for every node of an edge; component is the smallest key connected to it. */
  public Result execute() {
    SparkSession spark = edges.sparkSession();
    int n = partitions > 0 ? partitions : spark.sessionState().conf().numShufflePartitions();
    JavaRDD<Row> edgeRows = edges.select(col("src"), col("dst")).javaRDD();
    JavaRDD<long[]> placedEdges = Exchange.deliver(edgeRows.mapPartitions(rows -> {
      Exchange.Outbox out = new Exchange.Outbox(n);
      while (rows.hasNext()) {
        Row row = rows.next();
        long src = row.getLong(0);
        long dst = row.getLong(1);
        if (src != dst) { // duplicate edges are harmless: every step takes a minimum
          out.send(src, dst);
          out.send(dst, src);
        }
      }
      return out.blocks();
    }), n);
    JavaRDD<Part> parts = placedEdges.mapPartitions(blocks -> List.of(Part.of(blocks)).iterator(), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      for (int round = 1; round <= maxRounds; round++) {
        // Pointer jumping: every node asks its label for that node's own label and keeps the smaller.
        JavaRDD<long[]> requests = Exchange.deliver(parts.mapPartitions(it -> it.next().requests(n)), n);
        JavaRDD<long[]> answers =
            Exchange.deliver(parts.zipPartitions(requests, (it, in) -> it.next().answers(in, n)), n);
        JavaRDD<Part> jumped = parts.zipPartitions(answers, (it, in) -> List.of(it.next().lowered(in)).iterator())
            .persist(StorageLevel.MEMORY_AND_DISK());
        // Then the smallest label among the neighbours'.
        JavaRDD<long[]> sent = Exchange.deliver(jumped.mapPartitions(it -> it.next().toNeighbours(n)), n);
        JavaRDD<Part> next = jumped.zipPartitions(sent, (it, in) -> List.of(it.next().lowered(in)).iterator())
            .persist(StorageLevel.MEMORY_AND_DISK());
        if (round % CHECKPOINT_EVERY == 0) {
          cut(next, spark);
        }
        // No neighbour has a smaller label: every edge's ends agree, so each component has one label, its
        // smallest key (that node's label never falls below itself and never rises).
        long changed = next.map(part -> (long) part.changed).reduce(Long::sum);
        jumped.unpersist(false);
        parts.unpersist(false);
        parts = next;
        if (changed == 0) {
          JavaRDD<Row> rows = parts.flatMap(Part::rows);
          return new Result(spark.createDataFrame(rows, LABEL), round, parts);
        }
      }
    } catch (RuntimeException e) {
      parts.unpersist(false);
      throw e;
    }
    parts.unpersist(false);
    throw new IllegalStateException("connected components did not converge in " + maxRounds + " rounds");
  }

  private static void cut(JavaRDD<Part> parts, SparkSession spark) {
    if (spark.sparkContext().getCheckpointDir().isDefined()) {
      parts.checkpoint();
    } else {
      parts.rdd().localCheckpoint();
    }
  }

  /** One partition of the graph: its nodes (sorted), their neighbours (CSR) and labels. */
  static final class Part implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] nodes;
    private final int[] offsets;
    private final long[] neighbours;
    private final long[] labels;
    private final int changed;

    private Part(long[] nodes, int[] offsets, long[] neighbours, long[] labels, int changed) {
      this.nodes = nodes;
      this.offsets = offsets;
      this.neighbours = neighbours;
      this.labels = labels;
      this.changed = changed;
    }

    /** From the (node, neighbour) pairs delivered to this partition; labels start at min(node, neighbours). */
    static Part of(Iterator<long[]> blocks) {
      long[] pairs = Exchange.gather(blocks);
      long[] keys = new long[pairs.length / 2];
      for (int i = 0; i < pairs.length; i += 2) {
        keys[i / 2] = pairs[i];
      }
      Arrays.sort(keys);
      int distinct = 0;
      for (int i = 0; i < keys.length; i++) {
        if (i == 0 || keys[i] != keys[i - 1]) {
          keys[distinct++] = keys[i];
        }
      }
      long[] nodes = Arrays.copyOf(keys, distinct);
      int[] offsets = new int[distinct + 1];
      for (int i = 0; i < pairs.length; i += 2) {
        offsets[Arrays.binarySearch(nodes, pairs[i]) + 1]++;
      }
      for (int i = 0; i < distinct; i++) {
        offsets[i + 1] += offsets[i];
      }
      long[] neighbours = new long[pairs.length / 2];
      int[] fill = Arrays.copyOf(offsets, distinct);
      long[] labels = nodes.clone();
      for (int i = 0; i < pairs.length; i += 2) {
        int node = Arrays.binarySearch(nodes, pairs[i]);
        neighbours[fill[node]++] = pairs[i + 1];
        labels[node] = Math.min(labels[node], pairs[i + 1]);
      }
      return new Part(nodes, offsets, neighbours, labels, 0);
    }

    /** (label, node) for every node whose label is another node: the node asks it for its label. */
    Iterator<Tuple2<Integer, long[]>> requests(int n) {
      Exchange.Outbox out = new Exchange.Outbox(n);
      for (int i = 0; i < nodes.length; i++) {
        if (labels[i] != nodes[i]) {
          out.send(labels[i], nodes[i]);
        }
      }
      return out.blocks();
    }

    /** For each request (node here, asker) the answer (asker, that node's label). */
    Iterator<Tuple2<Integer, long[]>> answers(Iterator<long[]> requests, int n) {
      Exchange.Outbox out = new Exchange.Outbox(n);
      while (requests.hasNext()) {
        long[] block = requests.next();
        for (int i = 0; i < block.length; i += 2) {
          out.send(block[i + 1], labels[Arrays.binarySearch(nodes, block[i])]);
        }
      }
      return out.blocks();
    }

    /** (neighbour, label) for every neighbour of every node. */
    Iterator<Tuple2<Integer, long[]>> toNeighbours(int n) {
      Exchange.Outbox out = new Exchange.Outbox(n);
      for (int i = 0; i < nodes.length; i++) {
        for (int j = offsets[i]; j < offsets[i + 1]; j++) {
          out.send(neighbours[j], labels[i]);
        }
      }
      return out.blocks();
    }

    /** Each node's label lowered to the smallest value delivered to it; {@code changed} counts the lowered. */
    Part lowered(Iterator<long[]> delivered) {
      long[] lowered = labels.clone();
      while (delivered.hasNext()) {
        long[] block = delivered.next();
        for (int i = 0; i < block.length; i += 2) {
          int node = Arrays.binarySearch(nodes, block[i]);
          lowered[node] = Math.min(lowered[node], block[i + 1]);
        }
      }
      int changes = 0;
      for (int i = 0; i < lowered.length; i++) {
        changes += lowered[i] != labels[i] ? 1 : 0;
      }
      return new Part(nodes, offsets, neighbours, lowered, changes);
    }

    Iterator<Row> rows() {
      List<Row> rows = new ArrayList<>(nodes.length);
      for (int i = 0; i < nodes.length; i++) {
        rows.add(RowFactory.create(nodes[i], labels[i]));
      }
      return rows.iterator();
    }
  }
}
