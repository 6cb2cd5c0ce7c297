package io.tessera.split;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.tessera.config.TesseraConfig.BalanceSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Culture and language balance of the training split. A culture (or language) over its cap keeps each record
 * with probability cap / count, decided by a seeded hash of the doc_id, so about cap records stay, the same ones
 * on any cluster, without a sort. Only counts per culture and language reach the driver.
 */
final class Balance {
  private static final int TOP = 50;

  private final BalanceSettings settings;

  Balance(BalanceSettings settings) {
    this.settings = settings;
  }

  static Map<String, Long> counts(Dataset<Row> records, String column) {
    Map<String, Long> counts = new TreeMap<>();
    records.groupBy(column).count().collectAsList().forEach(r -> counts.put(r.getString(0), r.getLong(1)));
    return counts;
  }

  /** The most frequent entries, largest first. */
  static Map<String, Long> top(Map<String, Long> counts) {
    Map<String, Long> top = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
        .thenComparing(Map.Entry.comparingByKey())).limit(TOP).forEach(e -> top.put(e.getKey(), e.getValue()));
    return top;
  }

  List<String> belowFloor(Map<String, Long> cultures) {
    List<String> below = new ArrayList<>();
    if (settings.minPerCulture > 0) {
      cultures.forEach((culture, n) -> {
        if (n < settings.minPerCulture) {
          below.add(culture);
        }
      });
    }
    return below;
  }

  /** The training records sampled out by the caps. */
  Dataset<Row> overCap(Dataset<Row> train, Map<String, Long> cultures, Map<String, Long> languages) {
    Dataset<Row> byCulture = keepRates(train, "culture", cultures, settings.maxPerCulture, settings.cultureCaps);
    Dataset<Row> byLanguage = keepRates(train, "language", languages, settings.maxPerLanguage,
        settings.languageCaps);
    Column cultureUnit = unit("culture");
    Column languageUnit = unit("language");
    return train.join(broadcast(byCulture), col("culture").equalTo(col("_culture_key")), "left")
        .join(broadcast(byLanguage), col("language").equalTo(col("_language_key")), "left")
        .where(cultureUnit.geq(coalesce(col("_culture_rate"), lit(1.0)))
            .or(languageUnit.geq(coalesce(col("_language_rate"), lit(1.0)))))
        .drop("_culture_key", "_culture_rate", "_language_key", "_language_rate");
  }

  private Column unit(String dimension) {
    return SeededHash.unit(settings.seed + ":" + dimension, col("doc_id"));
  }

  /** (key, keep rate) for every value over its cap. */
  private static Dataset<Row> keepRates(Dataset<Row> train, String dimension, Map<String, Long> counts, long cap,
      Map<String, Long> caps) {
    List<Row> rates = new ArrayList<>();
    counts.forEach((value, n) -> {
      long limit = caps.getOrDefault(value, cap);
      if (limit > 0 && n > limit) {
        rates.add(RowFactory.create(value, (double) limit / n));
      }
    });
    StructType schema = new StructType().add("_" + dimension + "_key", DataTypes.StringType)
        .add("_" + dimension + "_rate", DataTypes.DoubleType);
    return train.sparkSession().createDataFrame(rates, schema);
  }
}
