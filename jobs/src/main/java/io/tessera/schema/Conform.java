package io.tessera.schema;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Puts a table into a published schema's column order and types, so every stage writes the same contract. */
public final class Conform {
  private Conform() {}

  /** The schema's columns in order (missing ones as nulls, all cast to the schema's type), then any other columns. */
  public static Dataset<Row> to(Dataset<Row> table, StructType schema) {
    Set<String> present = new HashSet<>(Arrays.asList(table.columns()));
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      Column value = present.contains(field.name()) ? col(field.name()) : lit(null);
      columns.add(value.cast(nullable(field.dataType())).as(field.name(), field.metadata()));
    }
    Set<String> known = new HashSet<>(Arrays.asList(schema.fieldNames()));
    for (String name : table.columns()) {
      if (!known.contains(name)) {
        columns.add(col(name));
      }
    }
    return table.select(columns.toArray(Column[]::new));
  }

  /**
   * The type with every level nullable. Spark reads Parquet columns as nullable whatever was written, so casts
   * target this form; the schemas' nullable=false marks what Tessera guarantees, not what the file declares.
   */
  public static DataType nullable(DataType type) {
    if (type instanceof StructType struct) {
      StructField[] fields = struct.fields().clone();
      for (int i = 0; i < fields.length; i++) {
        fields[i] = new StructField(fields[i].name(), nullable(fields[i].dataType()), true, fields[i].metadata());
      }
      return new StructType(fields);
    }
    if (type instanceof ArrayType array) {
      return DataTypes.createArrayType(nullable(array.elementType()), true);
    }
    if (type instanceof MapType map) {
      return DataTypes.createMapType(nullable(map.keyType()), nullable(map.valueType()), true);
    }
    return type;
  }
}
