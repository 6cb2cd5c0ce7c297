package io.tessera.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pushshift and Arctic Shift dumps of comments (RC_*) and submissions (RS_*), one JSON object per line. Comments
 * become social_comment, submissions social_post (title, then self text). {@code created_utc} may be an int, a
 * float or a string. Removed or deleted content is skipped with its reason; the subreddit is the community; the
 * author is pseudonymised ({@link AuthorHasher}), never stored.
 */
final class RedditFormat implements LineFormat {
  private static final String DELETED = "[deleted]";
  private static final String REMOVED = "[removed]";
  private final AuthorHasher authors;

  RedditFormat(AuthorHasher authors) {
    this.authors = authors;
  }

  @Override
  public void parse(String line, RecordContext context, Emitter out) {
    JsonNode r = Json.parseObject(line, out, "a Reddit dump line");
    if (r == null) {
      return;
    }
    String id = Json.text(r, "id");
    boolean comment = r.has("body");
    boolean submission = !comment && (r.has("title") || r.has("selftext"));
    if (id == null || (!comment && !submission)) {
      out.reject("not_reddit", "neither a comment (body) nor a submission (title, selftext) with an id");
      return;
    }
    String text;
    String title = null;
    if (comment) {
      text = Documents.unescapeHtml(Json.text(r, "body"));
      if (DELETED.equals(text) || REMOVED.equals(text)) {
        out.skip(DELETED.equals(text) ? "deleted" : "removed");
        return;
      }
    } else {
      title = Documents.unescapeHtml(Json.text(r, "title"));
      String self = Documents.unescapeHtml(Json.text(r, "selftext"));
      boolean selfGone = self == null || self.isBlank() || DELETED.equals(self) || REMOVED.equals(self);
      text = title == null ? self : selfGone ? title : title + "\n\n" + self;
      if (text == null || text.isBlank() || DELETED.equals(text) || REMOVED.equals(text)) {
        out.skip(REMOVED.equals(self) ? "removed" : "deleted");
        return;
      }
    }
    String name = Json.text(r, "name");
    String fullname = name != null ? name : (comment ? "t1_" : "t3_") + id;
    String permalink = Json.text(r, "permalink");
    RowBuilder doc = context.newDocument(fullname,
        permalink == null ? null : "https://www.reddit.com" + permalink);
    doc.set("kind", comment ? "social_comment" : "social_post");
    doc.set("title", title);
    doc.set("text", text);
    doc.set("created_at", Timestamps.parse(Json.at(r, "created_utc")));
    String subreddit = Json.text(r, "subreddit");
    doc.set("social", new RowBuilder(Tables.SOCIAL)
        .set("platform", "reddit")
        .set("community", subreddit)
        .set("author_hash", authors.hash("reddit", Json.text(r, "author")))
        .set("score", Json.longValue(r, "score"))
        .set("parent_id", Json.text(r, "parent_id"))
        .set("thread_id", comment ? Json.text(r, "link_id") : fullname)
        .build());
    doc.set("quality", Documents.quality(text, Json.isTrue(r, "over_18")));
    Map<String, String> meta = new LinkedHashMap<>();
    putIfPresent(meta, "subreddit_id", Json.text(r, "subreddit_id"));
    putIfPresent(meta, "url", comment ? null : Json.text(r, "url"));
    if (!meta.isEmpty()) {
      doc.set("metadata", meta);
    }
    out.document(doc.build());
  }

  private static void putIfPresent(Map<String, String> meta, String key, String value) {
    if (value != null) {
      meta.put(key, value);
    }
  }
}
