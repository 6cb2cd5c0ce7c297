package io.tessera.ingest;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pseudonymises author names with HMAC-SHA256 under a key from the environment ({@value #KEY_ENV}), so the same
 * author gets the same hash across runs and sources, and nobody without the key can test a guessed name. The key
 * is never logged or written; without it, author_hash stays empty. Raw names are never stored.
 */
final class AuthorHasher implements Serializable {
  static final String KEY_ENV = "TESSERA_AUTHOR_HASH_KEY";
  private static final Logger LOG = LoggerFactory.getLogger(AuthorHasher.class);
  private final byte[] key;
  private transient Mac mac;

  AuthorHasher(byte[] key) {
    this.key = key;
  }

  /** Reads the key on the driver; executors get it inside the task, not from their own environment. */
  static AuthorHasher fromEnvironment() {
    String key = System.getenv(KEY_ENV);
    if (key == null || key.isEmpty()) {
      LOG.warn("{} is not set: author_hash is left empty", KEY_ENV);
      return new AuthorHasher(null);
    }
    return new AuthorHasher(key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What stage fingerprints record of the key: HMAC-SHA256 of a constant under it (128 bits, hex), which tells keys
   * apart without revealing them; "none" without a key.
   */
  static String keyDigest(String key) {
    if (key == null || key.isEmpty()) {
      return "none";
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal("tessera stage fingerprint".getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hex of the first 128 bits of HMAC-SHA256(key, platform:author); null without a key or a real author. */
  String hash(String platform, String author) {
    if (key == null || author == null || author.isBlank() || author.equals("[deleted]") || author.equals("[removed]")) {
      return null;
    }
    try {
      if (mac == null) {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      }
      byte[] digest = mac.doFinal((platform + ":" + author).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "AuthorHasher[key " + (key == null ? "absent" : "present") + "]";
  }
}
