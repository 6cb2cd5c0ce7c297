package io.tessera.pipeline;

import io.tessera.config.TesseraConfig;
import io.tessera.ingest.InputFiles.InputFile;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a running stage may use: the session, the config, the run's folders and the listed inputs. */
public final class StageContext {
  private final SparkSession spark;
  private final TesseraConfig config;
  private final RunPaths paths;
  private final Map<String, List<InputFile>> inputs;

  StageContext(SparkSession spark, TesseraConfig config, RunPaths paths, Map<String, List<InputFile>> inputs) {
    this.spark = spark;
    this.config = config;
    this.paths = paths;
    this.inputs = inputs;
  }

  public SparkSession spark() {
    return spark;
  }

  public TesseraConfig config() {
    return config;
  }

  public RunPaths paths() {
    return paths;
  }

  /** The input files of each source, by source name, as listed when the run started. */
  public Map<String, List<InputFile>> inputs() {
    return inputs;
  }

  /** The committed main output of an earlier stage. */
  public Dataset<Row> read(String stage) {
    return spark.read().parquet(paths.stageData(stage));
  }

  /**
   * The published dataset as its files say it: split, culture and language are columns inside every file, so the
   * folders are not read as partitions (which would only repeat them, with a warning).
   */
  public Dataset<Row> readPublished() {
    return readPublished(paths.published("data"));
  }

  /** A dataset folder in the published layout, such as a release publish has not switched in yet. */
  public Dataset<Row> readPublished(String data) {
    return spark.read().option("recursiveFileLookup", "true").parquet(data);
  }

  /** Writes a stage's table as Parquet, replacing what was there; returns the rows written. */
  public long write(Dataset<Row> table, String path) {
    String[] parts = path.split("/");
    ProgressReporter.step(spark, "write " + (parts.length > 1 ? parts[parts.length - 2] + "/" : "")
        + parts[parts.length - 1]);
    table.write().mode("overwrite").parquet(path);
    return spark.read().parquet(path).count();
  }
}
