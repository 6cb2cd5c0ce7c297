package io.tessera.split;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.SplitSettings;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Assigns each kept record to train, validation or test with its whole group (the thread for social records, the
 * battery or else the question for survey items, else the duplicate cluster; groups whose records share an n-gram
 * joined into one overlap family, {@link OverlapFamilies}), so records of one group never straddle splits; the
 * groups are stratified per culture × language ({@link GroupAssignment}) and the assignment is the same on any
 * cluster. Then decontamination ({@link Decontamination}): training records that share an n-gram with an external
 * benchmark, or with a held-out record of a family too big to keep whole, are removed, listed with the reason in
 * the stage's {@code contaminated} table and counted under that drop reason; then the caps of {@link Balance}.
 */
public final class SplitStage implements Stage {
  /** A record's own split group, before overlap families join groups. */
  private static final String OWN_GROUP = "_own_group";

  @Override
  public String name() {
    return StageNames.SPLIT;
  }

  @Override
  public String description() {
    return "assign whole groups to train/validation/test, stratified per culture and language; remove leaking"
        + " training records; cap cultures and languages";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return Map.of("split", config.split, "balance", config.balance, "source_splits", sourceSplits(config));
  }

  /** The sources that name their split ({@code sources[].split}): source name → split. */
  private static Map<String, String> sourceSplits(TesseraConfig config) {
    Map<String, String> splits = new java.util.TreeMap<>();
    config.sources.stream().filter(s -> s.split != null).forEach(s -> splits.put(s.name, s.split.key()));
    return splits;
  }

  /** Writes the records of {@code removed} to the stage's table for {@code reason}; returns the rest. */
  private Dataset<Row> remove(StageContext context, Dataset<Row> kept, Dataset<Row> removed, String reason) {
    String table = context.paths().stageTable(name(), reason);
    List<Column> columns = new ArrayList<>(List.of(col("doc_id"), col("source.name").as("source_name")));
    if (List.of(removed.columns()).contains("shared_ngram")) {
      columns.add(col("reason")); // benchmark_file or family_too_big
      columns.add(col("shared_ngram")); // the evidence of a leak
    }
    context.write(removed.select(columns.toArray(Column[]::new)), table);
    Dataset<Row> ids = context.spark().read().parquet(table).select(col("doc_id").as("_removed_id"));
    return kept.join(ids, kept.col("doc_id").equalTo(ids.col("_removed_id")), "left_anti");
  }

