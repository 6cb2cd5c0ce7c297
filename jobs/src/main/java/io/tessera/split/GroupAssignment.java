package io.tessera.split;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.tessera.config.TesseraConfig.SplitSettings;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Assigns whole groups (a thread, a survey question, a duplicate cluster) to train, validation and test, stratified
 * per culture × language.
 *
 * <p>A group's stratum is the primary culture and language most of its records have (ties: the smallest). Within a
 * stratum the groups are ordered by a seeded hash and laid out on [0, 1) at equal steps {@code (rank + offset) /
 * size}, the offset a seeded hash of the stratum; a group goes to train below {@code split.train}, to validation
 * below {@code train + validation}, else to test. So every stratum gets each split's share of its groups to within
 * one group (hashing alone holds the ratios only in expectation: a culture with 30 groups could get no test data),
 * and each group still has exactly the configured chance of each split, small strata included. Ranks come from one
 * global sort and {@code zipWithIndex}, so no stratum is ranked in a single task; the order is total (ties broken by
 * the group key), so the assignment is the same on any partitioning.
 *
 * <p>A group with a record from a source that names its split ({@code sources[].split}) goes to that split whole
 * (the most held-out one if its sources disagree) and takes no part in the ranking.
 */
final class GroupAssignment {
  static final String GROUP = "_group";
  /** The split a record's source puts it in ({@code sources[].split}), or null. */
  static final String FORCED = "_forced_split";
  private static final StructType INDEXED = new StructType()
      .add("group", DataTypes.StringType, false)
      .add("culture", DataTypes.StringType, false)
      .add("language", DataTypes.StringType, false)
      .add("index", DataTypes.LongType, false);

  private GroupAssignment() {}

  /**
   * One row per group of {@code records} (which carry {@value #GROUP}, {@value #FORCED}, culture and language): its
   * stratum, split, and whether a source forced it.
   */
  static Dataset<Row> assign(Dataset<Row> records, SplitSettings settings) {
    Dataset<Row> groups = records.groupBy(col(GROUP), coalesce(col("culture"), lit("und")).as("culture"),
            coalesce(col("language"), lit("und")).as("language"))
        // test < train < validation in this order; the most held-out forced split wins
        .agg(count(lit(1)).as("count"), min(when(col(FORCED).equalTo("test"), lit("0test"))
            .when(col(FORCED).equalTo("validation"), lit("1validation"))
            .when(col(FORCED).equalTo("train"), lit("2train"))).as("forced"))
        .groupBy(GROUP).agg(min(struct(negate(col("count")), col("culture"), col("language"))).as("_stratum"),
            min("forced").as("forced"))
        .select(col(GROUP).as("group"), col("_stratum.culture").as("culture"), col("_stratum.language").as("language"),
            expr("substring(forced, 2)").as("forced"));
    Dataset<Row> forced = groups.where(col("forced").isNotNull())
        .select(col("group"), col("culture"), col("language"), col("forced").as("split"), lit(true).as("forced"));
    Dataset<Row> free = groups.where(col("forced").isNull()).drop("forced");
    if (!settings.stratify) {
      return free.withColumn("split", split(SeededHash.unit(settings.seed, col("group")), settings))
          .withColumn("forced", lit(false)).unionByName(forced);
    }
    JavaRDD<Row> indexed = free.orderBy(col("culture"), col("language"), xxhash64(lit(settings.seed), col("group")),
            col("group"))
        .javaRDD().zipWithIndex()
        .map(pair -> RowFactory.create(pair._1().getString(0), pair._1().getString(1), pair._1().getString(2),
            pair._2()));
    Dataset<Row> ranked = records.sparkSession().createDataFrame(indexed, INDEXED);
    Dataset<Row> strata = ranked.groupBy("culture", "language")
        .agg(min("index").as("_first"), count(lit(1)).as("_size"))
        .withColumn("_offset", SeededHash.unit(settings.seed, lit("stratum"), col("culture"), col("language")));
    Column position = col("index").minus(col("_first")).plus(col("_offset")).divide(col("_size"));
    return ranked.join(broadcast(strata), new String[] {"culture", "language"})
        .select(col("group"), col("culture"), col("language"), split(position, settings).as("split"),
            lit(false).as("forced"))
        .unionByName(forced);
  }

  /**
   * The largest distance, in groups, between a split's size and its share of its stratum, over every stratum and
   * split of an assignment (forced groups aside): below 1 when stratified.
   */
  static double largestDeviation(Dataset<Row> assignment, SplitSettings settings) {
    Row row = assignment.where(col("forced").equalTo(false)).groupBy("culture", "language")
        .agg(count(lit(1)).as("n"),
            sum(when(col("split").equalTo("train"), 1).otherwise(0)).as("train"),
            sum(when(col("split").equalTo("validation"), 1).otherwise(0)).as("validation"),
            sum(when(col("split").equalTo("test"), 1).otherwise(0)).as("test"))
        .agg(max(greatest(
            abs(col("train").minus(col("n").multiply(settings.train))),
            abs(col("validation").minus(col("n").multiply(settings.validation))),
            abs(col("test").minus(col("n").multiply(settings.test))))))
        .first();
    return row.isNullAt(0) ? 0 : row.getDouble(0);
  }

  private static Column split(Column unit, SplitSettings settings) {
    return when(unit.lt(settings.train), lit("train"))
        .when(unit.lt(settings.train + settings.validation), lit("validation"))
        .otherwise(lit("test"));
  }
}
