package io.tessera.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.HadoopFiles;
import io.tessera.pipeline.ProgressReporter;
import io.tessera.pipeline.Stage;
import io.tessera.pipeline.StageContext;
import io.tessera.pipeline.StageNames;
import io.tessera.pipeline.StageResult;
import io.tessera.schema.Conform;
import io.tessera.schema.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes the dataset researchers read: {@code OUTPUT/data/split=S/country=C/*.parquet} (zstd, INT64 microsecond
 * timestamps, split and country also kept as columns inside the files) and {@code OUTPUT/rejects/}.
 *
 * <p>Files are sized for readers ({@link FileLayout}): each folder gets as many files as its estimated size needs at
 * the target file size, rows sorted by culture, language and doc_id, the same rows in every file on any cluster.
 * Spark drops partition columns from the files it writes, so the partitioned write goes to a staging folder under
 * copies of the columns, and the files are moved into the published layout. Everything is written
 * as a new release and switched in at the end ({@link AtomicPublish}), so a failed or killed publish leaves the
 * previous dataset whole.
 */
public final class PublishStage implements Stage {
  private static final String STAGED_PREFIX = "_p_";
  private static final long REJECT_ROWS_PER_FILE = 1_000_000;
  private static final int MOVE_THREADS = 16;
  /** Published records per benchmark file: held-out survey and dialogue items are a small share of a dataset. */
  private static final long BENCHMARK_RECORDS_PER_FILE = 5_000_000;
  /**
   * The chat form of a dialogue: its non-empty turns as (role, content); roles system, user and assistant are kept,
   * persona turns become user (the first persona to speak) or assistant (the others).
   */
  private static final String MESSAGES = "case when dialogue.turns is null then null else transform("
      + "filter(dialogue.turns, t -> trim(t.text) <> ''), t -> named_struct("
      + "'role', case when t.role in ('system', 'user', 'assistant') then t.role"
      + " when t.speaker <=> try_element_at(filter(dialogue.turns, x -> x.role = 'persona'), 1).speaker then 'user'"
      + " else 'assistant' end, 'content', t.text)) end";

  @Override
  public String name() {
    return StageNames.PUBLISH;
  }

  @Override
  public String description() {
    return "write the partitioned Parquet dataset, its card (README.md), rejects and run report to the output folder";
  }

  @Override
  public Object settings(TesseraConfig config) {
    return Map.of("output", config.run.output, "target_file_mb", config.publish.targetFileMb);
  }

  @Override
  public boolean outputPresent(StageContext context) {
    return new HadoopFiles(context.spark().sparkContext().hadoopConfiguration())
        .exists(context.paths().published("data"));
  }

  @Override
  public StageResult run(StageContext context) {
    Dataset<Row> records = Conform.to(context.read(StageNames.SPLIT).withColumn("messages", expr(MESSAGES))
        .withColumn("country", expr(FileLayout.COUNTRY)),
        Tables.DATASET);
    AtomicPublish release = AtomicPublish.begin(context.spark().sparkContext().hadoopConfiguration(), context.paths());
    String data = release.path("data");
    String staging = context.paths().published("_tessera/staging");
    long targetBytes = context.config().publish.targetFileMb * 1024L * 1024L;

    ProgressReporter.step(context.spark(), "plan data files");
    FileLayout.Plan plan = FileLayout.plan(records, estimatedBytes(context), targetBytes);
    ProgressReporter.step(context.spark(), "write data files");
    FileLayout.partitioned(plan, STAGED_PREFIX).write().mode("overwrite")
        .partitionBy(FileLayout.FOLDERS.stream().map(f -> STAGED_PREFIX + f).toArray(String[]::new))
        .parquet(staging);
    plan.release();
    int files = moveStaged(context, staging, data);

    ProgressReporter.step(context.spark(), "write rejects");
    Dataset<Row> rejected = context.spark().read().parquet(context.paths().stageTable(StageNames.INGEST, "rejects"));
    long rejectCount = rejected.count();
    rejected.repartitionByRange((int) Math.max(1, (rejectCount + REJECT_ROWS_PER_FILE - 1) / REJECT_ROWS_PER_FILE),
            col("input_file"), col("position"))
        .sortWithinPartitions("input_file", "position")
        .write().mode("overwrite").parquet(staging);
    moveStaged(context, staging, release.path("rejects"));

    ProgressReporter.step(context.spark(), "benchmark items");
    long in = records.count();
    Dataset<Row> publishedData = context.readPublished(data);
    long published = publishedData.count();
    int benchmarkFiles = 0;
    Map<String, Long> benchmarkItems = new java.util.TreeMap<>();
    for (Map.Entry<String, Dataset<Row>> benchmark : Map.of(
        "survey_items", SurveyBenchmark.items(publishedData),
        "dialogue_items", DialogueBenchmark.items(publishedData)).entrySet()) {
      benchmark.getValue().repartition(1 + (int) (in / BENCHMARK_RECORDS_PER_FILE), col("doc_id"))
          .sortWithinPartitions("item_id").write().mode("overwrite").parquet(staging);
      benchmarkItems.put(benchmark.getKey(),
          context.spark().read().schema(benchmark.getValue().schema()).parquet(staging).count());
      benchmarkFiles += moveStaged(context, staging, release.path("benchmark/" + benchmark.getKey()));
    }
    HadoopFiles hadoop = new HadoopFiles(context.spark().sparkContext().hadoopConfiguration());
    ProgressReporter.step(context.spark(), "dataset card and report");
    // One small aggregate of the published files serves the card and the report.
    Dataset<Row> partitions = publishedData.groupBy("split", "culture", "language").count().cache();
    DatasetCard.Rendered card = DatasetCard.render(publishedData, partitions, benchmarkItems);
    hadoop.writeAtomically(release.path("README.md"), card.readme());
    hadoop.writeAtomically(release.path("croissant.json"), card.croissant());
    hadoop.writeAtomically(release.path("report.html"),
        RunReportPage.render(publishedData, partitions, published, context.paths(), hadoop));
    partitions.unpersist();
    release.commit();
    StageResult result = StageResult.of(in, published);
    result.stats.put("files", files);
    result.stats.put("rejects", rejectCount);
    result.stats.put("benchmark_files", benchmarkFiles);
    result.stats.put("benchmark_items", benchmarkItems);
    return result;
  }

  /**
   * What the published files will take: the split stage's Parquet, which holds the same rows and columns with the
   * same codec (publish adds the chat form of dialogues, a small share).
   */
  private static long estimatedBytes(StageContext context) {
    Path split = new Path(context.paths().stageData(StageNames.SPLIT));
    try {
      return split.getFileSystem(context.spark().sparkContext().hadoopConfiguration()).getContentSummary(split)
          .getLength();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Moves the staged Parquet files into the published layout; leaves Spark's and Hadoop's side files behind. On
   * object stores a rename is a server-side copy, so the moves run {@value #MOVE_THREADS} at a time.
   */
  private static int moveStaged(StageContext context, String staging, String data) {
    Path stagingPath = new Path(staging);
    Path dataPath = new Path(data);
    ExecutorService pool = Executors.newFixedThreadPool(MOVE_THREADS);
    try {
      FileSystem fs = HadoopFiles.withoutChecksums(
          stagingPath.getFileSystem(context.spark().sparkContext().hadoopConfiguration()));
      fs.delete(dataPath, true);
      String root = fs.makeQualified(stagingPath).toString();
      List<Future<?>> moves = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(stagingPath, true);
      while (it.hasNext()) {
        Path file = it.next().getPath();
        if (!file.getName().endsWith(".parquet") || file.getName().startsWith(".")) {
          continue;
        }
        String relative = file.toString().substring(root.length() + 1).replace("/" + STAGED_PREFIX, "/");
        relative = relative.startsWith(STAGED_PREFIX) ? relative.substring(STAGED_PREFIX.length()) : relative;
        Path target = new Path(dataPath, relative);
        moves.add(pool.submit(() -> {
          fs.mkdirs(target.getParent());
          if (!fs.rename(file, target)) {
            throw new IOException("cannot move " + file + " to " + target);
          }
          return null;
        }));
      }
      for (Future<?> move : moves) {
        move.get();
      }
      fs.delete(stagingPath, true);
      return moves.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? new UncheckedIOException(io) : new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
