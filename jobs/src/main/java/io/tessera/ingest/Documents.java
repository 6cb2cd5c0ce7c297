package io.tessera.ingest;

import io.tessera.schema.RowBuilder;
import io.tessera.schema.Tables;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.spark.sql.Row;

/** Helpers every reader uses to fill the documents envelope the same way. */
public final class Documents {
  private Documents() {}

  /** The quality struct's counts, computed from the cleaned text. */
  public static Row quality(String text, Boolean nsfw) {
    return new RowBuilder(Tables.QUALITY)
        .set("char_count", text.codePointCount(0, text.length()))
        .set("word_count", wordCount(text))
        .set("nsfw", nsfw)
        .build();
  }

  /** The lang struct with only the language the source declares; langid fills in the rest. */
  public static Row declaredLanguage(String declared) {
    return new RowBuilder(Tables.LANG).set("source_declared", declared).build();
  }

  /** Social APIs escape their text as HTML (&amp;gt; for a quote marker); null stays null. */
  public static String unescapeHtml(String text) {
    return text == null ? null : StringEscapeUtils.unescapeHtml4(text);
  }

  /** Whitespace-separated tokens, the quality struct's word_count. */
  public static int wordCount(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
