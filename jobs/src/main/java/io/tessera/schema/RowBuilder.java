package io.tessera.schema;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Builds a {@link Row} of a given schema by field name, so readers never depend on column order.
 * Values are Java objects Spark converts itself: String, Long, Integer, Double, Boolean, java.time.Instant,
 * java.util.List and java.util.Map, and nested Rows (from {@link #build()} of a nested builder).
 */
public final class RowBuilder {
  private final StructType schema;
  private final Object[] values;

  public RowBuilder(StructType schema) {
    this.schema = schema;
    this.values = new Object[schema.size()];
  }

  public RowBuilder set(String field, Object value) {
    values[schema.fieldIndex(field)] = external(value);
    return this;
  }

  /** Spark's row encoder takes Scala collections and java.sql.Timestamp; readers hand over Java types. */
  private static Object external(Object value) {
    if (value instanceof List<?> list) {
      return CollectionConverters.asScala(list).toSeq();
    }
    if (value instanceof Map<?, ?> map) {
      return CollectionConverters.asScala(map);
    }
    if (value instanceof Instant instant) {
      return Timestamp.from(instant);
    }
    return value;
  }

  public Row build() {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null && !schema.fields()[i].nullable()) {
        throw new IllegalStateException("required field '" + schema.fields()[i].name() + "' is not set");
      }
    }
    return new GenericRowWithSchema(values.clone(), schema);
  }
}
