package io.tessera.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import io.tessera.pipeline.RunReport.SourceEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where every input record went, per source: published, dropped by reason, duplicate, or rejected. The counts come
 * from the committed tables (aggregated on the cluster; only the per-source totals reach the driver), and the run
 * fails when they do not add up to the records read.
 */
final class Accounting {
  static final String DUPLICATE = "duplicate";

  private Accounting() {}

  static List<SourceEntry> perSource(StageContext context) {
    RunPaths paths = context.paths();
    Map<String, Long> documents = counts(context.read(StageNames.INGEST).groupBy(col("source.name")).count());
    Map<String, Long> rejected = counts(context.spark().read().parquet(paths.stageTable(StageNames.INGEST, "rejects")).groupBy("source_name").count());
    Map<String, Long> published = counts(context.readPublished().groupBy(col("source.name")).count());
    Map<String, Map<String, Long>> skipped = byReason(
        context.spark().read().parquet(paths.stageTable(StageNames.INGEST, "skipped")));
    Dataset<Row> byDropReason = context.read(StageNames.SELECT)
        .where(col("drop_reason").isNotNull()).groupBy(col("source.name"), col("drop_reason")).count();
    HadoopFiles hadoop = new HadoopFiles(context.spark().sparkContext().hadoopConfiguration());
    for (String reason : StageNames.SPLIT_REMOVALS) {
      String removed = paths.stageTable(StageNames.SPLIT, reason);
      if (hadoop.exists(removed)) {
        byDropReason = byDropReason.union(context.spark().read().parquet(removed)
            .groupBy(col("source_name"), lit(reason)).count());
      }
    }
    Map<String, Map<String, Long>> filtered = byReason(byDropReason);

    List<SourceEntry> entries = new ArrayList<>();
    for (SourceConfig source : context.config().sources) {
      SourceEntry e = new SourceEntry();
      e.name = source.name;
      e.format = source.format;
      e.path = source.path;
      List<InputFile> files = context.inputs().get(source.name);
      e.files = files.size();
      e.bytes = files.stream().mapToLong(InputFile::bytes).sum();
      e.rejected = rejected.getOrDefault(source.name, 0L);
      e.published = published.getOrDefault(source.name, 0L);
      Map<String, Long> ingestSkips = skipped.getOrDefault(source.name, Map.of());
      ingestSkips.forEach((reason, n) -> e.droppedByReason.merge(reason, n, Long::sum));
      filtered.getOrDefault(source.name, Map.of()).forEach((reason, n) -> {
        if (DUPLICATE.equals(reason)) {
          e.duplicates += n;
        } else {
          e.droppedByReason.merge(reason, n, Long::sum);
        }
      });
      e.dropped = e.droppedByReason.values().stream().mapToLong(Long::longValue).sum();
      e.recordsIn = documents.getOrDefault(source.name, 0L) + e.rejected
          + ingestSkips.values().stream().mapToLong(Long::longValue).sum();
      entries.add(e);
    }
    return entries;
  }

  /** Fails the run when a source's records do not all land in exactly one place. */
  static void check(List<SourceEntry> sources) {
    for (SourceEntry s : sources) {
      long accounted = s.published + s.dropped + s.duplicates + s.rejected;
      if (accounted != s.recordsIn) {
        throw new DataException("record accounting failed for source '" + s.name + "': " + s.recordsIn
            + " read, but published " + s.published + " + dropped " + s.dropped + " + duplicates " + s.duplicates
            + " + rejected " + s.rejected + " = " + accounted);
      }
    }
  }

  /** (source, count) rows to a map; the rows are aggregates, one per source. */
  private static Map<String, Long> counts(Dataset<Row> grouped) {
    Map<String, Long> out = new HashMap<>();
    for (Row row : grouped.collectAsList()) {
      out.put(row.getString(0), row.getLong(1));
    }
    return out;
  }

  /** (source, reason, count) rows to a map of maps. */
  private static Map<String, Map<String, Long>> byReason(Dataset<Row> grouped) {
    Map<String, Map<String, Long>> out = new HashMap<>();
    for (Row row : grouped.collectAsList()) {
      out.computeIfAbsent(row.getString(0), k -> new HashMap<>()).merge(row.getString(1), row.getLong(2), Long::sum);
    }
    return out;
  }
}
