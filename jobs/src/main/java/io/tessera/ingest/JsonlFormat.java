package io.tessera.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tessera.config.TesseraConfig.FieldMapping;
import io.tessera.config.TesseraConfig.SourceConfig;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON lines with a configurable field mapping. A line that is not one JSON object is rejected; an object without
 * the text field is skipped (missing_text); everything else becomes a document.
 */
final class JsonlFormat implements LineFormat {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final List<String[]> id;
  private final List<String[]> text;
  private final List<String[]> title;
  private final List<String[]> createdAt;
  private final List<String[]> language;
  private final List<String[]> nsfw;
  private final List<String[]> uri;
  private final List<String> metadata;

  JsonlFormat(SourceConfig source) {
    FieldMapping m = source.mapping;
    this.id = paths(m.id);
    this.text = paths(m.text);
    this.title = paths(m.title);
    this.createdAt = paths(m.createdAt);
    this.language = paths(m.language);
    this.nsfw = paths(m.nsfw);
    this.uri = paths(m.uri);
    this.metadata = List.copyOf(m.metadata);
  }

  private static List<String[]> paths(List<String> fields) {
    List<String[]> out = new ArrayList<>();
    fields.forEach(f -> out.add(f.split("\\.")));
    return out;
  }

  @Override
  public void parse(String line, RecordContext context, Emitter out) {
    JsonNode record;
    try {
      record = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      out.reject("malformed_json", e.getOriginalMessage());
      return;
    }
    if (record == null || !record.isObject()) {
      out.reject("not_an_object", "a JSON lines record must be an object");
      return;
    }
    JsonNode textNode = first(record, text);
    if (textNode == null) {
      out.skip("missing_text");
      return;
    }
    String body = asText(textNode);
    if (body == null) {
      out.reject("bad_field_type", "the text field holds " + textNode.getNodeType().name().toLowerCase());
      return;
    }
    JsonNode idNode = first(record, id);
    String recordId = idNode != null && idNode.isValueNode() ? idNode.asText() : context.positionalId();
    JsonNode uriNode = first(record, uri);
    RowBuilder doc = context.newDocument(recordId, uriNode == null ? null : uriNode.asText());
    doc.set("text", body);
    doc.set("title", textOrNull(first(record, title)));
    doc.set("created_at", Timestamps.parse(first(record, createdAt)));
    String declared = textOrNull(first(record, language));
    if (declared != null) {
      doc.set("lang", new RowBuilder(Tables.LANG).set("source_declared", declared).build());
    }
    JsonNode nsfwNode = first(record, nsfw);
    doc.set("quality", Documents.quality(body, nsfwNode == null ? null : nsfwNode.asBoolean()));
    if (!metadata.isEmpty()) {
      Map<String, String> meta = new LinkedHashMap<>();
      for (String field : metadata) {
        JsonNode value = first(record, List.<String[]>of(field.split("\\.")));
        if (value != null) {
          meta.put(field, value.isValueNode() ? value.asText() : value.toString());
        }
      }
      doc.set("metadata", meta);
    }
    out.document(doc.build());
  }

  /** The first of the paths that holds a non-null value. */
  private static JsonNode first(JsonNode record, List<String[]> paths) {
    for (String[] path : paths) {
      JsonNode node = record;
      for (String part : path) {
        node = node.isObject() ? node.get(part) : null;
        if (node == null) {
          break;
        }
      }
      if (node != null && !node.isNull()) {
        return node;
      }
    }
    return null;
  }

  private static String textOrNull(JsonNode node) {
    return node == null || !node.isValueNode() ? null : node.asText();
  }

  /** Text from a string, a number, or a list of strings (joined by newlines); null for other shapes. */
  private static String asText(JsonNode node) {
    if (node.isValueNode()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isValueNode()) {
          return null;
        }
        parts.add(item.asText());
      }
      return String.join("\n", parts);
    }
    return null;
  }
}
