package io.tessera.pii;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.tessera.config.PiiPolicy;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.ingest.Documents;
import io.tessera.pii.PiiRedactor.Result;
import io.tessera.pii.PiiRedactor.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies a source's {@link PiiPolicy} to what its reader read, in ingest, before anything is written: the
 * document's text, title, dialogue turns, metadata values and link, and the snippet of a reject (rejects are
 * published too). quality.pii_count counts the spans in the text and title; {@link #FOUND} carries them by type
 * for {@link #countsByType}. Runs where the rows are, like the reader: no shuffle.
 */
public final class PiiRedaction {
  /** The column added to each outcome row: personal data found in its document's text and title, by type. */
  public static final String FOUND = "pii_found";

  private static final StructType FOUND_TYPE = foundType();
  private static final StructType SCAN_TYPE = new StructType()
      .add("text", DataTypes.StringType)
      .add("title", DataTypes.StringType)
      .add("found", FOUND_TYPE)
      .add("pii_count", DataTypes.IntegerType)
      .add("char_count", DataTypes.IntegerType)
      .add("word_count", DataTypes.IntegerType);

  private PiiRedaction() {}

  private static StructType foundType() {
    StructType type = new StructType();
    for (Type t : Type.values()) {
      type = type.add(t.key(), DataTypes.IntegerType);
    }
    return type;
  }

  /** The outcome rows of one source with its policy applied and {@link #FOUND} added. */
  public static Dataset<Row> apply(Dataset<Row> outcomes, SourceConfig source) {
    PiiPolicy policy = source.pii != null ? source.pii : PiiPolicy.defaultFor(source.format, source.kind);
    if (policy == PiiPolicy.KEEP) {
      return outcomes.withColumn(FOUND, lit(null).cast(FOUND_TYPE));
    }
    boolean redact = policy == PiiPolicy.REDACT;
    UserDefinedFunction scan = udf((UDF3<String, String, Boolean, Row>) PiiRedaction::scan, SCAN_TYPE);
    Column document = col("document");
    Dataset<Row> out = outcomes.withColumn("_pii", when(document.isNotNull(),
        scan.apply(col("document.text"), col("document.title"), lit(redact))));
    Column updated = document.withField("quality.pii_count", col("_pii.pii_count"));
    if (redact) {
      UserDefinedFunction text = udf((UDF1<String, String>) PiiRedaction::redactText, DataTypes.StringType);
      Column dialogue = col("document.dialogue");
      updated = updated
          .withField("text", col("_pii.text"))
          .withField("title", col("_pii.title"))
          .withField("quality.char_count", col("_pii.char_count"))
          .withField("quality.word_count", col("_pii.word_count"))
          .withField("source.uri", text.apply(col("document.source.uri")))
          .withField("metadata", transform_values(col("document.metadata"), (key, value) -> text.apply(value)))
          .withField("dialogue", when(dialogue.isNotNull(), dialogue.withField("turns",
              transform(dialogue.getField("turns"), turn -> turn.withField("text", text.apply(turn.getField("text")))))));
      out = out.withColumn("reject", when(col("reject").isNotNull(),
          col("reject").withField("snippet", text.apply(col("reject.snippet")))));
    }
    return out.withColumn("document", when(document.isNotNull(), updated))
        .withColumn(FOUND, col("_pii.found"))
        .drop("_pii");
  }

  /** Personal data found in all sources' documents, by type (email, phone, ...): one aggregate, a row back. */
  public static Map<String, Long> countsByType(Dataset<Row> outcomes) {
    Type[] types = Type.values();
    Column[] sums = Arrays.stream(types)
        .map(t -> coalesce(sum(col(FOUND + "." + t.key())), lit(0L)).as(t.key())).toArray(Column[]::new);
    Row row = outcomes.agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length)).first();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < types.length; i++) {
      counts.put(types[i].key(), row.getLong(i));
    }
    return counts;
  }

  private static Row scan(String text, String title, Boolean redact) {
    PiiRedactor redactor = PiiRedactor.standard();
    Result inText = redactor.redact(text);
    Result inTitle = redactor.redact(title);
    Object[] found = new Object[Type.values().length];
    for (int i = 0; i < found.length; i++) {
      found[i] = inText.counts()[i] + inTitle.counts()[i];
    }
    String outText = redact ? inText.text() : text;
    return RowFactory.create(outText, redact ? inTitle.text() : title, RowFactory.create(found),
        inText.total() + inTitle.total(), outText == null ? null : outText.codePointCount(0, outText.length()),
        outText == null ? null : Documents.wordCount(outText));
  }

  private static String redactText(String text) {
    return text == null ? null : PiiRedactor.standard().redact(text).text();
  }
}
