package io.tessera.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tessera.schema.Tables;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code OUTPUT/croissant.json}: the dataset's Croissant 1.0 description (JSON-LD): one FileSet of the published
 * Parquet files and one RecordSet whose fields (and sub-fields of structs) follow the dataset table's schema,
 * each field read from the Parquet column of the same name.
 */
final class Croissant {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Croissant() {}

  static String render(String name, String description, List<String> licenses, List<String> languages) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode context = root.putObject("@context");
    context.put("@language", "en");
    context.put("@vocab", "https://schema.org/");
    context.put("sc", "https://schema.org/");
    context.put("cr", "http://mlcommons.org/croissant/");
    context.put("dct", "http://purl.org/dc/terms/");
    ObjectNode field = context.putObject("field");
    field.put("@id", "cr:field");
    context.put("fileSet", "cr:fileSet");
    context.put("recordSet", "cr:recordSet");
    context.put("dataType", JSON.createObjectNode().put("@id", "cr:dataType").put("@type", "@vocab"));
    context.put("source", "cr:source");
    context.put("extract", "cr:extract");
    context.put("column", "cr:column");
    context.put("subField", "cr:subField");
    context.put("includes", "cr:includes");
    context.put("conformsTo", "dct:conformsTo");
    root.put("@type", "sc:Dataset");
    root.put("conformsTo", "http://mlcommons.org/croissant/1.0");
    root.put("name", name);
    root.put("description", description);
    ArrayNode license = root.putArray("license");
    licenses.forEach(license::add);
    ArrayNode inLanguage = root.putArray("inLanguage");
    languages.forEach(inLanguage::add);
    ObjectNode files = root.putArray("distribution").addObject();
    files.put("@type", "cr:FileSet");
    files.put("@id", "parquet-files");
    files.put("name", "parquet-files");
    files.put("encodingFormat", "application/x-parquet");
    files.put("includes", "data/**/*.parquet");
    ObjectNode records = root.putArray("recordSet").addObject();
    records.put("@type", "cr:RecordSet");
    records.put("@id", "records");
    records.put("name", "records");
    ArrayNode fields = records.putArray("field");
    for (StructField f : Tables.DATASET.fields()) {
      fields.add(field("records", f, f.name()));
    }
    return root.toPrettyString();
  }

  private static ObjectNode field(String parent, StructField f, String column) {
    ObjectNode node = JSON.createObjectNode();
    String id = parent + "/" + f.name();
    node.put("@type", "cr:Field");
    node.put("@id", id);
    node.put("name", f.name());
    f.getComment().foreach(c -> node.put("description", c));
    DataType type = f.dataType() instanceof ArrayType a ? a.elementType() : f.dataType();
    if (f.dataType() instanceof ArrayType) {
      node.put("repeated", true);
    }
    if (type instanceof StructType struct) {
      ArrayNode sub = node.putArray("subField");
      for (StructField child : struct.fields()) {
        sub.add(field(id, child, child.name()));
      }
    } else {
      node.put("dataType", dataType(type));
    }
    node.putObject("source").put("fileSet", "parquet-files").putObject("extract").put("column", column);
    return node;
  }

  private static String dataType(DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return "sc:Text";
    } else if (type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType)) {
      return "sc:Integer";
    } else if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      return "sc:Float";
    } else if (type.equals(DataTypes.BooleanType)) {
      return "sc:Boolean";
    } else if (type.equals(DataTypes.TimestampType)) {
      return "sc:DateTime";
    }
    return "sc:Text"; // maps: serialised
  }
}
