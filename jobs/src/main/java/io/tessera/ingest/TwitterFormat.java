package io.tessera.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Twitter/X dumps, one JSON value per line, in either API generation:
 * <ul>
 *   <li>v2 pages as twarc writes them: {@code {"data": [tweets], "includes": {users, tweets, places}}}; long tweets'
 *       {@code note_tweet.text}, retweets resolved to the original's text from {@code includes.tweets}, places'
 *       country codes from {@code includes.places};</li>
 *   <li>single v2 tweets, also twarc's flattened lines (the referenced tweets embedded);</li>
 *   <li>v1.1 objects (streams, timelines, and JSON arrays of them): {@code extended_tweet.full_text} or
 *       {@code full_text} before {@code text}, retweets resolved once to their original's text.</li>
 * </ul>
 * Delete notices and other payloads (limit notices, events, users, counts) are skipped with counted reasons. The
 * declared {@code lang} is kept as a hint; authors are pseudonymised by id.
 */
final class TwitterFormat implements LineFormat {
  private final AuthorHasher authors;

  TwitterFormat(AuthorHasher authors) {
    this.authors = authors;
  }

  @Override
  public void parse(String line, RecordContext context, Emitter out) {
    JsonNode value = Json.parse(line, out);
    if (value == null) {
      return;
    }
    if (value.isArray()) {
      if (value.isEmpty()) {
        out.skip("empty_page");
      }
      for (JsonNode item : value) {
        v1(item, context, out);
      }
    } else if (value.isObject() && value.has("data") && value.get("data").isArray()) {
      v2Page(value, context, out);
    } else if (value.isObject() && value.has("data") && value.get("data").isObject()) {
      v2Tweet(value.get("data"), value.path("includes"), context, out);
    } else if (value.isObject() && (value.has("author_id") || value.has("edit_history_tweet_ids"))) {
      v2Tweet(value, value.path("includes"), context, out);
    } else if (value.isObject()) {
      v1(value, context, out);
    } else {
      out.reject("not_an_object", "a tweet line must hold an object or an array");
    }
  }

  private void v2Page(JsonNode page, RecordContext context, Emitter out) {
    JsonNode includes = page.path("includes");
    if (page.get("data").isEmpty()) {
      out.skip("empty_page");
    }
    for (JsonNode tweet : page.get("data")) {
      v2Tweet(tweet, includes, context, out);
    }
  }

  private void v2Tweet(JsonNode tweet, JsonNode includes, RecordContext context, Emitter out) {
    String id = Json.text(tweet, "id");
    String text = Json.text(Json.first(tweet, List.of("note_tweet.text", "text")));
    if (id == null || text == null) {
      out.skip("not_a_tweet");
      return;
    }
    Map<String, JsonNode> includedTweets = index(includes.path("tweets"));
    String retweetOf = null;
    for (JsonNode ref : tweet.path("referenced_tweets")) {
      if ("retweeted".equals(Json.text(ref, "type"))) {
        retweetOf = Json.text(ref, "id");
        // twarc's flattened lines embed the referenced tweet in the reference itself.
        JsonNode original = includedTweets.getOrDefault(retweetOf, ref.has("text") ? ref : null);
        if (original != null) {
          text = Json.text(Json.first(original, List.of("note_tweet.text", "text")));
        }
      }
    }
    String placeId = Json.text(tweet, "geo.place_id");
    JsonNode place = placeId == null ? null : index(includes.path("places")).get(placeId);
    emit(context, out, id, text, Json.text(tweet, "created_at"), Json.text(tweet, "lang"),
        Json.text(tweet, "author_id"), Json.text(tweet, "conversation_id"), replyTo(tweet),
        place == null ? null : Json.text(place, "country_code"), retweetOf,
        Json.longValue(tweet, "public_metrics.like_count"), Json.isTrue(tweet, "possibly_sensitive"));
  }

  private void v1(JsonNode tweet, RecordContext context, Emitter out) {
    if (!tweet.isObject()) {
      out.reject("not_an_object", "a v1.1 tweet must be an object");
      return;
    }
    if (tweet.has("delete") || tweet.has("status_withheld") || tweet.has("scrub_geo")) {
      out.skip("delete_notice");
      return;
    }
    String id = Json.text(Json.first(tweet, List.of("id_str", "id")));
    JsonNode source = tweet.hasNonNull("retweeted_status") ? tweet.get("retweeted_status") : tweet;
    String text = Json.text(Json.first(source, List.of("extended_tweet.full_text", "full_text", "text")));
    if (id == null || text == null || !tweet.has("created_at")) {
      out.skip("not_a_tweet");
      return;
    }
    String retweetOf = source == tweet ? null : Json.text(Json.first(source, List.of("id_str", "id")));
    emit(context, out, id, text, Json.text(tweet, "created_at"), Json.text(tweet, "lang"),
        Json.text(Json.first(tweet, List.of("user.id_str", "user.id"))), null,
        Json.text(tweet, "in_reply_to_status_id_str"), Json.text(tweet, "place.country_code"), retweetOf,
        Json.longValue(tweet, "favorite_count"), Json.isTrue(tweet, "possibly_sensitive"));
  }

  private void emit(RecordContext context, Emitter out, String id, String text, String createdAt, String lang,
      String authorId, String conversationId, String parentId, String placeCountry, String retweetOf, Long score,
      boolean sensitive) {
    String clean = Documents.unescapeHtml(text);
    RowBuilder doc = context.newDocument(id, "https://x.com/i/web/status/" + id);
    doc.set("kind", "social_post");
    doc.set("text", clean);
    doc.set("created_at", Timestamps.parse(createdAt));
    if (lang != null) {
      doc.set("lang", Documents.declaredLanguage(lang));
    }
    doc.set("social", new RowBuilder(Tables.SOCIAL)
        .set("platform", "twitter")
        .set("author_hash", authors.hash("twitter", authorId))
        .set("score", score)
        .set("parent_id", parentId)
        .set("thread_id", conversationId != null ? conversationId : retweetOf != null ? retweetOf : id)
        .set("place_country", placeCountry)
        .build());
    doc.set("quality", Documents.quality(clean, sensitive ? Boolean.TRUE : null));
    if (retweetOf != null) {
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("retweet_of", retweetOf);
      doc.set("metadata", meta);
    }
    out.document(doc.build());
  }

  private static String replyTo(JsonNode tweet) {
    for (JsonNode ref : tweet.path("referenced_tweets")) {
      if ("replied_to".equals(Json.text(ref, "type"))) {
        return Json.text(ref, "id");
      }
    }
    return null;
  }

  private static Map<String, JsonNode> index(JsonNode items) {
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode item : items) {
      String id = Json.text(item, "id");
      if (id != null) {
        byId.put(id, item);
      }
    }
    return byId;
  }
}
