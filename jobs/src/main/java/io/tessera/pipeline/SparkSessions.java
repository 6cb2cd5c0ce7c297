package io.tessera.pipeline;

import io.tessera.config.Secrets;
import io.tessera.config.TesseraConfig;
import io.tessera.ingest.ZstdLongCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Builds the session a run uses. Under spark-submit the master and settings it was given win; with no master
 * anywhere the run is local ({@code local[*]}, UI off). Settings every run needs: UTC session time zone, zstd
 * Parquet, INT64 microsecond timestamps, and {@link #HADOOP_DEFAULTS}; runs that read or write {@code s3a://} also
 * get {@link #S3A_DEFAULTS} and {@link #S3A_COMMITTER_SQL}.
 *
 * <p>Hadoop settings resolve in one order (later wins): {@link #HADOOP_DEFAULTS}, {@link #S3A_DEFAULTS} when a path
 * is on s3a, {@code spark.hadoop.*} given to spark-submit, {@code spark.conf."spark.hadoop.*"} in the config.
 */
public final class SparkSessions {
  public static final String LOCAL_MASTER_DEFAULT = "local[*]";

  private static final String HADOOP_PREFIX = "spark.hadoop.";
  /** Spark redacts the settings whose key matches this in its UI, event log and logged config: Tessera's secrets. */
  private static final String REDACTION_REGEX = "spark.redaction.regex";

  private static final Map<String, String> REQUIRED_SQL = Map.of(
      "spark.sql.session.timeZone", "UTC",
      "spark.sql.parquet.compression.codec", "zstd",
      "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");

  /**
   * Defaults a config or spark-submit may override: adaptive execution may also coalesce the partitions of cached
   * results (dedup caches small intermediate tables; without it each keeps spark.sql.shuffle.partitions tasks).
   */
  public static final Map<String, String> SQL_DEFAULTS = Map.of(
      "spark.sql.optimizer.canChangeCachedPlanOutputPartitioning", "true");

  /**
   * Hadoop settings for every run: no _SUCCESS marker files in what is written; {@code .zst} read with long windows
   * (the codecs Hadoop finds itself stay registered; this one takes the .zst suffix).
   */
  public static final Map<String, String> HADOOP_DEFAULTS = Map.of(
      "mapreduce.fileoutputcommitter.marksuccessfuljobs", "false",
      "io.compression.codecs", ZstdLongCodec.class.getName());

  /**
   * S3A: the magic committer (tasks upload straight to the destination, the job commit completes the uploads: no
   * rename of data on S3), and credentials from S3A's own keys or else the AWS SDK's default chain (environment,
   * system properties, web identity, profile file, container, instance). Secrets never come from Tessera's config.
   */
  public static final Map<String, String> S3A_DEFAULTS = Map.of(
      "fs.s3a.committer.name", "magic",
      "fs.s3a.committer.magic.enabled", "true",
      "mapreduce.outputcommitter.factory.scheme.s3a", "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory",
      "fs.s3a.aws.credentials.provider", String.join(",",
          "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider"));

  /** Spark SQL's side of the S3A committers (spark-hadoop-cloud). */
  public static final Map<String, String> S3A_COMMITTER_SQL = Map.of(
      "spark.sql.sources.commitProtocolClass", "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol",
      "spark.sql.parquet.output.committer.class",
      "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter");

  private SparkSessions() {}

  public static SparkSession getOrCreate(TesseraConfig config) {
    SparkConf launcher = new SparkConf();
    for (Tuple2<String, String> entry : launcher.getAll()) {
      Secrets.register(entry._1(), entry._2());
    }
    SparkSession.Builder builder = SparkSession.builder().appName(config.spark.appName);
    if (!launcher.contains(REDACTION_REGEX) && !config.spark.conf.containsKey(REDACTION_REGEX)) {
      builder.config(REDACTION_REGEX, Secrets.KEY_REGEX);
    }
    if (!launcher.contains("spark.master")) {
      builder.master(config.spark.master != null ? config.spark.master : LOCAL_MASTER_DEFAULT);
      if (!launcher.contains("spark.ui.enabled")) {
        builder.config("spark.ui.enabled", "false");
      }
    }
    Map<String, String> hadoop = hadoopSettings(config, launcher);
    hadoop.forEach((key, value) -> builder.config(HADOOP_PREFIX + key, value));
    config.spark.conf.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    // Set on the session, not the builder, so they also hold in a session that already existed (tests).
    REQUIRED_SQL.forEach(spark.conf()::set);
    SQL_DEFAULTS.forEach((key, value) -> {
      if (!config.spark.conf.containsKey(key) && !launcher.contains(key)) {
        spark.conf().set(key, value);
      }
    });
    if (usesS3a(config)) {
      S3A_COMMITTER_SQL.forEach((key, value) -> {
        if (!config.spark.conf.containsKey(key) && !launcher.contains(key)) {
          spark.conf().set(key, value);
        }
      });
    }
    hadoop.forEach(spark.sparkContext().hadoopConfiguration()::set);
    Secrets.guardLogs();
    return spark;
  }

  /** Every Hadoop setting Tessera applies, in the resolution order of the class comment. */
  public static Map<String, String> hadoopSettings(TesseraConfig config, SparkConf launcher) {
    Map<String, String> settings = new LinkedHashMap<>(HADOOP_DEFAULTS);
    if (usesS3a(config)) {
      settings.putAll(S3A_DEFAULTS);
    }
    for (Tuple2<String, String> entry : launcher.getAllWithPrefix(HADOOP_PREFIX)) {
      settings.put(entry._1(), entry._2());
    }
    config.spark.conf.forEach((key, value) -> {
      if (key.startsWith(HADOOP_PREFIX)) {
        settings.put(key.substring(HADOOP_PREFIX.length()), value);
      }
    });
    return settings;
  }

  static boolean usesS3a(TesseraConfig config) {
    return Stream.concat(Stream.of(config.run.output, config.run.work), config.sources.stream().map(s -> s.path))
        .anyMatch(path -> path != null && path.startsWith("s3a://"));
  }
}
