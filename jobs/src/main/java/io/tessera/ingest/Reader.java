package io.tessera.ingest;

import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.InputFiles.InputFile;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A source format: reads a source's files into outcome rows ({@link Outcomes#SCHEMA}), in parallel. */
public interface Reader {
  /** The format name used in configs and --source FORMAT=PATH. */
  String name();

  String description();

  /**
   * The source keys this reader uses beyond the ones every reader does ({@code SourceConfig.COMMON_KEYS}); config
   * validation rejects the others before Spark starts.
   */
  Set<String> options();

  Dataset<Row> read(SparkSession spark, SourceConfig source, List<InputFile> files);

  /**
   * Reads one whole file on the calling thread, without Spark: its outcome rows in file order, from the same code
   * the cluster runs per split or file (the reader contract test runs every reader through it).
   */
  List<Row> readFile(SourceConfig source, InputFile file, Configuration conf);
}
