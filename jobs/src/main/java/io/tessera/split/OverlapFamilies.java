package io.tessera.split;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tessera.dedup.ConnectedComponents;
import io.tessera.dedup.Shingles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Overlap families: split groups joined when any of their records share an n-gram (the decontamination n-gram),
 * with the distributed connected components of dedup ({@link ConnectedComponents}). A family goes to one split as a
 * whole, like a thread or a duplicate cluster, so overlapping texts are kept together instead of being split first
 * and dropped as contaminated afterwards. The groups that share n-grams are joined where the n-grams meet, so a
 * boilerplate n-gram costs one edge per group, not one per pair ({@link ConnectedComponents#ofSharedShingles}).
 */
final class OverlapFamilies {
  /**
   * {@code families}: (group, family) for every group of a family of more than one group and at most the size
   * limit; {@code largest}: the most records in one family; {@code tooBig}: families over the limit.
   */
  record Result(Dataset<Row> families, long largest, long tooBig, Runnable releaser) {
    void release() {
      releaser.run();
    }
  }

  private OverlapFamilies() {}

  /**
   * {@code texts}: (g, text) with g the group key (a hash of the group), shingled by {@code ngrams}; {@code groups}:
   * (group, g, records). A family with more than {@code maxSize} records is not formed: its groups stay apart (and
   * its training records that overlap a held-out one are removed afterwards as contaminated, reason
   * family_too_big).
   */
  static Result find(Dataset<Row> texts, Shingles ngrams, Dataset<Row> groups, long maxSize) {
    ConnectedComponents.Result components = ConnectedComponents.ofSharedShingles(texts, ngrams).execute();
    Dataset<Row> members = groups.join(components.labels().withColumnRenamed("node", "g"), "g");
    Dataset<Row> sizes = members.groupBy("component").agg(sum("records").as("family_records"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Row totals = sizes.agg(max("family_records"), count(when(col("family_records").gt(maxSize), lit(1)))).first();
    Dataset<Row> families = members.join(sizes.where(col("family_records").leq(maxSize)), "component")
        .select(col("group"), concat(lit("family:"), col("component").cast("string")).as("family"));
    return new Result(families, totals.isNullAt(0) ? 0 : totals.getLong(0), totals.getLong(1), () -> {
      sizes.unpersist(false);
      components.release();
    });
  }
}
