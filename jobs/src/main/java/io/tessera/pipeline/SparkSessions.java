package io.tessera.pipeline;

import io.tessera.config.TesseraConfig;
import io.tessera.ingest.ZstdLongCodec;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the session a run uses. Under spark-submit the master and settings it was given win; with no master
 * anywhere the run is local ({@code local[*]}, UI off). Settings every run needs: UTC session time zone, zstd
 * Parquet, INT64 microsecond timestamps, and {@link #HADOOP_DEFAULTS}.
 */
public final class SparkSessions {
  public static final String LOCAL_MASTER_DEFAULT = "local[*]";

  private static final Map<String, String> REQUIRED_SQL = Map.of(
      "spark.sql.session.timeZone", "UTC",
      "spark.sql.parquet.compression.codec", "zstd",
      "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");

  /**
   * Hadoop settings for every run: no _SUCCESS marker files in what is written; {@code .zst} read with long windows
   * (the codecs Hadoop finds itself stay registered; this one takes the .zst suffix).
   */
  public static final Map<String, String> HADOOP_DEFAULTS = Map.of(
      "mapreduce.fileoutputcommitter.marksuccessfuljobs", "false",
      "io.compression.codecs", ZstdLongCodec.class.getName());

  private SparkSessions() {}

  public static SparkSession getOrCreate(TesseraConfig config) {
    SparkConf launcher = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(config.spark.appName);
    if (!launcher.contains("spark.master")) {
      builder.master(config.spark.master != null ? config.spark.master : LOCAL_MASTER_DEFAULT);
      if (!launcher.contains("spark.ui.enabled")) {
        builder.config("spark.ui.enabled", "false");
      }
    }
    HADOOP_DEFAULTS.forEach((key, value) -> builder.config("spark.hadoop." + key, value));
    config.spark.conf.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    // Set on the session, not the builder, so they also hold in a session that already existed (tests).
    REQUIRED_SQL.forEach(spark.conf()::set);
    for (Map.Entry<String, String> entry : config.spark.conf.entrySet()) {
      if (entry.getKey().startsWith("spark.hadoop.")) {
        spark.sparkContext().hadoopConfiguration()
            .set(entry.getKey().substring("spark.hadoop.".length()), entry.getValue());
      }
    }
    return spark;
  }
}
