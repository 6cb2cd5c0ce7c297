package io.tessera.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/** What ingest does with personal data in a source's text ({@code sources[].pii}); docs/pii.md. */
public enum PiiPolicy {
  /** Replace each span by its typed placeholder and count it in quality.pii_count. */
  @JsonProperty("redact") REDACT,
  /** Count the spans in quality.pii_count; the text stays as it is. */
  @JsonProperty("count") COUNT,
  /** Neither look nor replace: quality.pii_count is null. */
  @JsonProperty("keep") KEEP;

  /** Readers of social media, whose posts are redacted unless the source says otherwise. */
  public static final Set<String> SOCIAL_READERS = Set.of("reddit", "twitter");

  /** The default: redact social sources (a social reader, or a social_* kind), count in the others. */
  public static PiiPolicy defaultFor(String format, TesseraConfig.Kind kind) {
    boolean social = SOCIAL_READERS.contains(format) || kind == TesseraConfig.Kind.SOCIAL_POST
        || kind == TesseraConfig.Kind.SOCIAL_COMMENT;
    return social ? REDACT : COUNT;
  }
}
