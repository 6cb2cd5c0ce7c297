package io.tessera.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.config.TesseraConfig.FieldMapping;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.schema.RowBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON lines with a configurable field mapping. A line that is not one JSON object is rejected; an object without
 * the text field is skipped (missing_text); everything else becomes a document.
 */
final class JsonlFormat implements LineFormat {
  private final FieldMapping mapping;

  JsonlFormat(SourceConfig source) {
    this.mapping = source.mapping;
  }

  @Override
  public void parse(String line, RecordContext context, Emitter out) {
    JsonNode record = Json.parseObject(line, out, "a JSON lines record");
    if (record == null) {
      return;
    }
    JsonNode textNode = Json.first(record, mapping.text);
    if (textNode == null) {
      out.skip("missing_text");
      return;
    }
    String body = Json.joinedText(textNode);
    if (body == null) {
      out.reject("bad_field_type", "the text field holds " + textNode.getNodeType().name().toLowerCase());
      return;
    }
    String recordId = Json.text(Json.first(record, mapping.id));
    RowBuilder doc = context.newDocument(recordId != null ? recordId : RecordContext.contentId(line),
        Json.text(Json.first(record, mapping.uri)));
    doc.set("text", body);
    doc.set("title", Json.text(Json.first(record, mapping.title)));
    doc.set("created_at", Timestamps.parse(Json.first(record, mapping.createdAt)));
    String declared = Json.text(Json.first(record, mapping.language));
    if (declared != null) {
      doc.set("lang", Documents.declaredLanguage(declared));
    }
    JsonNode nsfw = Json.first(record, mapping.nsfw);
    doc.set("quality", Documents.quality(body, nsfw == null ? null : nsfw.asBoolean()));
    if (!mapping.metadata.isEmpty()) {
      Map<String, String> meta = new LinkedHashMap<>();
      for (String field : mapping.metadata) {
        JsonNode value = Json.first(record, List.of(field));
        if (value != null) {
          meta.put(field, value.isValueNode() ? value.asText() : value.toString());
        }
      }
      doc.set("metadata", meta);
    }
    out.document(doc.build());
  }
}
