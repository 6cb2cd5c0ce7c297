package io.tessera.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/** JSON parsing and field access shared by the JSON readers; one mapper per JVM. */
final class Json {
  /** Strict: one value per record, trailing garbage is an error; nesting bounded against hostile input. */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
  }

  private Json() {}

  /** Parses one record; on failure emits a malformed_json reject and returns null. */
  static JsonNode parse(String record, Emitter out) {
    try {
      return MAPPER.readTree(record);
    } catch (JsonProcessingException e) {
      out.reject("malformed_json", e.getOriginalMessage());
      return null;
    }
  }

  /** Parses a record that must be one JSON object; otherwise emits the reject and returns null. */
  static JsonNode parseObject(String record, Emitter out, String what) {
    JsonNode node = parse(record, out);
    if (node != null && !node.isObject()) {
      out.reject("not_an_object", what + " must be a JSON object");
      return null;
    }
    return node;
  }

  /** The node at a dotted path, or null when absent or JSON null. */
  static JsonNode at(JsonNode node, String path) {
    JsonNode current = node;
    for (String part : path.split("\\.")) {
      current = current != null && current.isObject() ? current.get(part) : null;
      if (current == null) {
        return null;
      }
    }
    return current.isNull() ? null : current;
  }

  /** The first of the paths that holds a non-null value. */
  static JsonNode first(JsonNode node, List<String> paths) {
    for (String path : paths) {
      JsonNode value = at(node, path);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** A scalar as text; null for absent, null, objects and arrays. */
  static String text(JsonNode node) {
    return node == null || !node.isValueNode() ? null : node.asText();
  }

  static String text(JsonNode node, String path) {
    return text(at(node, path));
  }

  static Long longValue(JsonNode node, String path) {
    JsonNode value = at(node, path);
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return value.asLong();
    }
    try {
      return value.isTextual() ? Long.parseLong(value.asText().trim()) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean isTrue(JsonNode node, String path) {
    JsonNode value = at(node, path);
    return value != null && (value.isBoolean() ? value.asBoolean() : "true".equalsIgnoreCase(value.asText()));
  }

  /** Text from a string, a number, or a list of scalars (joined by newlines); null for other shapes. */
  static String joinedText(JsonNode node) {
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
