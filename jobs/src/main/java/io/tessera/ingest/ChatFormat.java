package io.tessera.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chat JSON lines: OpenAI {@code messages} ({@code role}, {@code content} as text or a list of text parts) and
 * ShareGPT {@code conversations} ({@code from}, {@code value}). Roles are normalised to system, user, assistant.
 */
final class ChatFormat implements LineFormat {
  private static final Map<String, String> ROLES = Map.of(
      "human", "user", "user", "user", "gpt", "assistant", "assistant", "assistant", "bot", "assistant",
      "chatgpt", "assistant", "model", "assistant", "system", "system");

  @Override
  public void parse(String line, RecordContext context, Emitter out) {
    JsonNode r = Json.parse(line, out);
    if (r == null) {
      return;
    }
    JsonNode messages = r.isObject() ? (r.has("messages") ? r.get("messages") : r.get("conversations")) : null;
    if (messages == null || !messages.isArray()) {
      out.reject("not_a_chat", "a chat record needs a 'messages' or 'conversations' list");
      return;
    }
    List<Dialogues.Turn> turns = new ArrayList<>();
    for (JsonNode m : messages) {
      String role = Json.text(Json.first(m, List.of("role", "from")));
      String content = content(Json.first(m, List.of("content", "value")));
      if (role == null || content == null) {
        out.reject("bad_message", "message " + turns.size() + " has no role/from or no text content");
        return;
      }
      String normalized = role.toLowerCase(Locale.ROOT);
      turns.add(new Dialogues.Turn(null, ROLES.getOrDefault(normalized, normalized), content));
    }
    String text = Dialogues.text(turns);
    String id = Json.text(Json.first(r, List.of("id", "conversation_id")));
    RowBuilder doc = context.newDocument(id != null ? id : RecordContext.contentId(line), null);
    doc.set("kind", "dialogue");
    doc.set("text", text);
    String declared = Json.text(Json.first(r, List.of("language", "lang")));
    if (declared != null) {
      doc.set("lang", Documents.declaredLanguage(declared));
    }
    doc.set("dialogue", Dialogues.turns(turns, new RowBuilder(Tables.DIALOGUE)
        .set("generator", Json.text(Json.first(r, List.of("model", "generator", "source"))))));
    doc.set("quality", Documents.quality(text, null));
    out.document(doc.build());
  }

  /** A message's text: a string, or the text parts of a content list. */
  private static String content(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode part : node) {
        String text = part.isTextual() ? part.asText() : Json.text(part, "text");
        if (text != null) {
          parts.add(text);
        }
      }
      return String.join("\n", parts);
    }
    return null;
  }
}
