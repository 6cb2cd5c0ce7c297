package io.tessera.publish;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Plans and writes the published files: one folder per split and country, files of about the target size.
 *
 * <p>Folders are {@code split} × {@link #FOLDERS country}, a set bounded by the world's countries (plus {@code und}
 * and {@code mul}) however many subnational cultures and languages the data has; those stay columns. Each folder gets
 * {@code max(1, round(estimated bytes / target))} files, so no folder holds more files than its bytes need and a small
 * folder is one file. Inside a folder the rows are laid out in (culture, language) order: a (culture, language) group
 * takes a contiguous stretch of the folder's bytes, and a row's place in its group's stretch comes from a hash of its
 * doc_id; the file is that place's share of the folder. So files cover contiguous culture and language ranges, the
 * rows of a file are sorted by culture, language and doc_id (readers skip files and row groups on their statistics),
 * and which row goes to which file depends on the rows alone, not on how the input was partitioned. Each planned file
 * is one Spark partition ({@code repartitionById}), written by one task as one file.
 */
final class FileLayout {
  /** The folder levels below data/. */
  static final List<String> FOLDERS = List.of("split", "country");
  /** A group of rows laid out together inside a folder. */
  private static final List<String> GROUP = List.of("split", "country", "culture", "language");
  /** A culture's country: the ISO 3166-1 part of an ISO 3166-2 code; und and mul as they are. */
  static final String COUNTRY = "coalesce(substring_index(culture, '-', 1), 'und')";
  /** A row's weight for the size estimate: its text bytes, plus one so that rows without text count. */
  private static final String WEIGHT = "_weight";
  private static final String FILE = "_file";
  private static final StructType FOLDER_PLAN = new StructType()
      .add("split", DataTypes.StringType)
      .add("country", DataTypes.StringType)
      .add("_folder_weight", DataTypes.LongType)
      .add("_files", DataTypes.IntegerType)
      .add("_first_file", DataTypes.IntegerType);

  private FileLayout() {}

  /** The plan: the file of every row and how many files there are; {@link #release} once written. */
  record Plan(Dataset<Row> rows, int files, Dataset<Row> cached) {
    void release() {
      cached.unpersist();
    }
  }

  /**
   * Plans {@code records} (with split, country, culture, language, doc_id, text) for files of {@code targetBytes},
   * given that all of them take about {@code estimatedBytes} as Parquet.
   */
  static Plan plan(Dataset<Row> records, long estimatedBytes, long targetBytes) {
    Dataset<Row> groups = records
        .groupBy(GROUP.stream().map(functions::col).toArray(Column[]::new))
        .agg(sum(octet_length(coalesce(col("text"), lit(""))).plus(1)).as(WEIGHT))
        .cache();
    // Folders number at most splits × countries: a small aggregate, planned on the driver in a fixed order.
    List<Row> folders = groups.groupBy("split", "country").agg(sum(WEIGHT).as(WEIGHT))
        .orderBy("split", "country").collectAsList();
    long totalWeight = folders.stream().mapToLong(r -> r.getLong(2)).sum();
    double bytesPerWeight = totalWeight == 0 ? 0 : (double) estimatedBytes / totalWeight;
    List<Row> planned = new ArrayList<>();
    int next = 0;
    for (Row folder : folders) {
      int files = filesFor(folder.getLong(2) * bytesPerWeight, targetBytes);
      planned.add(RowFactory.create(folder.getString(0), folder.getString(1), folder.getLong(2), files, next));
      next += files;
    }
    Dataset<Row> folderPlan = records.sparkSession().createDataFrame(planned, FOLDER_PLAN);
    Dataset<Row> groupPlan = groups
        .withColumn("_offset", coalesce(sum(WEIGHT).over(Window.partitionBy("split", "country")
            .orderBy("culture", "language").rowsBetween(Window.unboundedPreceding(), -1)), lit(0L)))
        .join(folderPlan, FOLDERS.toArray(String[]::new));
    // A uniform place in [0, 1) from 53 bits of the doc_id's hash.
    String place = "shiftrightunsigned(xxhash64(doc_id), 11) / 9007199254740992D";
    // Null-safe: a record may have no culture or language.
    Column sameGroup = lit(true);
    for (String key : GROUP) {
      groupPlan = groupPlan.withColumnRenamed(key, "_g_" + key);
      sameGroup = sameGroup.and(records.col(key).eqNullSafe(col("_g_" + key)));
    }
    Dataset<Row> rows = records.join(broadcast(groupPlan), sameGroup)
        .drop(GROUP.stream().map(key -> "_g_" + key).toArray(String[]::new))
        .withColumn(FILE, expr("_first_file + least(_files - 1, cast(floor((_offset + " + place + " * " + WEIGHT
            + ") / _folder_weight * _files) as int))"))
        .drop(WEIGHT, "_offset", "_folder_weight", "_files", "_first_file");
    return new Plan(rows, next, groups);
  }

  /** The file count of a folder of {@code bytes}: the nearest whole number of target-size files, at least one. */
  static int filesFor(double bytes, long targetBytes) {
    return (int) Math.max(1, Math.round(bytes / targetBytes));
  }

  /**
   * The plan's rows, one Spark partition per planned file, sorted inside by culture, language and doc_id, with the
   * folder columns copied under {@code prefix} (the partitioned write drops them from the files).
   */
  static Dataset<Row> partitioned(Plan plan, String prefix) {
    Dataset<Row> rows = plan.rows();
    for (String folder : FOLDERS) {
      rows = rows.withColumn(prefix + folder, col(folder));
    }
    return rows.repartitionById(Math.max(1, plan.files()), col(FILE))
        .drop(FILE)
        .sortWithinPartitions(prefix + "split", prefix + "country", "culture", "language", "doc_id");
  }
}
