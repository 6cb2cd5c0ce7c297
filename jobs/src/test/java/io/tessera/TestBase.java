package io.tessera;

import io.tessera.config.ConfigLoader;
import io.tessera.config.TesseraConfig;
import io.tessera.pipeline.Pipeline;
import io.tessera.pipeline.RunPaths;
import io.tessera.pipeline.SparkSessions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One local[2] SparkSession per test class, UI off, few shuffle partitions; repo paths for tests. */
public abstract class TestBase {
  /**
   * Test inputs are tiny: compiling generated code for each query costs more than running it interpreted (seconds
   * per pipeline stage). The ITs, which run scripts/tessera as users do, keep Spark's code generation.
   */
  public static final Map<String, String> TINY_INPUT_SQL = Map.of(
      "spark.sql.codegen.wholeStage", "false",
      "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    SparkSession.Builder builder = SparkSession.builder()
        .master("local[2]")
        .appName("tessera-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC");
    SparkSessions.HADOOP_DEFAULTS.forEach((key, value) -> builder.config("spark.hadoop." + key, value));
    TINY_INPUT_SQL.forEach(builder::config);
    spark = builder.getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  /** Runs only the ingest stage on quick-mode sources (FORMAT=PATH) into OUT/_work; returns the run's folders. */
  protected static RunPaths ingestOnly(Path out, List<String> sources, String... overrides) {
    List<String> all = new ArrayList<>(List.of(overrides));
    all.add("run.stages=[ingest]");
    TesseraConfig config = ConfigLoader.quick(sources, out.toString(), all);
    new Pipeline(spark, config).force(true).execute();
    return Pipeline.paths(config);
  }

  /** A JSON-lines record with an id and a text, for the generic jsonl reader (texts are written unescaped). */
  protected static String jsonlPost(String id, String text) {
    return "{\"id\": \"" + id + "\", \"text\": \"" + text + "\"}";
  }

  /** The repository root (the parent pom's folder). */
  public static Path repo() {
    return Paths.get(System.getProperty("tessera.repo", "..")).toAbsolutePath().normalize();
  }

  /** The shared real-data fixtures, read in place. */
  public static Path fixtures() {
    return Paths.get(System.getProperty("tessera.fixtures", "../../shared/fixtures")).toAbsolutePath().normalize();
  }
}
