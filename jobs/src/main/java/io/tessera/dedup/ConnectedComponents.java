package io.tessera.dedup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Connected components of an undirected graph given as edges {@code (src, dst)} of long node keys, computed with
 * Spark joins only: every node's label starts as the smallest key among itself and its neighbours, then each round
 * takes the smallest label among the neighbours' and jumps to the label's own label (pointer jumping), until no
 * label changes. Labels only fall and the smallest key of a component never changes, so the result is each
 * node's smallest component key whatever the partitioning. Rounds grow with the logarithm of the components'
 * diameter in practice; near-duplicate graphs take a handful.
 */
public final class ConnectedComponents {
  private final Dataset<Row> edges;
  private UnaryOperator<Dataset<Row>> materialize = ds -> ds.localCheckpoint(true);
  private int maxRounds = 100;

  private ConnectedComponents(Dataset<Row> edges) {
    this.edges = edges;
  }

  public static ConnectedComponents of(Dataset<Row> edges) {
    return new ConnectedComponents(edges);
  }

  /** How each round's labels are cut from their lineage: default an eager local checkpoint. */
  public ConnectedComponents materializeWith(UnaryOperator<Dataset<Row>> materialize) {
    this.materialize = materialize;
    return this;
  }

  public ConnectedComponents maxRounds(int maxRounds) {
    this.maxRounds = maxRounds;
    return this;
  }

  public record Result(Dataset<Row> labels, int rounds) {}

  /** Labels {@code (node, component)} for every node of an edge; component is the smallest key connected to it. */
  public Result execute() {
    Dataset<Row> both = edges.select(col("src"), col("dst"))
        .union(edges.select(col("dst").as("src"), col("src").as("dst")))
        .where(col("src").notEqual(col("dst")))
        .persist(StorageLevel.MEMORY_AND_DISK()); // duplicate edges are harmless: every step takes a minimum
    Dataset<Row> labels = both.groupBy("src").agg(min("dst").as("m"))
        .select(col("src").as("node"), least(col("src"), col("m")).as("component"));
    try {
      for (int round = 1; round <= maxRounds; round++) {
        Dataset<Row> neighbours = both.join(labels, both.col("dst").equalTo(labels.col("node")))
            .groupBy(both.col("src")).agg(min(labels.col("component")).as("m"));
        Dataset<Row> lowered = labels.join(neighbours, labels.col("node").equalTo(neighbours.col("src")))
            .select(labels.col("node"), labels.col("component").as("before"),
                least(labels.col("component"), neighbours.col("m")).as("component"));
        Dataset<Row> pointer = lowered.select(col("node").as("p_node"), col("component").as("p_component"));
        Dataset<Row> jumped = materialize.apply(lowered
            .join(pointer, lowered.col("component").equalTo(pointer.col("p_node")))
            .select(lowered.col("node"), lowered.col("before"),
                least(lowered.col("component"), pointer.col("p_component")).as("component")));
        long changed = jumped.where(col("component").notEqual(col("before"))).count();
        labels = jumped.select("node", "component");
        if (changed == 0) {
          return new Result(labels, round);
        }
      }
    } finally {
      both.unpersist();
    }
    throw new IllegalStateException("connected components did not converge in " + maxRounds + " rounds");
  }
}