  @Override
  public StageResult run(StageContext context) {
    SplitSettings settings = context.config().split;
    // The group: a social thread; a survey battery, else its question (translations and populations go together);
    // else the duplicate cluster. Groups whose records share an n-gram then form one family.
    Column group = coalesce(col("social.thread_id"),
        when(col("survey.question_id").isNotNull(), concat_ws(":", col("survey.instrument"),
            when(col("survey.battery").isNotNull(), concat(lit("battery:"), col("survey.battery")))
                .otherwise(col("survey.question_id")))),
        col("dedup.cluster_id"), col("doc_id"));
    Column forced = lit(null).cast("string");
    for (Map.Entry<String, String> source : sourceSplits(context.config()).entrySet()) {
      forced = when(col("source.name").equalTo(source.getKey()), lit(source.getValue())).otherwise(forced);
    }
    Dataset<Row> selected = context.read(StageNames.SELECT).where(col("drop_reason").isNull())
        .drop("drop_reason")
        .withColumn(GroupAssignment.GROUP, group)
        .withColumn(GroupAssignment.FORCED, forced);
    // What the assignment reads of each record, narrow: families relabel it, so no join for them moves the text.
    Dataset<Row> strata = selected.select(col(GroupAssignment.GROUP).as(OWN_GROUP), col(GroupAssignment.GROUP),
        col(GroupAssignment.FORCED), col("culture"), col("language"));
    OverlapFamilies.Result families = null;
    if (settings.decontaminate && settings.overlapFamilies) {
      Dataset<Row> groupSizes = selected.groupBy(GroupAssignment.GROUP).agg(count(lit(1)).as("records"))
          .select(col(GroupAssignment.GROUP).as("group"), xxhash64(col(GroupAssignment.GROUP)).as("g"),
              col("records"));
      families = OverlapFamilies.find(selected.select(xxhash64(col(GroupAssignment.GROUP)).as("g"), col("text")),
          Decontamination.shingles(settings), groupSizes, settings.maxFamilyRecords);
      Dataset<Row> familyOfGroup = families.families();
      strata = strata.join(familyOfGroup, strata.col(OWN_GROUP).equalTo(familyOfGroup.col("group")), "left")
          .withColumn(GroupAssignment.GROUP, coalesce(col("family"), col(GroupAssignment.GROUP)))
          .drop("group", "family");
    }
    // Written once and read back: the ranks behind the assignment are computed once, and the table shows each
    // group's (or family's) stratum and split.
    String groups = context.paths().stageTable(name(), "groups");
    context.write(GroupAssignment.assign(strata, settings), groups);
    Dataset<Row> assignment = context.spark().read().parquet(groups);
    Dataset<Row> splitOfGroup = assignment.select(col("group").as(GroupAssignment.GROUP), col("split"));
    if (families != null) {
      // Each record's own group takes its family's split; kept once, as the kept records are read several times.
      splitOfGroup = strata.select(OWN_GROUP, GroupAssignment.GROUP).distinct()
          .join(splitOfGroup, GroupAssignment.GROUP).select(col(OWN_GROUP).as(GroupAssignment.GROUP), col("split"))
          .persist(StorageLevel.MEMORY_AND_DISK());
    }
    Dataset<Row> kept = selected.join(splitOfGroup, GroupAssignment.GROUP)
        .drop(GroupAssignment.GROUP, GroupAssignment.FORCED);
    String path = context.paths().stageData(name());
    long in = kept.count();
    // Each removal table is always written (empty when off), so the accounting never reads an earlier run's.
    Dataset<Row> leaked = settings.decontaminate
        ? Decontamination.leaked(kept.select("doc_id", "text", "split"), settings,
            families == null || families.tooBig() > 0, context.spark())
        : context.spark().createDataFrame(List.of(), Decontamination.LEAKED);
    kept = remove(context, kept, kept.join(leaked, "doc_id"), StageNames.CONTAMINATED);
    Balance balance = new Balance(context.config().balance);
    Dataset<Row> train = kept.where(col("split").equalTo("train"));
    Map<String, Long> culturesBefore = Balance.counts(train, "culture");
    Map<String, Long> languagesBefore = Balance.counts(train, "language");
    kept = remove(context, kept, balance.overCap(train, culturesBefore, languagesBefore), StageNames.BALANCE);
    long written = context.write(kept, path);
    Dataset<Row> stored = context.spark().read().parquet(path);
    StageResult result = StageResult.of(in, written);
    for (String reason : StageNames.SPLIT_REMOVALS) {
      result.drop(reason, context.spark().read().parquet(context.paths().stageTable(name(), reason)).count());
    }
    Map<String, Long> contaminatedBy = new java.util.TreeMap<>();
    context.spark().read().parquet(context.paths().stageTable(name(), StageNames.CONTAMINATED))
        .groupBy("reason").count().collectAsList().forEach(r -> contaminatedBy.put(r.getString(0), r.getLong(1)));
    result.stats.put("contaminated_by_reason", contaminatedBy);
    if (families != null) {
      result.stats.put("largest_family_records", families.largest());
      result.stats.put("families_too_big", families.tooBig());
      families.release();
      splitOfGroup.unpersist(false);
    }
    for (Row row : stored.groupBy("split").count().orderBy("split").collectAsList()) {
      result.stats.put(row.getString(0), row.getLong(1));
    }
    Dataset<Row> trainAfter = stored.where(col("split").equalTo("train"));
    Map<String, Long> culturesAfter = Balance.counts(trainAfter, "culture");
    result.stats.put("train_cultures_before", Balance.top(culturesBefore));
    result.stats.put("train_cultures_after", Balance.top(culturesAfter));
    result.stats.put("train_languages_before", Balance.top(languagesBefore));
    result.stats.put("train_languages_after", Balance.top(Balance.counts(trainAfter, "language")));
    result.stats.put("cultures_below_floor", balance.belowFloor(culturesAfter));
    result.stats.put("groups", assignment.count());
    result.stats.put("stratified", settings.stratify);
    result.stats.put("largest_stratum_deviation_groups",
        Math.round(GroupAssignment.largestDeviation(assignment, settings) * 1000) / 1000.0);
    return result;
  }
}
