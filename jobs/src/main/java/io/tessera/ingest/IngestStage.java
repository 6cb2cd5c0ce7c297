package io.tessera.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import io.tessera.config.TesseraConfig;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.pii.PiiRedaction;
import io.tessera.pipeline.DataException;
import io.tessera.pipeline.RunPaths;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads every source with its reader in one pass and writes three tables: {@code data} (documents),
 * {@code rejects} (malformed input with file, byte offset, line and reason) and {@code skipped} (counts of
 * well-formed records that are not documents, by source and reason). A damaged file's records up to the damage are
 * read and the damage is a reject; a file that gives no record at all is rejected as unreadable_as_FORMAT. In
 * strict mode the first reject fails the run.
 */
public final class IngestStage implements Stage {
  @Override
  public String name() {
    return StageNames.INGEST;
  }

  @Override
  public String description() {
    return "read the sources into the canonical documents table; malformed records go to rejects";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return config.run.strict;
  }

  /** Author hashes depend on the key: a rotated key reruns ingest. */
  @Override
  public String keyDigest(Map<String, String> environment) {
    return AuthorHasher.keyDigest(environment.get(AuthorHasher.KEY_ENV));
  }

  @Override
  public StageResult run(StageContext context) {
    Dataset<Row> outcomes = null;
    for (SourceConfig source : context.config().sources) {
      // Personal data goes before anything is written: no later stage, table or log sees it (docs/pii.md).
      Dataset<Row> read = PiiRedaction.apply(Readers.get(source.format)
          .read(context.spark(), source, context.inputs().get(source.name)), source);
      outcomes = outcomes == null ? read : outcomes.unionByName(read);
    }
    outcomes = outcomes.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return write(context, outcomes);
    } finally {
      outcomes.unpersist();
    }
  }

  private StageResult write(StageContext context, Dataset<Row> outcomes) {
    RunPaths paths = context.paths();
    Map<String, String> formats = new TreeMap<>();
    context.config().sources.forEach(source -> formats.put(source.name, source.format));
    Dataset<Row> rejects = oneCutPerFile(withLineNumbers(outcomes))
        .unionByName(UnreadableFiles.rejects(outcomes, formats));
    if (context.config().run.strict) {
      List<Row> first = rejects.orderBy("input_file", "position").limit(1).collectAsList();
      if (!first.isEmpty()) {
        throw new DataException(strictMessage(first.get(0)));
      }
    }
    long rejected = context.write(rejects, paths.stageTable(name(), "rejects"));
    long documents = context.write(
        outcomes.where(col("outcome").equalTo(Outcomes.DOCUMENT)).select(col("document.*")),
        paths.stageData(name()));
    context.write(
        outcomes.where(col("outcome").equalTo(Outcomes.SKIP)).groupBy("source_name", "skip_reason").count(),
        paths.stageTable(name(), "skipped"));

    StageResult result = StageResult.of(0, documents);
    result.stats.put("pii", PiiRedaction.countsByType(outcomes));
    // Unreadable files are rejects, shown by their own reason so that a wrong format stands out in the summary.
    for (Row row : context.spark().read().parquet(paths.stageTable(name(), "rejects"))
        .where(col("reason").startsWith(UnreadableFiles.REASON_PREFIX)).groupBy("reason").count().collectAsList()) {
      result.drop(row.getString(0), row.getLong(1));
      rejected -= row.getLong(1);
    }
    result.drop("rejected", rejected);
    for (Row row : context.spark().read().parquet(paths.stageTable(name(), "skipped")).collectAsList()) {
      result.drop(row.getString(1), row.getLong(2));
    }
    result.recordsIn = documents + result.dropped.values().stream().mapToLong(Long::longValue).sum();
    return result;
  }

  /**
   * A cut file read in several splits can be reported by two of them (a compressed block straddles their border, so
   * both read into the cut): one reject per cut file, the one that read farthest.
   */
  private static Dataset<Row> oneCutPerFile(Dataset<Row> rejects) {
    Column cut = col("reason").equalTo(Damage.TRUNCATED).and(col("message").startsWith(Damage.MESSAGE_START));
    Dataset<Row> cuts = rejects.where(cut).groupBy("input_file")
        .agg(max_by(struct(col("*")), col("position")).as("farthest")).select("farthest.*");
    return rejects.where(not(cut)).unionByName(cuts);
  }

  /** One line naming the file: where the first reject is and why. */
  private static String strictMessage(Row reject) {
    Object line = reject.getAs("line");
    String message = reject.getAs("message");
    return "strict mode: " + reject.getAs("reason") + " in " + reject.getAs("input_file")
        + (line == null ? "" : " line " + line) + " (byte " + reject.getAs("position") + ")"
        + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
  }

  /**
   * Rejects with their 1-based line: the lines of the earlier splits of the same file (from the segment rows, one
   * per split) plus the line's index within its split.
   */
  private static Dataset<Row> withLineNumbers(Dataset<Row> outcomes) {
    WindowSpec earlier = Window.partitionBy("input_file").orderBy("segment_start")
        .rowsBetween(Window.unboundedPreceding(), -1);
    Dataset<Row> segments = outcomes.where(col("outcome").equalTo(Outcomes.SEGMENT))
        .select(col("input_file"), col("segment_start"),
            coalesce(sum("segment_lines").over(earlier), lit(0L)).as("lines_before"));
    return outcomes.where(col("outcome").equalTo(Outcomes.REJECT))
        .join(segments, new String[] {"input_file", "segment_start"})
        .withColumn("line", col("lines_before").plus(col("line_in_segment")).plus(1))
        .select(col("reject.source_name"), col("reject.format"), col("reject.input_file"), col("reject.position"),
            col("line"), col("reject.reason"), col("reject.message"), col("reject.snippet"));
  }
}
