package io.tessera.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over text parts, as hex: doc ids, exact-duplicate hashes and stage fingerprints use it alike. */
public final class Hashes {
  private Hashes() {}

  /** Hex of the first {@code bytes} bytes of SHA-256 over the parts, separated by a NUL byte. */
  public static String sha256Hex(int bytes, String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          sha.update((byte) 0);
        }
        sha.update(parts[i].getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
